import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, kubernetesVersionProblem, loadConfigFile, OLDEST_KUBERNETES_VERSION, resolveConfig, validateUserConfig } from '../../server/src/engine/config.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { LATEST_KUBERNETES_VERSION } from '../../server/src/engine/versions.ts';
import { restrictedVolumeTypes, safeSysctls } from '../../server/src/rules/pod-security/pss-data.ts';

/** The example `.kube-hardener.yaml` of the rule catalog (RULES.md), word for word. */
const CATALOG_EXAMPLE = `profile: restricted              # or baseline
kubernetesVersion: "1.33"        # version-dependent data: sysctls, API removals
defaultNamespace: default        # for objects with no namespace (kustomization.yaml namespace: wins)
rules:
  default-namespace: off         # a rule's severity (error|warning|info|hint) or off ...
  host-port:                     # ... or a mapping with severity and the rule's own options
    severity: warning
    allowedPorts: [80, 443]
  image-mutable-tag: {requireDigest: false}
  image-untrusted-registry: {allowedRegistries: [registry.example.com, quay.io/prometheus]}
  unsandboxed-untrusted-workload:
    runtimeClassName: gvisor
    untrusted:
      namespaces: [ci-runners]
      images: ["ghcr.io/community-plugins/*"]
      labels: {sandbox.example.com/trust: untrusted}
suppressions:
  allow: true                    # false: comment and annotation suppressions are ignored (strict CI)
  requireReason: false
rbac:
  expectations:                  # checked by rbac-expectation-violated; sentence or mapping form
    - ServiceAccount ci/deployer cannot create pods
    - Group dev can get pods in namespace dev
    - {subject: "ServiceAccount ci/deployer", cannot: ["get secrets"], namespace: ci}
exclude: ["charts/**", "**/*.generated.yaml"]
`;

const folder = mkdtempSync(join(tmpdir(), 'kube-hardener-config-'));
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
let written = 0;

function writeConfig(text: string): string {
  const path = join(folder, `${written++}`, '.kube-hardener.yaml');
  mkdirSync(dirname(path));
  writeFileSync(path, text);
  return path;
}

test('every key of the catalog example validates and resolves', () => {
  const config = resolveConfig(ALL_RULES, loadConfigFile(writeConfig(CATALOG_EXAMPLE), ALL_RULES));
  assert.equal(config.profile, 'restricted');
  assert.equal(config.kubernetesVersion, '1.33');
  assert.equal(config.defaultNamespace, 'default');
  assert.equal(config.rules.get('default-namespace')!.enabled, false, 'an unquoted off (false in YAML 1.1) turns the rule off');
  assert.deepEqual(config.rules.get('host-port'), { enabled: true, severity: 'warning', options: { ...config.rules.get('host-port')!.options, allowedPorts: [80, 443] } });
  assert.equal(config.rules.get('image-mutable-tag')!.options.requireDigest, false);
  assert.deepEqual(config.rules.get('image-untrusted-registry')!.options.allowedRegistries, ['registry.example.com', 'quay.io/prometheus']);
  const sandbox = config.rules.get('unsandboxed-untrusted-workload')!.options;
  assert.equal(sandbox.runtimeClassName, 'gvisor');
  assert.deepEqual(sandbox.untrusted, { namespaces: ['ci-runners'], images: ['ghcr.io/community-plugins/*'], labels: { 'sandbox.example.com/trust': 'untrusted' } });
  assert.deepEqual(config.suppressions, { allow: true, requireReason: false });
  assert.deepEqual(
    config.rbacExpectations.map((expectation) => `${expectation.subject.kind} ${expectation.allowed ? 'can' : 'cannot'} ${expectation.verb} ${expectation.resource} ${expectation.namespace ?? '*'}`),
    ['ServiceAccount cannot create pods *', 'Group can get pods dev', 'ServiceAccount cannot get secrets ci'],
  );
  assert.deepEqual(config.exclude, ['charts/**', '**/*.generated.yaml']);
});

test('severity off is accepted in every spelling', () => {
  for (const text of ['rules:\n  privileged-container: off\n', 'rules:\n  privileged-container: "off"\n', 'rules:\n  privileged-container: {severity: off}\n']) {
    const config = resolveConfig(ALL_RULES, validateUserConfig(parse(text, { version: '1.1' }), ALL_RULES));
    assert.equal(config.rules.get('privileged-container')!.enabled, false, text);
  }
});

test('a bad configuration throws a ConfigError naming the key', () => {
  const cases: [unknown, string][] = [
    [{ profle: 'baseline' }, 'profle'],
    [{ profile: 'strict' }, 'profile'],
    [{ kubernetesVersion: 'latest' }, 'kubernetesVersion'],
    [{ kubernetesVersion: ['1.30'] }, 'kubernetesVersion'],
    [{ defaultNamespace: 7 }, 'defaultNamespace'],
    [{ rules: { 'privileged-container': 'fatal' } }, 'rules.privileged-container'],
    [{ rules: { 'privileged-container': { severity: 'fatal' } } }, 'rules.privileged-container.severity'],
    [{ rules: { 'privileged-container': 3 } }, 'rules.privileged-container'],
    [{ rules: { 'no-such-rule': 'off' } }, 'rules.no-such-rule'],
    [{ rules: { 'privileged-container': { allowed: true } } }, 'rules.privileged-container.allowed'],
    [{ rules: { 'host-port': { allowedPorts: '80' } } }, 'rules.host-port.allowedPorts'],
    [{ rules: { 'image-mutable-tag': { requireDigest: 'yes please' } } }, 'rules.image-mutable-tag.requireDigest'],
    [{ suppressions: { allow: 'maybe' } }, 'suppressions.allow'],
    [{ suppressions: { strict: true } }, 'suppressions.strict'],
    [{ rbac: { expectations: ['ServiceAccount deployer cannot create pods'] } }, 'rbac.expectations'],
    [{ rbac: { expectations: ['Robot r2 can fly'] } }, 'rbac.expectations'],
    [{ rbac: { expectations: [{ subject: 'Group dev', may: ['get pods'] }] } }, 'rbac.expectations'],
    [{ rbac: { expect: [] } }, 'rbac.expect'],
    [{ exclude: 'charts/**' }, 'exclude'],
    [['a list'], '(root)'],
  ];
  for (const [raw, key] of cases) {
    assert.throws(
      () => validateUserConfig(raw, ALL_RULES),
      (error: unknown) => error instanceof ConfigError && error.key === key && error.message.includes(key),
      `expected a ConfigError naming ${key} for ${JSON.stringify(raw)}`,
    );
  }
});

test('kubernetesVersion: an unquoted number is an error with the quoting hint; too old is an error; newer than known is the latest', () => {
  const unquoted = writeConfig('kubernetesVersion: 1.30\n');
  assert.throws(
    () => loadConfigFile(unquoted, ALL_RULES),
    (error: unknown) => error instanceof ConfigError && error.key === 'kubernetesVersion' && error.message.includes('kubernetesVersion: "1.30"') && error.message.includes('number 1.3'),
  );
  for (const old of ['1.15', '1.0', '0.99']) {
    assert.throws(
      () => validateUserConfig({ kubernetesVersion: old }, ALL_RULES),
      (error: unknown) => error instanceof ConfigError && error.key === 'kubernetesVersion' && error.message.includes(`older than ${OLDEST_KUBERNETES_VERSION}`),
      old,
    );
  }
  for (const version of [OLDEST_KUBERNETES_VERSION, '1.30', 'v1.31.2', LATEST_KUBERNETES_VERSION, '1.99', '2.0']) {
    assert.equal(resolveConfig(ALL_RULES, validateUserConfig({ kubernetesVersion: version }, ALL_RULES)).kubernetesVersion, version);
  }
  const newest = resolveConfig(ALL_RULES, loadConfigFile(writeConfig('kubernetesVersion: "1.99"\n'), ALL_RULES)).kubernetesVersion;
  assert.deepEqual(safeSysctls(newest), safeSysctls(LATEST_KUBERNETES_VERSION), 'a newer release is judged as the latest known');
  assert.deepEqual(restrictedVolumeTypes(newest), restrictedVolumeTypes(LATEST_KUBERNETES_VERSION));
  assert.equal(kubernetesVersionProblem('1.99'), undefined);
});

test('a config file error names the file; unreadable YAML is a ConfigError too', () => {
  const bad = writeConfig('profile: baseline\nprofle: restricted\n');
  assert.throws(() => loadConfigFile(bad, ALL_RULES), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${bad}: profle:`));
  const broken = writeConfig('rules: [unclosed\n');
  assert.throws(() => loadConfigFile(broken, ALL_RULES), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${broken}: cannot read`));
});
