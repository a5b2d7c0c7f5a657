// Generates the benchmark corpus: deterministic, varied manifests spread over namespaces.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NAMESPACE_COUNT = 50;
const CORPUS_VERSION = 'corpus-v2';

/**
 * How objects spread over namespaces: `spread` puts 10 consecutive files in each of 50 namespaces
 * in turn; `concentrated` is what real repositories look like, a few namespaces holding most
 * objects (40% in one, 20% in the next, then 10%, 10%, the rest over 16 small ones).
 */
export type Layout = 'spread' | 'concentrated';

/** A small seeded PRNG (mulberry32), so the corpus is the same on every machine. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (random: Random, probability: number): boolean => random() < probability;

const IMAGES = ['nginx:1.27', 'nginx:latest', 'redis', 'registry.example.com/shop/api:2.3.1', 'ghcr.io/acme/worker@sha256:' + 'ab'.repeat(32), 'postgres:16'];
const APPS = ['api', 'web', 'worker', 'cache', 'db', 'gateway', 'auth', 'search', 'billing', 'mailer'];

function namespaceName(index: number): string {
  return `team-${String(index).padStart(2, '0')}`;
}

function containerYaml(random: Random, name: string, indent: string): string {
  const lines = [`${indent}- name: ${name}`, `${indent}  image: ${pick(random, IMAGES)}`];
  lines.push(`${indent}  ports:`, `${indent}    - containerPort: ${pick(random, [80, 8080, 9090, 6379])}`);
  if (chance(random, 0.3)) lines.push(`${indent}  env:`, `${indent}    - name: LOG_LEVEL`, `${indent}      value: info`);
  if (chance(random, 0.1)) lines.push(`${indent}    - name: DB_PASSWORD`, `${indent}      value: "not-a-secret"`);
  if (chance(random, 0.6)) {
    lines.push(`${indent}  securityContext:`);
    if (chance(random, 0.7)) lines.push(`${indent}    allowPrivilegeEscalation: false`);
    if (chance(random, 0.6)) lines.push(`${indent}    readOnlyRootFilesystem: true`);
    if (chance(random, 0.5)) lines.push(`${indent}    capabilities:`, `${indent}      drop: ["ALL"]`);
    if (chance(random, 0.05)) lines.push(`${indent}    privileged: true`);
    if (chance(random, 0.2)) lines.push(`${indent}    runAsNonRoot: true`);
  } else if (chance(random, 0.2)) {
    lines.push(`${indent}  securityContext: {}`);
  }
  if (chance(random, 0.5)) {
    lines.push(`${indent}  resources:`, `${indent}    limits: {cpu: 500m, memory: 256Mi}`, `${indent}    requests: {cpu: 100m, memory: 128Mi}`);
  }
  return lines.join('\n');
}

function deployment(random: Random, name: string, namespace: string, app: string): string {
  const podSecurity = chance(random, 0.5)
    ? `      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n`
    : '';
  const hostNetwork = chance(random, 0.03) ? '      hostNetwork: true\n' : '';
  const sidecar = chance(random, 0.3) ? `\n${containerYaml(random, 'sidecar', '        ')}` : '';
  return `# ${app} deployment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${app}
spec:
  replicas: ${1 + Math.floor(random() * 4)}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
        tier: ${pick(random, ['frontend', 'backend', 'data'])}
    spec:
${hostNetwork}${podSecurity}      containers:
${containerYaml(random, app, '        ')}${sidecar}
`;
}

function service(random: Random, name: string, namespace: string, app: string): string {
  const type = pick(random, ['ClusterIP', 'ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer']);
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  type: ${type}
  selector:
    app: ${app}
  ports:
    - port: 80
      targetPort: ${pick(random, [80, 8080])}
`;
}

function networkPolicy(random: Random, name: string, namespace: string, app: string): string {
  if (chance(random, 0.3)) {
    return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;
  }
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes: ["Ingress"]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: ${pick(random, APPS)}
      ports:
        - protocol: TCP
          port: ${pick(random, [80, 8080, 5432])}
`;
}

function role(random: Random, name: string, namespace: string): string {
  const verbs = pick(random, ['["get", "list", "watch"]', '["*"]', '["create", "update", "patch"]']);
  const resources = pick(random, ['["configmaps"]', '["secrets"]', '["pods", "pods/log"]', '["deployments"]']);
  const group = resources.includes('deployments') ? '"apps"' : '""';
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
  namespace: ${namespace}
rules:
  - apiGroups: [${group}]
    resources: ${resources}
    verbs: ${verbs}
`;
}

function roleBinding(random: Random, name: string, namespace: string, roleName: string): string {
  const subject = chance(random, 0.1) ? 'default' : `sa-${Math.floor(random() * 20)}`;
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${namespace}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${roleName}
subjects:
  - kind: ServiceAccount
    name: ${subject}
    namespace: ${namespace}
`;
}

/**
 * The manifest for slot `index`. Each run of 10 consecutive slots shares a namespace and holds five
 * Deployments, two Services, a NetworkPolicy, a Role and a RoleBinding to that Role.
 */
export function manifestFor(index: number, layout: Layout = 'spread'): { path: string; text: string } {
  const random = randomSource(index + 1);
  const namespace = namespaceName(layout === 'spread' ? Math.floor(index / 10) % NAMESPACE_COUNT : concentratedNamespace(Math.floor(index / 10)));
  const app = APPS[(index + Math.floor(index / 500)) % APPS.length];
  const slot = index % 10;
  const name = `${app}-${index}`;
  if (slot < 5) return { path: join(namespace, `deployment-${name}.yaml`), text: deployment(random, name, namespace, app) };
  if (slot < 7) return { path: join(namespace, `service-${name}.yaml`), text: service(random, name, namespace, app) };
  if (slot < 8) return { path: join(namespace, `networkpolicy-${name}.yaml`), text: networkPolicy(random, name, namespace, app) };
  if (slot < 9) return { path: join(namespace, `role-${index}.yaml`), text: role(random, `role-${index}`, namespace) };
  return { path: join(namespace, `rolebinding-${index}.yaml`), text: roleBinding(random, `binding-${index}`, namespace, `role-${index - 1}`) };
}

/** The namespace number of a group of 10 files in the `concentrated` layout. */
function concentratedNamespace(group: number): number {
  const draw = randomSource(1_000_003 * (group + 1))();
  if (draw < 0.4) return 0;
  if (draw < 0.6) return 1;
  if (draw < 0.7) return 2;
  if (draw < 0.8) return 3;
  return 4 + Math.floor(((draw - 0.8) / 0.2) * 16);
}

/**
 * One generated file of about `lines` lines: Deployments separated by `---`, with a target document
 * in the middle whose `runAsUser: 1` the LSP benchmark toggles (1 <-> 0, which draws or clears
 * run-as-root). Returns the text and the offset of that digit.
 */
export function bigFile(lines: number): { text: string; editOffset: number } {
  const parts: string[] = [];
  let count = 0;
  let target = -1;
  for (let index = 0; count < lines; index++) {
    if (target === -1 && count >= lines / 2) {
      target = parts.length;
      parts.push(TARGET_DOCUMENT);
      count += TARGET_DOCUMENT.split('\n').length;
      continue;
    }
    const text = manifestFor((index * 10) % 100_000).text;
    parts.push(text);
    count += text.split('\n').length;
  }
  if (target === -1) parts.push(TARGET_DOCUMENT);
  const text = parts.join('---\n');
  return { text, editOffset: text.indexOf(TARGET_MARKER) + TARGET_MARKER.length - 1 };
}

const TARGET_MARKER = 'runAsUser: 1';
const TARGET_DOCUMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: edited
  namespace: team-00
spec:
  selector:
    matchLabels:
      app: edited
  template:
    metadata:
      labels:
        app: edited
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: edited
          image: registry.example.com/shop/edited:1.0.0
          securityContext:
            ${TARGET_MARKER}
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
`;

/** Writes `count` manifests under `dir` unless a corpus of that size and version is already there; returns the file paths. */
export function ensureCorpus(dir: string, count: number, layout: Layout = 'spread'): string[] {
  const stamp = join(dir, '.stamp');
  const expected = `${CORPUS_VERSION} ${count} ${layout}`;
  const manifests = Array.from({ length: count }, (_, index) => manifestFor(index, layout));
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== expected) {
    rmSync(dir, { recursive: true, force: true });
    for (let index = 0; index < NAMESPACE_COUNT; index++) mkdirSync(join(dir, namespaceName(index)), { recursive: true });
    for (const manifest of manifests) writeFileSync(join(dir, manifest.path), manifest.text);
    writeFileSync(stamp, expected);
  }
  return manifests.map((manifest) => join(dir, manifest.path));
}
