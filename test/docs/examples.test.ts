import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { CONFIG_FILE_NAME, loadConfigFile } from '../../server/src/engine/config.ts';
import { Finding, lintFile } from '../../server/src/engine/lint.ts';
import { parseManifestFile, ManifestFile } from '../../server/src/engine/parse.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { resolveNamespace } from '../../server/src/engine/namespaces.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace.ts';
import { lintOptions } from '../helpers/lint.ts';
import { yamlFilesUnder } from '../helpers/files.ts';

const EXAMPLES = 'examples';

/** Rules the insecure examples (with examples/.kube-hardener.yaml) are written to trip; checked for the rules that exist. */
const EXPECTED_IN_INSECURE = [
  'missing-security-context', 'run-as-root', 'privilege-escalation', 'writable-root-filesystem',
  'privileged-container', 'capabilities-not-dropped', 'dangerous-capabilities', 'seccomp-unconfined',
  'missing-seccomp-profile', 'host-namespaces', 'host-path-volume', 'host-port', 'unsafe-proc-mount',
  'host-probes-and-lifecycle', 'unsafe-sysctls', 'selinux-override', 'apparmor-unconfined', 'restricted-volume-types',
  'bidirectional-mount-propagation', 'unsandboxed-untrusted-workload', 'unknown-runtime-class', 'image-mutable-tag',
  'image-untrusted-registry', 'missing-resource-limits', 'service-account-token-automount', 'default-service-account',
  'secret-in-env', 'credentials-in-configmap', 'workload-powerful-service-account', 'default-namespace', 'rbac-wildcard-verbs', 'rbac-wildcard-resources',
  'rbac-secrets-access', 'rbac-implicit-pod-creation', 'rbac-expectation-violated', 'rbac-escalation-verbs',
  'rbac-privileged-subresources', 'rbac-cluster-admin-binding', 'rbac-anonymous-subject', 'rbac-cluster-wide-binding',
  'rbac-default-service-account-binding', 'rbac-network-hijack', 'rbac-system-configmap-write', 'rbac-unknown-role', 'missing-network-policy', 'network-policy-allow-all',
  'network-policy-any-port', 'dangling-network-policy', 'service-exposed', 'service-external-ips',
  'ingress-without-tls', 'ingress-snippet-annotation', 'ingress-controller-snippets-allowed',
  'namespace-pod-security-unenforced', 'etcd-client-tls', 'etcd-peer-tls', 'apiserver-etcd-tls',
  'apiserver-encryption-at-rest', 'encryption-provider-weak', 'apiserver-audit-logging', 'audit-policy-gaps',
  'apiserver-insecure-flags', 'kubelet-insecure-config', 'removed-api-version', 'deprecated-api-version', 'invalid-api-version',
  'apiserver-admission-plugins', 'apiserver-kubelet-tls',
];

/** Lints folders as one workspace, as the CLI does: parse every file, index them all, lint each. */
function scan(...dirs: string[]): { file: ManifestFile; findings: Finding[] }[] {
  const options = lintOptions(loadConfigFile(join(EXAMPLES, CONFIG_FILE_NAME), ALL_RULES));
  const files = dirs.flatMap((dir) => yamlFilesUnder(dir)).map((path) => parseManifestFile(path, readFileSync(path, 'utf8')));
  const index = new WorkspaceIndex();
  for (const file of files) index.setFile(file.path, factsOfFile(file, (path, object) => resolveNamespace(path, object, options.config)));
  return files.map((file) => ({ file, findings: lintFile(file, { ...options, index }) }));
}

function describeFindings(results: ReturnType<typeof scan>): string[] {
  return results.flatMap(({ file, findings }) =>
    findings.map((finding) => {
      const { line, column } = file.lines.position(finding.start);
      return `${file.path}:${line + 1}:${column + 1} ${finding.ruleId}: ${finding.message}`;
    }),
  );
}

describe('examples', () => {
  test('examples/hardened has no finding', () => {
    assert.deepEqual(describeFindings(scan(join(EXAMPLES, 'hardened'))), []);
  });

  test('examples/hardened has no finding when scanned together with examples/insecure (npm run scan)', () => {
    const hardened = scan(EXAMPLES).filter(({ file }) => file.path.startsWith(join(EXAMPLES, 'hardened')));
    assert.deepEqual(describeFindings(hardened), []);
  });

  test('examples/insecure trips every rule it is written for', () => {
    const found = new Set(scan(join(EXAMPLES, 'insecure')).flatMap(({ findings }) => findings.map((finding) => finding.ruleId)));
    const existing = new Set(ALL_RULES.map((rule) => rule.id));
    const missed = EXPECTED_IN_INSECURE.filter((id) => existing.has(id) && !found.has(id));
    assert.deepEqual(missed, [], 'rules that examples/insecure should trigger but does not');
    assert.ok(found.size > 0, 'examples/insecure produces findings');
    assert.ok(!found.has('parse-error'), 'examples/insecure parses');
  });
});
