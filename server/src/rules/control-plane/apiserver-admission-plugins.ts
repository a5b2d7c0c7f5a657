import { defineRule, RuleContext } from '../../engine/rule.ts';
import { FlagSource, flagSourcesOf, flagTarget, kindsOf, resolveFlag, setFlagFix } from '../../control-plane/flags.ts';
import { staticPodExample } from './doc-examples.ts';

export default defineRule({
  id: 'apiserver-admission-plugins',
  title: 'API server without NodeRestriction, or with AlwaysAdmit',
  category: 'control-plane',
  severity: 'error',
  scope: 'control-plane',
  kinds: kindsOf('kube-apiserver'),
  fixable: true,
  docs: {
    description:
      'Flags a kube-apiserver (or kubeadm ClusterConfiguration) whose `--enable-admission-plugins` lacks NodeRestriction ' +
      '(it is not among the plugins on by default), whose `--disable-admission-plugins` names it, or that enables the ' +
      'deprecated AlwaysAdmit plugin.',
    rationale:
      'Without NodeRestriction a kubelet may modify any Node object and any pod bound to another node: one compromised node ' +
      'relabels the others to attract sensitive workloads, or taints them away. AlwaysAdmit accepts every request, whatever ' +
      'the other admission plugins (Pod Security included) would have refused.',
    incorrect: staticPodExample('kube-apiserver', ['--enable-admission-plugins=AlwaysAdmit']),
    correct: staticPodExample('kube-apiserver', ['--enable-admission-plugins=NodeRestriction']),
    fix:
      'Adds NodeRestriction to `--enable-admission-plugins` (or the flag itself) in the list\'s own style; unsafe, because ' +
      'kubelets that label or annotate other nodes start to be refused. AlwaysAdmit and the disable list have no fix: remove ' +
      'them by hand.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwaysadmit',
      'CIS Kubernetes Benchmark 1.2.9 (AlwaysAdmit), 1.2.14 (NodeRestriction)',
    ],
    notes:
      'Not in the RULES.md catalog: a CIS Benchmark check judged from the same flags (issue #10). kubeadm writes ' +
      '`--enable-admission-plugins=NodeRestriction` itself, but an `extraArgs` entry for that flag replaces the whole list: ' +
      'a ClusterConfiguration that enables another plugin there loses NodeRestriction, and is flagged.',
  },
  check(ctx) {
    for (const source of flagSourcesOf(ctx.object, 'kube-apiserver')) checkPlugins(ctx, source);
  },
});

function pluginList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((plugin) => plugin.trim()).filter(Boolean);
}

function checkPlugins(ctx: RuleContext, source: FlagSource): void {
  const version = ctx.config.kubernetesVersion;
  const enable = resolveFlag(source, 'enable-admission-plugins', version);
  const disable = resolveFlag(source, 'disable-admission-plugins', version);
  const enabled = pluginList(enable.value);
  if (enabled.includes('AlwaysAdmit')) {
    ctx.report({ ...flagTarget(source, 'enable-admission-plugins'), message: `kube-apiserver (${source.where}) enables AlwaysAdmit: every request is admitted` });
  }
  if (pluginList(disable.value).includes('NodeRestriction')) {
    ctx.report({ ...flagTarget(source, 'disable-admission-plugins'), message: `kube-apiserver (${source.where}) disables NodeRestriction: kubelets may modify other nodes and their pods` });
    return;
  }
  if (!enable.known || enabled.includes('NodeRestriction')) return;
  const fix = setFlagFix(source, 'enable-admission-plugins', [...enabled, 'NodeRestriction'].join(','), ctx.editor(), false);
  ctx.report({
    ...flagTarget(source, 'enable-admission-plugins'),
    message: `kube-apiserver (${source.where}) runs without NodeRestriction: kubelets may modify other nodes and their pods (--enable-admission-plugins ${enable.defaulted ? 'not set' : `is "${enable.value}"`})`,
    fixes: fix ? [fix] : [],
  });
}
