import { defineRule } from '../../engine/rule.ts';
import { flagSourcesOf, hasFlag, kindsOf } from '../../control-plane/flags.ts';
import { staticPodExample } from './doc-examples.ts';

export default defineRule({
  id: 'apiserver-audit-logging',
  title: 'API server audit log is off',
  category: 'control-plane',
  severity: 'warning',
  scope: 'control-plane',
  kinds: kindsOf('kube-apiserver'),
  fixable: false,
  docs: {
    description:
      'Flags a kube-apiserver (or kubeadm ClusterConfiguration) without `--audit-policy-file`, or with neither ' +
      '`--audit-log-path` nor `--audit-webhook-config-file` to write the events to.',
    rationale:
      'The audit log is the only record of who read which Secret, who created the privileged pod, who bound cluster-admin. ' +
      'Without it an intrusion cannot be detected, scoped or proven afterwards.',
    incorrect: staticPodExample('kube-apiserver', ['--audit-log-path=/var/log/kubernetes/audit.log']),
    correct: staticPodExample('kube-apiserver', ['--audit-log-path=/var/log/kubernetes/audit.log', '--audit-policy-file=/etc/kubernetes/audit/policy.yaml']),
    fix: 'None: write an audit Policy (see `audit-policy-gaps`), mount it and the log directory, and set both flags.',
    references: [
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/',
      'CIS Kubernetes Benchmark 1.2.16-1.2.19, 3.2.1',
    ],
    notes:
      'The catalog asks for `--audit-log-path`; the API server also sends audit events to a webhook backend ' +
      '(`--audit-webhook-config-file`) instead, so either backend counts. Without `--audit-policy-file` no event is written at all.',
  },
  check(ctx) {
    for (const source of flagSourcesOf(ctx.object, 'kube-apiserver')) {
      const missing: string[] = [];
      if (!hasFlag(source, 'audit-policy-file')) missing.push('--audit-policy-file');
      if (!hasFlag(source, 'audit-log-path') && !hasFlag(source, 'audit-webhook-config-file')) missing.push('--audit-log-path');
      if (missing.length === 0) continue;
      ctx.report({ node: source.anchor, message: `kube-apiserver (${source.where}) writes no audit log: ${missing.join(' and ')} not set` });
    }
  },
});
