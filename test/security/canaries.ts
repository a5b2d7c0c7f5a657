// Manifests that plant canary secret values where real secrets live, for the leak tests: no output
// of the CLI or the language server may ever contain one of them (issue #9, item 4).

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Every canary value planted below, plain (base64 forms are checked too). */
export const CANARIES = {
  env: 'khCanaryEnvValue-5d1e',
  envFrom: 'khCanaryEnvArg-77aa',
  secretData: 'khCanarySecretData-913c',
  stringData: 'khCanaryStringData-2b7f',
  configMap: 'khCanaryConfigMap-c0de',
  configMapFile: 'khCanaryConfigFile-4410',
  encryptionKey: 'khCanaryEncryptionKey-0042',
  kmsEndpoint: 'khCanaryKmsEndpoint-81',
  tag: 'khCanaryTag2024',
  alias: 'khCanaryAlias',
  unterminated: 'khCanaryUnterminated-6',
  flow: 'khCanaryFlow-99',
  block: 'khCanaryBlock-31',
  annotation: 'khCanaryAnnotation-5',
} as const;

/** The forms in which a canary may leak: plain and base64 (Secret data, encryption keys). */
export function leakForms(): string[] {
  return Object.values(CANARIES).flatMap((canary) => [canary, b64(canary)]);
}

/** The canaries found in a text (with the form that leaked), for an assertion message. */
export function leakedIn(text: string): string[] {
  return leakForms().filter((form) => text.includes(form));
}

/** Well-formed manifests: each holds secret values in the places a rule looks at. */
export const WELL_FORMED: Record<string, string> = {
  'pod-env.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: nginx:1.27
      args: ["--password=${CANARIES.envFrom}"]
      env:
        - name: DB_PASSWORD
          value: ${CANARIES.env}
        - name: API_TOKEN
          value: "${CANARIES.env}"
`,
  'secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: db
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"${CANARIES.annotation}"}}'
type: Opaque
data:
  password: ${b64(CANARIES.secretData)}
stringData:
  token: ${CANARIES.stringData}
  config.yaml: |
    password: ${CANARIES.stringData}
`,
  'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  db_password: ${CANARIES.configMap}
  AWS_SECRET_ACCESS_KEY: ${CANARIES.configMap}
  app.properties: |
    user=admin
    password=${CANARIES.configMapFile}
`,
  // The kind is being added by the control-plane rules (issue #10); checked whatever rules read it.
  'encryption.yaml': `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - identity: {}
      - aescbc:
          keys:
            - name: key1
              secret: ${b64(CANARIES.encryptionKey)}
      - kms:
          apiVersion: v2
          name: vault
          endpoint: unix:///tmp/${CANARIES.kmsEndpoint}.sock
`,
};

/**
 * Malformed YAML around secret values: parse errors must not quote them
 * (`password: !Welcome2024!` used to come back as "The !Welcome2024! tag has no suffix").
 */
export const MALFORMED: Record<string, string> = {
  'tag.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: tagged
stringData:
  password: !${CANARIES.tag}!
`,
  'alias.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: aliased
spec:
  containers:
    - name: app
      image: nginx:1.27
      env:
        - name: PASSWORD
          value: *${CANARIES.alias}
`,
  'unterminated.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data:
  password: "${CANARIES.unterminated}
  other: x
`,
  'flow.yaml': `apiVersion: v1
kind: Secret
metadata: {name: flow}
stringData: {password: ${CANARIES.flow}: nested, token: [}
`,
  'block.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: block
stringData:
  password: ${CANARIES.block}
 token: misaligned ${CANARIES.block}
`,
};
