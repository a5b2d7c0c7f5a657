import { isMap, isScalar, Scalar } from 'yaml';
import { nodeAt, seqItems } from '../../engine/nodes.ts';
import { defineRule } from '../../engine/rule.ts';
import { Container, describeContainer, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { looksLikeSecretName } from './secret-names.ts';

/** Values that cannot be a secret: switches (`ENABLE_TOKEN_AUTH: "true"`), and `$(OTHER_VAR)` references to other variables. */
const NOT_A_SECRET_VALUE = /^(?:true|false|yes|no|on|off|(?:\$\([A-Za-z_][\w.-]*\))+)$/i;

interface LiteralSecretEnv {
  name: string;
  value: Scalar;
}

/** The env entries of a container whose name looks secret and whose `value` is a non-empty literal. */
function literalSecretEnvs(container: Container): LiteralSecretEnv[] {
  const yaml = container.workload.yaml;
  const found: LiteralSecretEnv[] = [];
  for (const entry of seqItems(yaml, nodeAt(yaml, container.node, 'env'))) {
    if (!isMap(entry)) continue;
    const name = nodeAt(yaml, entry, 'name');
    const value = nodeAt(yaml, entry, 'value');
    if (!isScalar(name) || typeof name.value !== 'string' || !isScalar(value) || value.value == null) continue;
    const text = String(value.value);
    if (text === '' || NOT_A_SECRET_VALUE.test(text) || !looksLikeSecretName(name.value)) continue;
    found.push({ name: name.value, value });
  }
  return found;
}

export default defineRule({
  id: 'secret-in-env',
  title: 'Secret as a literal environment variable',
  category: 'workload',
  severity: 'warning',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description:
      'Flags container env vars whose name looks like a secret (password, passwd, pwd, token, secret, key, apikey, credential, ' +
      'private key...) and whose value is written in the manifest as a literal `value`. `valueFrom` (secretKeyRef and others) is fine.',
    rationale:
      'A literal in a manifest is a secret in Git history, in CI logs, in `kubectl get -o yaml` for anyone who may read the workload, ' +
      'and in the last-applied-configuration annotation. It cannot be rotated without a commit, and RBAC on Secrets does not protect it: ' +
      'read access to Deployments is enough to steal it.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: registry.example.com/web:1.4.2
      env:
        - name: DB_PASSWORD
          value: hunter2
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: registry.example.com/web:1.4.2
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: web-db
              key: password
`,
    fix: 'None: the value has to move out of the manifest. Create a Secret (from a secret manager, sealed-secrets or SOPS), ' +
      'reference it with `valueFrom.secretKeyRef`, and rotate the leaked value.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      'CIS Kubernetes Benchmark 5.4.1: prefer using secrets as files over secrets as environment variables',
    ],
    notes:
      'Names are judged word by word (split at `_ - .` and camelCase), so `KEYCLOAK_URL` and `MONKEY` are not secrets. ' +
      'A name whose last word makes it a reference to or a property of a secret is not flagged: `AWS_ACCESS_KEY_ID` (the ID is the ' +
      'public half of the key pair), `*_SECRET_NAME`, `*_TOKEN_FILE`, `*_KEY_PATH`, `*_PASSWORD_MIN_LENGTH`, `*_TOKEN_TTL`. ' +
      '`PUBLIC_KEY` and keys qualified as sort/partition/cache/routing/primary keys are not secrets; `PWD` alone is the shell\'s ' +
      'working directory (`DB_PWD` is flagged); `private` alone (`PRIVATE_REGISTRY`) is not a secret, `PRIVATE_KEY` is. ' +
      'Values that are only switches (`true`, `off`) or `$(OTHER_VAR)` references are not secrets. The message never repeats the value.',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      for (const env of literalSecretEnvs(container)) {
        ctx.report({
          node: env.value,
          message: `${describeContainer(container)}: env var ${env.name} holds a literal secret-looking value; reference a Secret with valueFrom.secretKeyRef`,
        });
      }
    }
  },
});
