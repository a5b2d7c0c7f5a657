import { defineRule, RuleContext } from '../../engine/rule.ts';
import { isAtLeast } from '../../engine/versions.ts';
import { FlagSource, flagSourcesOf, flagTarget, isTrueFlag, kindsOf, resolveFlag, setFlagFix } from '../../control-plane/flags.ts';
import { staticPodExample } from './doc-examples.ts';

export default defineRule({
  id: 'apiserver-insecure-flags',
  title: 'API server flags with insecure values',
  category: 'control-plane',
  severity: 'error',
  scope: 'control-plane',
  kinds: kindsOf('kube-apiserver'),
  fixable: true,
  docs: {
    description:
      'Flags a kube-apiserver (static pod, RKE2 pod, `sh -c` command, any workload running the binary, or a kubeadm ' +
      'ClusterConfiguration) whose `--anonymous-auth` is not false (default true), whose `--profiling` is not false (default ' +
      'true), whose `--authorization-mode` contains AlwaysAllow or lacks RBAC (default AlwaysAllow), or, before Kubernetes ' +
      '1.20, whose `--insecure-port` is not 0 (default 8080).',
    rationale:
      'Anonymous requests reach every endpoint RBAC grants to `system:unauthenticated`, and one careless binding opens the ' +
      'cluster to the internet. AlwaysAllow lets every authenticated user do everything. The insecure port served the whole API ' +
      'without authentication or authorization. Profiling exposes `/debug/pprof`, which leaks internals and can be used to ' +
      'exhaust the server.',
    incorrect: staticPodExample('kube-apiserver', ['--authorization-mode=AlwaysAllow']),
    correct: staticPodExample('kube-apiserver', ['--anonymous-auth=false', '--authorization-mode=Node,RBAC', '--profiling=false']),
    fix:
      'Sets the flag to its secure value in the list\'s own style (`--x=y` or two items, same quoting; a kubeadm `extraArgs` ' +
      'map entry or `{name, value}` item). `--profiling=false` and `--insecure-port=0` are safe when the flag was absent. ' +
      '`--anonymous-auth=false` is always unsafe: kubeadm\'s liveness and readiness probes call `/livez` and `/readyz` ' +
      'anonymously. The authorization fix (AlwaysAllow removed, RBAC added, `Node,RBAC` when nothing is left) is unsafe: ' +
      'requests that no Role grants start to fail.',
    references: [
      'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/',
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
      'CIS Kubernetes Benchmark 1.2.1 (anonymous-auth), 1.2.6-1.2.8 (authorization-mode), 1.2.15 (profiling)',
    ],
    notes:
      'Absent flags are judged by the default of the binary for the configured `kubernetesVersion` (`--insecure-port` is only ' +
      'judged before 1.20: from 1.20 the API server refuses any other value than 0, and 1.24 removed the flag). A kubeadm ' +
      'ClusterConfiguration is judged with what kubeadm writes (`--authorization-mode=Node,RBAC`). With ' +
      '`--authentication-config` (anonymous auth configured in that file) or `--authorization-config` (authorizers in that ' +
      'file), the flag that file replaces is not judged.',
  },
  check(ctx) {
    for (const source of flagSourcesOf(ctx.object, 'kube-apiserver')) {
      checkBoolean(ctx, source, 'anonymous-auth', 'anonymous requests are accepted', false);
      checkBoolean(ctx, source, 'profiling', 'profiling is exposed at /debug/pprof', undefined);
      checkAuthorization(ctx, source);
      checkInsecurePort(ctx, source);
    }
  },
});

function checkBoolean(ctx: RuleContext, source: FlagSource, name: string, consequence: string, safe: boolean | undefined): void {
  const flag = resolveFlag(source, name, ctx.config.kubernetesVersion);
  if (!flag.known || !isTrueFlag(flag.value)) return;
  const fix = setFlagFix(source, name, 'false', ctx.editor(), safe);
  ctx.report({
    ...flagTarget(source, name),
    message: `kube-apiserver (${source.where}): ${consequence}, --${name} is ${flag.defaulted ? 'not set (default true)' : `"${flag.value}"`}`,
    fixes: fix ? [fix] : [],
  });
}

function checkAuthorization(ctx: RuleContext, source: FlagSource): void {
  const flag = resolveFlag(source, 'authorization-mode', ctx.config.kubernetesVersion);
  if (!flag.known || flag.value === undefined) return;
  const modes = flag.value.split(',').map((mode) => mode.trim()).filter(Boolean);
  const alwaysAllow = modes.includes('AlwaysAllow');
  if (!alwaysAllow && modes.includes('RBAC')) return;
  const secure = modes.filter((mode) => mode !== 'AlwaysAllow');
  const fixed = secure.length === 0 ? ['Node', 'RBAC'] : secure.includes('RBAC') ? secure : [...secure, 'RBAC'];
  const fix = setFlagFix(source, 'authorization-mode', fixed.join(','), ctx.editor(), false);
  const shown = flag.defaulted ? 'not set (default AlwaysAllow)' : `"${flag.value}"`;
  ctx.report({
    ...flagTarget(source, 'authorization-mode'),
    message: alwaysAllow
      ? `kube-apiserver (${source.where}) authorizes every request: --authorization-mode is ${shown}`
      : `kube-apiserver (${source.where}) does not use RBAC: --authorization-mode is ${shown}`,
    fixes: fix ? [fix] : [],
  });
}

function checkInsecurePort(ctx: RuleContext, source: FlagSource): void {
  if (isAtLeast(ctx.config.kubernetesVersion, 1, 20)) return;
  const flag = resolveFlag(source, 'insecure-port', ctx.config.kubernetesVersion);
  if (!flag.known || flag.value?.trim() === '0') return;
  const fix = setFlagFix(source, 'insecure-port', '0', ctx.editor());
  ctx.report({
    ...flagTarget(source, 'insecure-port'),
    message: `kube-apiserver (${source.where}) serves the API without authentication on the insecure port: --insecure-port is ${flag.defaulted ? 'not set (default 8080)' : `"${flag.value}"`}`,
    fixes: fix ? [fix] : [],
  });
}
