import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineRule } from '../../server/src/engine/rule.ts';
import { HARDENED_POD, PRIVILEGED_POD, run, TEST_RULES, workspace } from './helpers.ts';

async function scannedPaths(args: string[], cwd: string): Promise<string[]> {
  const result = await run(['scan', '--format', 'json', ...args], { cwd });
  return JSON.parse(result.stdout).files.map((file: { path: string }) => file.path);
}

test('folders are walked for *.yaml and *.yml, skipping .git and node_modules', async () => {
  const cwd = workspace({
    'a.yaml': HARDENED_POD,
    'b.yml': HARDENED_POD,
    'c.json': '{}',
    'README.md': '# no',
    'nested/deeper/d.YAML': HARDENED_POD,
    '.git/config.yaml': HARDENED_POD,
    'node_modules/pkg/e.yaml': HARDENED_POD,
  });
  assert.deepEqual(await scannedPaths([], cwd), ['a.yaml', 'b.yml', 'nested/deeper/d.YAML']);
  assert.deepEqual(await scannedPaths(['c.json'], cwd), ['c.json'], 'a file named explicitly is checked whatever its extension');
});

test('exclude globs match relative to the config file folder', async () => {
  const cwd = workspace({
    '.kube-hardener.yaml': 'exclude: ["charts/**", "**/*.generated.yaml", "one?.yaml"]\n',
    'charts/app/pod.yaml': PRIVILEGED_POD,
    'deploy/pod.generated.yaml': PRIVILEGED_POD,
    'pod.generated.yaml': PRIVILEGED_POD,
    'one1.yaml': PRIVILEGED_POD,
    'one10.yaml': HARDENED_POD,
    'deploy/pod.yaml': HARDENED_POD,
    'deploy/charts/pod.yaml': HARDENED_POD,
  });
  assert.deepEqual(await scannedPaths([], cwd), ['deploy/charts/pod.yaml', 'deploy/pod.yaml', 'one10.yaml']);
  assert.deepEqual(await scannedPaths(['deploy'], `${cwd}`), ['deploy/charts/pod.yaml', 'deploy/pod.yaml']);
  assert.deepEqual(await scannedPaths(['.'], `${cwd}/deploy`), ['charts/pod.yaml', 'pod.yaml'], 'patterns stay anchored at the config folder');
  assert.equal((await run(['scan'], { cwd })).code, 0);
});

test('a file named on the command line that exclude matches is reported as skipped, in every format', async () => {
  const cwd = workspace({
    '.kube-hardener.yaml': 'exclude: ["charts/**", "**/*.generated.yaml"]\n',
    'charts/app/pod.yaml': PRIVILEGED_POD,
    'pod.generated.yaml': PRIVILEGED_POD,
    'pod.yaml': HARDENED_POD,
  });
  const named = ['charts/app/pod.yaml', 'pod.generated.yaml', 'pod.yaml'];
  const json = await run(['scan', '--format', 'json', ...named], { cwd });
  assert.equal(json.code, 0, 'excluded files are not checked');
  assert.deepEqual(JSON.parse(json.stdout).files, [
    { path: 'charts/app/pod.yaml', findings: [], skipped: "excluded by the config's exclude pattern charts/**" },
    { path: 'pod.generated.yaml', findings: [], skipped: "excluded by the config's exclude pattern **/*.generated.yaml" },
    { path: 'pod.yaml', findings: [] },
  ]);
  const stylish = await run(['scan', ...named], { cwd });
  assert.match(stylish.stdout, /charts\/app\/pod\.yaml\n {2}skipped: excluded by the config's exclude pattern charts\/\*\*\n/);
  assert.match(stylish.stdout, /no problems in 1 file checked\n2 files skipped\n$/);
  const sarif = JSON.parse((await run(['scan', '--format', 'sarif', ...named], { cwd })).stdout);
  assert.deepEqual(
    sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text),
    ["skipped: excluded by the config's exclude pattern charts/**", "skipped: excluded by the config's exclude pattern **/*.generated.yaml"],
  );
  assert.deepEqual(await scannedPaths(['.'], cwd), ['pod.yaml'], 'excluded files found by walking a folder stay silent');
});

test('binary, non-UTF-8, empty, Helm template and oversized files are skipped with a reason', async () => {
  const cwd = workspace({
    'binary.yaml': new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x01]),
    'latin1.yaml': new Uint8Array([...Buffer.from('metadata:\n  name: caf'), 0xe9, 0x0a]),
    'empty.yaml': '  \n',
    'chart/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    'big.yaml': `# ${'x'.repeat(21 * 1024 * 1024)}\n`,
  });
  const result = await run(['scan', '--format', 'json'], { cwd });
  assert.equal(result.code, 0);
  const skipped = Object.fromEntries(JSON.parse(result.stdout).files.map((file: { path: string; skipped: string }) => [file.path, file.skipped]));
  assert.equal(skipped['binary.yaml'], 'binary file');
  assert.match(skipped['latin1.yaml'], /not UTF-8/);
  assert.equal(skipped['empty.yaml'], 'empty file');
  assert.match(skipped['chart/templates/deploy.yaml'], /Helm/);
  assert.match(skipped['big.yaml'], /larger than 20 MB/);
  const stylish = await run(['scan'], { cwd });
  assert.match(stylish.stdout, /binary\.yaml\n {2}skipped: binary file/);
  assert.match(stylish.stdout, /5 files skipped/);
});

test('"-" reads standard input, shown as <stdin>', async () => {
  const cwd = workspace({ 'good.yaml': HARDENED_POD });
  const result = await run(['scan', '--format', 'json', 'good.yaml', '-'], { cwd, stdin: PRIVILEGED_POD });
  assert.equal(result.code, 1);
  const files = JSON.parse(result.stdout).files;
  assert.deepEqual(files.map((file: { path: string }) => file.path), ['good.yaml', '<stdin>']);
  assert.equal(files[1].findings[0].line, 10);
  const binary = await run(['scan', '--format', 'json', '-'], { cwd, stdin: new Uint8Array([0xff, 0xfe, 0x41]) });
  assert.match(JSON.parse(binary.stdout).files[0].skipped, /not UTF-8/);
});

test('the nearest .kube-hardener.yaml at or above the first path is used; --config names another; flags win', async () => {
  const cwd = workspace({
    'team/.kube-hardener.yaml': 'rules:\n  privileged-container: off\n',
    'team/apps/pod.yaml': PRIVILEGED_POD,
    'strict.yaml': 'rules:\n  privileged-container: {severity: error}\n',
    'pod.yaml': PRIVILEGED_POD,
  });
  assert.equal((await run(['scan', 'team/apps/pod.yaml'], { cwd })).code, 0, 'found above the file');
  assert.equal((await run(['scan', 'team'], { cwd })).code, 0, 'found in the folder');
  assert.equal((await run(['scan', '.'], { cwd: `${cwd}/team/apps` })).code, 0, 'found above the working folder');
  assert.equal((await run(['scan', 'pod.yaml'], { cwd })).code, 1, 'not used for paths outside its folder');
  assert.equal((await run(['scan', '--config', 'strict.yaml', 'team/apps/pod.yaml'], { cwd })).code, 1, '--config replaces the nearest file');
  assert.equal((await run(['scan', '--rule', 'privileged-container=error', 'team/apps/pod.yaml'], { cwd })).code, 1, 'a flag wins over the file');
});

test('a bad config file exits 2 with a one-line reason naming the file and the key', async () => {
  const cases: [string, RegExp][] = [
    ['profle: baseline\n', /^kube-hardener: \.kube-hardener\.yaml: profle: unknown key/],
    ['rules:\n  no-such-rule: off\n', /rules\.no-such-rule: unknown rule ID/],
    ['rules:\n  privileged-container: loud\n', /rules\.privileged-container: must be one of error, warning, info, hint, off/],
    ['rules:\n  privileged-container: {allowed: true}\n', /rules\.privileged-container\.allowed: unknown option/],
    ['suppressions:\n  allow: maybe\n', /suppressions\.allow: must be true or false/],
    ['rbac:\n  expectations: ["nobody can do anything"]\n', /rbac\.expectations:/],
    ['kubernetesVersion: latest\n', /kubernetesVersion: must look like/],
    ['kubernetesVersion: 1.30\n', /kubernetesVersion: must be quoted, as in kubernetesVersion: "1\.30": YAML read the unquoted value as the number 1\.3 /],
    ['kubernetesVersion: "1.15"\n', /kubernetesVersion: "1\.15" is older than 1\.16/],
    ['profile: [unclosed\n', /\.kube-hardener\.yaml: cannot read/],
  ];
  for (const [config, pattern] of cases) {
    const cwd = workspace({ '.kube-hardener.yaml': config, 'pod.yaml': HARDENED_POD });
    const result = await run(['scan'], { cwd });
    assert.equal(result.code, 2, config);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  }
});

test('cross-file rules see every scanned file through the workspace index, namespaces defaulted from config', async () => {
  const needsPolicy = defineRule({
    ...TEST_RULES[0],
    id: 'test-needs-policy',
    kinds: ['Pod'],
    scope: 'cross-file',
    fixable: false,
    check(ctx) {
      const namespace = ctx.object.namespace ?? ctx.config.defaultNamespace;
      const policies = ctx.index.ofKind('NetworkPolicy').filter((policy) => policy.namespace === namespace);
      if (policies.length === 0) ctx.report({ message: `no NetworkPolicy in namespace ${namespace}` });
    },
  });
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n';
  const cwd = workspace({ 'pod.yaml': HARDENED_POD, 'policy.yaml': policy, '.kube-hardener.yaml': 'defaultNamespace: shop\n' });
  const rules = [needsPolicy];
  assert.equal((await run(['scan', 'pod.yaml', 'policy.yaml'], { cwd, rules })).code, 0);
  const alone = await run(['scan', '--format', 'json', 'pod.yaml'], { cwd, rules });
  assert.deepEqual(JSON.parse(alone.stdout).files.map((file: { path: string }) => file.path), ['pod.yaml'], 'context files are read, not reported');
  assert.deepEqual(JSON.parse(alone.stdout).files[0].findings, [], 'a file named alone sees the rest of its project (the folder of .kube-hardener.yaml)');
  const noContext = await run(['scan', '--format', 'json', '--no-context', 'pod.yaml'], { cwd, rules });
  assert.equal(JSON.parse(noContext.stdout).files[0].findings[0].message, 'no NetworkPolicy in namespace shop');
});

test('a file named alone inside a git checkout is judged with the rest of the checkout, a named folder is its own workspace', async () => {
  const needsPolicy = defineRule({
    ...TEST_RULES[0],
    id: 'test-needs-policy',
    kinds: ['Pod'],
    scope: 'cross-file',
    fixable: false,
    check(ctx) {
      if (ctx.index.ofKind('NetworkPolicy').length === 0) ctx.report({ message: 'no NetworkPolicy' });
    },
  });
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n';
  const cwd = workspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'apps/pod.yaml': HARDENED_POD, 'policies/policy.yaml': policy });
  const rules = [needsPolicy];
  const findingsOf = async (args: string[]) => JSON.parse((await run(['scan', '--format', 'json', ...args], { cwd, rules })).stdout).files.flatMap((file: { findings: unknown[] }) => file.findings);
  assert.equal((await findingsOf(['apps/pod.yaml'])).length, 0);
  assert.equal((await findingsOf(['apps'])).length, 1, 'a named folder is the workspace');
  assert.equal((await findingsOf(['--no-context', 'apps/pod.yaml'])).length, 1);
});
