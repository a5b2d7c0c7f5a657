import { isSeq } from 'yaml';
import { nodeAt } from '../../engine/nodes.ts';
import { defineRule, RuleContext } from '../../engine/rule.ts';
import { isAtLeast } from '../../engine/versions.ts';
import { entryFor, isEncryptionConfig, Provider, resourceEntries } from '../../control-plane/encryption.ts';

export default defineRule({
  id: 'encryption-provider-weak',
  title: 'Secrets not encrypted, or weakly, by the encryption configuration',
  category: 'control-plane',
  severity: 'error',
  scope: 'control-plane',
  kinds: ['EncryptionConfiguration', 'EncryptionConfig'],
  fixable: false,
  docs: {
    description:
      'Judges an EncryptionConfiguration (apiserver.config.k8s.io/v1, and the old `EncryptionConfig` of `v1`) by the provider ' +
      'that encrypts new writes of Secrets, the first of the first entry covering them: `identity` (nothing is encrypted, ' +
      'error), no entry covering `secrets` at all, also through `*.` or `*.*` (error), `aescbc` (no longer recommended, ' +
      'warning), KMS v1 (deprecated for v2 from 1.28, warning), and a key-based provider with a single key (never rotated, info).',
    rationale:
      'Only the first provider of a list encrypts; the others only decrypt what was written earlier. With identity first, ' +
      'Secrets land in etcd, its snapshots and backups in plain text however many keys follow. AES-CBC is open to padding-oracle ' +
      'attacks and its key lives in this file next to the data it protects; KMS v1 is deprecated and off by default from 1.29. ' +
      'A key that is never rotated protects everything ever written, forever.',
    incorrect: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - identity: {}
      - aesgcm:
          keys:
            - name: key2
              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==
            - name: key1
              secret: dGhpcyBpcyBhbiBleGFtcGxlIGtleSBvbmx5IQ==
`,
    correct: `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - kms:
          apiVersion: v2
          name: cloud-kms
          endpoint: unix:///var/run/kms-plugin/socket.sock
      - identity: {}
`,
    fix: 'None: reorder providers or add a key only together with a rewrite of every Secret (`kubectl replace`), in a planned rotation.',
    references: [
      'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/',
      'https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/',
      'https://kubernetes.io/docs/reference/config-api/apiserver-encryption.v1/',
      'CIS Kubernetes Benchmark 1.2.28',
    ],
    notes:
      'The catalog says "only aescbc"; what counts is the first provider, so aescbc first is flagged even when others follow. ' +
      'Entries are matched in order, earlier ones taking precedence, as the API server does. Messages name keys, never their values.',
  },
  check(ctx) {
    if (!isEncryptionConfig(ctx.object)) return;
    const entries = resourceEntries(ctx.object);
    const entry = entryFor(entries, 'secrets');
    if (!entry) {
      const list = nodeAt(ctx.object.yaml, ctx.object.root, 'resources');
      ctx.report({ node: isSeq(list) && list.items.length > 0 ? list : ctx.object.kindNode, message: 'Secrets are not encrypted: no resources entry covers "secrets" (nor "*." or "*.*")' });
      return;
    }
    const first = entry.providers[0];
    if (!first) {
      ctx.report({ node: entry.providersKey ?? entry.item, message: 'Secrets are not encrypted: their entry has no provider' });
      return;
    }
    judgeProvider(ctx, first);
  },
});

function judgeProvider(ctx: RuleContext, provider: Provider): void {
  if (provider.type === 'identity') {
    ctx.report({ node: provider.key, message: 'Secrets are written to etcd in plain text: identity is the first provider (only the first one encrypts)' });
    return;
  }
  if (provider.type === 'aescbc') {
    ctx.report({ node: provider.key, severity: 'warning', message: 'Secrets are encrypted with aescbc, which is no longer recommended: use kms v2 (or aesgcm/secretbox with rotation)' });
  }
  if (provider.type === 'kms' && provider.kmsVersion !== 'v2' && isAtLeast(ctx.config.kubernetesVersion, 1, 28)) {
    ctx.report({ node: provider.key, severity: 'warning', message: 'Secrets are encrypted with KMS v1, deprecated since Kubernetes 1.28 (disabled by default from 1.29): use apiVersion: v2' });
  }
  if (provider.keyCount === 1) {
    ctx.report({ node: provider.key, severity: 'info', message: `the ${provider.type} provider that encrypts Secrets has a single key: nothing shows it was ever rotated` });
  }
}
