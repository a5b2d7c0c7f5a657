import { isScalar, Node, Scalar } from 'yaml';
import { mapPairs, nodeAt } from '../../engine/nodes.ts';
import { deref } from '../../engine/parse.ts';
import { describeObject, K8sObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';
import { looksLikeCredentialKey } from './secret-names.ts';
import { credentialsInConfig } from './config-credentials.ts';

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const AWS_ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;
const GCP_SERVICE_ACCOUNT_TYPE = /"type"\s*:\s*"service_account"/;
const GCP_PRIVATE_KEY_FIELD = /"private_key"\s*:/;

/** How a line of a value is named in a message: by its line in the file where the value is a literal block, else within the value. */
type LineName = (valueLine: number) => string;

/** What a ConfigMap value contains that is a credential, or undefined. Never returns the value itself. */
function credentialInValue(text: string, lineName: LineName): string | undefined {
  if (PRIVATE_KEY_BLOCK.test(text)) return 'a private key block';
  if (AWS_ACCESS_KEY_ID.test(text)) return 'an AWS access key ID';
  if (GCP_SERVICE_ACCOUNT_TYPE.test(text) && GCP_PRIVATE_KEY_FIELD.test(text)) return 'a GCP service-account key';
  const assigned = credentialsInConfig(text);
  if (assigned.length > 0) {
    const where = assigned.slice(0, 3).map(({ field, line }) => (field === 'a bearer token' ? `a bearer token at ${lineName(line)}` : `"${field}" at ${lineName(line)}`));
    return `a config file that assigns a credential (${where.join(', ')}${assigned.length > 3 ? ', ...' : ''})`;
  }
  return undefined;
}

/** The text of a data value, or of a binaryData value once base64-decoded. */
function valueText(node: Node | undefined, binary: boolean): string {
  if (!isScalar(node) || node.value == null) return '';
  const text = String(node.value);
  return binary ? Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('latin1') : text;
}

/**
 * Names the lines of a value. A literal block (`|`) keeps its lines: line i of the value is i lines below the
 * indicator, so the file's line is given. Folded, quoted and plain scalars join lines, and binaryData is decoded:
 * their lines are counted within the value.
 */
function lineNamer(object: K8sObject, node: Node | undefined, binary: boolean): LineName {
  if (!binary && isScalar(node) && node.type === Scalar.BLOCK_LITERAL && node.range) {
    const indicatorLine = object.file.lines.position(object.doc.offset + node.range[0]).line + 1;
    return (valueLine) => `line ${indicatorLine + valueLine}`;
  }
  return (valueLine) => `line ${valueLine} of the ${binary ? 'decoded ' : ''}value`;
}

/** Why a ConfigMap entry holds a credential, judged from its value first, then its key; undefined when it does not. */
function credentialReason(key: string, value: string, lineName: LineName): string | undefined {
  if (value === '') return undefined;
  const inValue = credentialInValue(value, lineName);
  if (inValue) return `holds ${inValue}`;
  return looksLikeCredentialKey(key) ? 'is named like a credential' : undefined;
}

export default defineRule({
  id: 'credentials-in-configmap',
  title: 'Credentials in a ConfigMap',
  category: 'workload',
  severity: 'warning',
  kinds: ['ConfigMap'],
  fixable: false,
  docs: {
    description:
      'Flags ConfigMap `data` and `binaryData` entries whose key looks like a credential (password, token, secret, API or private key, ' +
      'AWS secret keys, SSH and GCP service-account key files), or whose value contains a private key block ' +
      '(`-----BEGIN ... PRIVATE KEY-----`), an AWS access key ID (`AKIA`/`ASIA` + 16 characters) or a GCP service-account key ' +
      '(JSON with `"type": "service_account"` and `private_key`), or that is a config file assigning a credential: a field named like ' +
      'one set to a literal value (`token: "..."`, `password=...`, `signing_key: ...`, `<password>...</password>`) or a bearer token ' +
      'written out (`Authorization: Bearer ...`).',
    rationale:
      'ConfigMaps are meant to be read: many roles (view, monitoring agents, CI) may get and list them, they are printed in logs and ' +
      'dashboards, and they are not encrypted at rest even where Secrets are. A credential there is exposed to every such reader, ' +
      'and a leaked cloud key or private key reaches far beyond the cluster.',
    incorrect: `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  log_level: info
  db_password: hunter2
`,
    correct: `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  log_level: info
---
apiVersion: v1
kind: Secret
metadata:
  name: web-db
type: Opaque
stringData:
  db_password: from-your-secret-manager
`,
    fix: 'None: move the entry into a Secret (better: have a secret manager or sealed-secrets create it), mount or reference that instead, ' +
      'and rotate the credential, since it has been readable.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/configmap/',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      'https://kubernetes.io/docs/concepts/configuration/secret/',
    ],
    notes:
      'Key names are judged word by word like secret-in-env (file extensions such as `.json` dropped first), so `password_min_length`, ' +
      '`token_ttl` or `aws_access_key_id` alone are not flagged by name; an actual AWS access key ID is flagged by its value. ' +
      'Empty values are not flagged. binaryData values are base64-decoded before the value checks. Findings point at the key and never ' +
      'repeat the value. In config-file values, a field counts only with a literal value: empty, null, booleans, `${VAR}`/`$VAR` ' +
      'references, templates, paths and URLs are where a secret comes from, not the secret (`bearer_token_file: /var/run/...` is ' +
      'fine); a lone `key` field (tolerations, selectors) is not a credential; the message names the field and line, not the value: the line in the file for a literal block (`|`), else the line within ' +
      'the value (folded and quoted scalars join lines; binaryData is decoded).',
  },
  check(ctx) {
    const { yaml, root } = ctx.object;
    for (const section of ['data', 'binaryData']) {
      for (const pair of mapPairs(yaml, nodeAt(yaml, root, section))) {
        const key = String((pair.key as Scalar).value);
        const value = deref(yaml, pair.value);
        const binary = section === 'binaryData';
        const reason = credentialReason(key, valueText(value, binary), lineNamer(ctx.object, value, binary));
        if (!reason) continue;
        ctx.report({ node: pair.key, message: `${describeObject(ctx.object)}: ${section} key "${key}" ${reason}; keep credentials in a Secret` });
      }
    }
  },
});
