import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleById } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';

/**
 * Findings that were wrong on the real repositories of issue #8's acceptance, kept as regressions: each fixture of
 * test/fixtures/real is the smallest excerpt that reproduced, with its source named at its top.
 */
function findings(name: string, ids: string[]): string[] {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'real', name), 'utf8');
  const options = lintOptions({}, ids.map((id) => ruleById(id)!), indexOf({ [name]: text }));
  return lintText(name, text, options).findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId}@${text.slice(0, f.start).split('\n').length}: ${f.message}`);
}

describe('real repositories (issue #8 acceptance)', () => {
  test('credentials-in-configmap names the line of the file (istio otel.yaml)', () => {
    assert.deepEqual(findings('otel-configmap-token.yaml', ['credentials-in-configmap']), [
      'credentials-in-configmap@11: ConfigMap opentelemetry-collector-conf: data key "opentelemetry-collector-config" holds a config file that assigns a credential ("token" at line 14); keep credentials in a Secret',
    ]);
  });

  test('an empty NetworkPolicy rule is one finding, not two (kube-prometheus prometheus-adapter)', () => {
    const found = findings('networkpolicy-empty-rules.yaml', ['network-policy-allow-all', 'network-policy-any-port']);
    assert.equal(found.length, 2);
    for (const message of found) assert.match(message, /^network-policy-allow-all@/);
  });

  test('host-namespaces does not speak of NET_RAW when every container drops ALL (kube-prometheus node-exporter)', () => {
    const found = findings('node-exporter-hostnetwork.yaml', ['host-namespaces']);
    assert.equal(found.length, 2);
    assert.doesNotMatch(found.join('\n'), /NET_RAW|capture/);
  });

  test('writes on podtemplates run no pod (calico tigera-operator)', () => {
    assert.deepEqual(findings('tigera-operator-podtemplates.yaml', ['rbac-implicit-pod-creation', 'workload-powerful-service-account']), []);
  });

  test('a wildcard group and resource are one finding (argo-cd argocd-server ClusterRole)', () => {
    assert.deepEqual(findings('argocd-server-clusterrole.yaml', ['rbac-wildcard-resources']), [
      'rbac-wildcard-resources@14: ClusterRole argocd-server, rule 1 grants delete, get, patch on every resource ("*") of every API group, which covers reading Secrets',
      'rbac-wildcard-resources@22: ClusterRole argocd-server, rule 2 grants update on the finalizers subresource of every resource ("*/finalizers") of every API group',
    ]);
  });
});
