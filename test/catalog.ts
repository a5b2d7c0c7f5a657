// The rule catalog of RULES.md sections 1-7, as data: every ID the product must have.

/** One catalog row: its section, default severity letter(s) and level as RULES.md writes them. */
export interface CatalogEntry {
  id: string;
  /** RULES.md section: 1 breakout, 2 sandboxing, 3 hygiene, 4 RBAC, 5 network, 6 control plane, 7 upgrades. */
  section: number;
  /** E, W, I or H; `E/W` when the severity depends on the finding. */
  severity: string;
  /** B baseline, R restricted, C control plane, X cross-file, `-` none; `B/R` when both. */
  level: string;
}

const ROWS: [id: string, section: number, severity: string, level: string][] = [
  ['missing-security-context', 1, 'W', 'R'],
  ['run-as-root', 1, 'W', 'R'],
  ['privilege-escalation', 1, 'W', 'R'],
  ['writable-root-filesystem', 1, 'W', '-'],
  ['privileged-container', 1, 'E', 'B'],
  ['capabilities-not-dropped', 1, 'W', 'R'],
  ['dangerous-capabilities', 1, 'E/W', 'B/R'],
  ['seccomp-unconfined', 1, 'E', 'B'],
  ['missing-seccomp-profile', 1, 'W', 'R'],
  ['host-namespaces', 1, 'E', 'B'],
  ['host-path-volume', 1, 'W/E', 'B'],
  ['host-port', 1, 'W', 'B'],
  ['unsafe-proc-mount', 1, 'E', 'B/R'],
  ['host-probes-and-lifecycle', 1, 'W', 'B'],
  ['unsafe-sysctls', 1, 'E', 'B'],
  ['selinux-override', 1, 'E', 'B'],
  ['apparmor-unconfined', 1, 'E', 'B'],
  ['windows-host-process', 1, 'E', 'B'],
  ['restricted-volume-types', 1, 'W', 'R'],
  ['bidirectional-mount-propagation', 1, 'E', '-'],

  ['unsandboxed-untrusted-workload', 2, 'W', '-'],
  ['unknown-runtime-class', 2, 'I', 'X'],

  ['image-mutable-tag', 3, 'W', '-'],
  ['missing-resource-limits', 3, 'I', '-'],
  ['service-account-token-automount', 3, 'I', '-'],
  ['default-service-account', 3, 'I', '-'],
  ['secret-in-env', 3, 'W', '-'],
  ['credentials-in-configmap', 3, 'W', '-'],
  ['workload-powerful-service-account', 3, 'W', 'X'],
  ['image-untrusted-registry', 3, 'W', '-'],
  ['default-namespace', 3, 'H', '-'],

  ['rbac-wildcard-verbs', 4, 'E', '-'],
  ['rbac-wildcard-resources', 4, 'E', '-'],
  ['rbac-secrets-access', 4, 'W', '-'],
  ['rbac-implicit-pod-creation', 4, 'W', '-'],
  ['rbac-expectation-violated', 4, 'E', 'X'],
  ['rbac-escalation-verbs', 4, 'E', '-'],
  ['rbac-privileged-subresources', 4, 'W', '-'],
  ['rbac-cluster-admin-binding', 4, 'E', 'X'],
  ['rbac-anonymous-subject', 4, 'E', '-'],
  ['rbac-cluster-wide-binding', 4, 'I', '-'],
  ['rbac-default-service-account-binding', 4, 'W', '-'],
  ['rbac-network-hijack', 4, 'W', '-'],
  ['rbac-system-configmap-write', 4, 'W', '-'],
  ['rbac-unknown-role', 4, 'I', 'X'],

  ['missing-network-policy', 5, 'W', 'X'],
  ['network-policy-allow-all', 5, 'W', '-'],
  ['network-policy-any-port', 5, 'I', '-'],
  ['dangling-network-policy', 5, 'I', 'X'],
  ['network-policy-not-enforced', 5, 'W', 'X'],
  ['service-exposed', 5, 'I', '-'],
  ['service-external-ips', 5, 'W', '-'],
  ['ingress-without-tls', 5, 'I', '-'],
  ['ingress-snippet-annotation', 5, 'W', '-'],
  ['ingress-controller-snippets-allowed', 5, 'W', '-'],
  ['namespace-pod-security-unenforced', 5, 'I', '-'],

  ['etcd-client-tls', 6, 'E', 'C'],
  ['etcd-peer-tls', 6, 'E', 'C'],
  ['apiserver-etcd-tls', 6, 'E', 'C'],
  ['apiserver-encryption-at-rest', 6, 'W', 'C'],
  ['encryption-provider-weak', 6, 'E/W', 'C'],
  ['apiserver-audit-logging', 6, 'W', 'C'],
  ['audit-policy-gaps', 6, 'W', 'C'],
  ['apiserver-insecure-flags', 6, 'E', 'C'],
  ['kubelet-insecure-config', 6, 'E', 'C'],
  // Not in RULES.md: CIS Benchmark checks added by issue #10 (item 3), same section and level.
  ['apiserver-admission-plugins', 6, 'E', 'C'],
  ['apiserver-kubelet-tls', 6, 'W', 'C'],

  ['removed-api-version', 7, 'E', '-'],
  ['deprecated-api-version', 7, 'W', '-'],
  ['invalid-api-version', 7, 'E', '-'],

  ['admission-policy-violation', 8, 'E/W/I', 'X'],
];

/** Every rule of the catalog, in catalog order. */
export const CATALOG: readonly CatalogEntry[] = ROWS.map(([id, section, severity, level]) => ({ id, section, severity, level }));

/** The catalog entry of a rule ID, if the catalog has it. */
export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((entry) => entry.id === id);
}
