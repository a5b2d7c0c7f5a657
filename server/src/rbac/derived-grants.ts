import { parseResource, ResourceSpec } from './resources.ts';

/**
 * What a permission lets a subject do beyond its letter: the one table the rules, the expectation
 * checks and the explanations all read. A grant of any trigger (with every `requires` met
 * somewhere in the subject's permissions) amounts to the `implies` permissions, in the trigger's
 * namespace (or cluster-wide), and is explained by `capability` and `explanation`.
 */
export interface DerivedGrant {
  id: string;
  /** Any of these permissions triggers it: "verb[,verb] resource[.group][/subresource]". */
  triggers: ActionPattern[];
  /** Each of these must also be granted (any of its alternatives), anywhere the trigger applies. */
  requires?: ActionPattern[][];
  /** A grant limited to named objects still triggers it (updating one Deployment runs any pod). */
  namedSuffices?: boolean;
  /** The implied permissions keep the trigger's resourceNames (a token for ServiceAccount x acts as x only). */
  inheritNames?: boolean;
  /** The implied permissions hold in every namespace, whatever the trigger's scope. */
  clusterWide?: boolean;
  /**
   * Kubernetes checks the trigger in the namespace where it is used even for a cluster-scoped
   * resource: `bind` on a ClusterRole is checked in the namespace of the RoleBinding being created.
   */
  checkedInNamespace?: boolean;
  /** What it lets the subject do, after "lets X"; `{in}` reads "in ci" or "in every namespace". */
  capability: string;
  /** The capability when the grant is limited to resourceNames (`{names}`: those names), where the general one would overclaim. */
  namedCapability?: string;
  /** Why, for explanations. */
  explanation: string;
  /** The permissions it amounts to, as "verb resource" ('*' for everything). */
  implies: string[];
}

export interface ActionPattern {
  verbs: string[];
  spec: ResourceSpec;
  /** For requirements: the object names any of which must be allowed. */
  names?: string[];
}

/** `on('create,update', 'deployments.apps', 'jobs.batch')`: the verbs on each resource. */
function on(verbs: string, ...resources: string[]): ActionPattern[] {
  return resources.map((resource) => ({ verbs: verbs.split(','), spec: parseResource(resource) }));
}

export const POD_CONTROLLERS = [
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'deployments.extensions',
  'replicasets.extensions',
  'daemonsets.extensions',
  'jobs.batch',
  'cronjobs.batch',
  'replicationcontrollers',
];
// Not podtemplates: no Kubernetes controller creates pods from a standalone PodTemplate object (workload
// controllers embed their template), so writing one runs nothing.

const CLIENT_SIGNERS = ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/legacy-unknown', 'kubernetes.io/*'];

export const DERIVED_GRANTS: readonly DerivedGrant[] = [
  {
    id: 'pod-controller',
    // A Job's pod template is immutable once created: only creating a Job runs a new pod. A
    // CronJob's jobTemplate can be changed, and the next Job it creates runs the new template.
    triggers: [...on('create', ...POD_CONTROLLERS), ...on('update,patch', ...POD_CONTROLLERS.filter((resource) => resource !== 'jobs.batch'))],
    namedSuffices: true,
    capability: 'run any pod, so act as any ServiceAccount {in}',
    explanation:
      'the controller creates the pods its template describes: with any ServiceAccount of the namespace, hostPath volumes or privileged containers, as far as admission allows',
    implies: ['create pods'],
  },
  {
    id: 'create-pods',
    triggers: on('create', 'pods'),
    capability: 'run any pod, so act as any ServiceAccount and read any Secret {in}',
    explanation: "a pod can name any ServiceAccount of its namespace and mount any Secret; it can also mount host paths or run privileged unless Pod Security admission stops it",
    implies: ['impersonate serviceaccounts', 'get secrets'],
  },
  {
    id: 'modify-pods',
    triggers: on('update,patch', 'pods'),
    namedSuffices: true,
    capability: "swap the image of running pods, so run their own code as those pods' ServiceAccounts {in}",
    namedCapability: "swap the image of the pods named {names} {in}, so run their own code as their ServiceAccounts",
    explanation: "a pod's container images can be changed in place; the new code runs with the pod's ServiceAccount token and mounted Secrets",
    implies: ['impersonate serviceaccounts'],
  },
  {
    id: 'read-secrets',
    triggers: on('get,list,watch', 'secrets'),
    // Since Kubernetes 1.24 no token Secret is generated for a ServiceAccount; only legacy ones
    // (created by hand, or left from older clusters) hold tokens.
    capability: 'read every existing Secret {in}: the credentials applications keep there, and any legacy ServiceAccount token Secrets',
    explanation: 'Secrets hold the credentials of applications, and legacy ServiceAccount token Secrets hold tokens that act as those ServiceAccounts',
    implies: [],
  },
  {
    id: 'list-secrets',
    triggers: on('list,watch', 'secrets'),
    capability: 'read the data of every Secret {in}, as get would',
    explanation: 'list and watch return whole objects: the Secrets come back with their data',
    implies: ['get secrets'],
  },
  {
    id: 'exec-into-pods',
    // WebSocket clients (kubectl since 1.31) open exec and attach with GET.
    triggers: on('create,get', 'pods/exec', 'pods/attach'),
    capability: 'run commands in any pod {in}, with its ServiceAccount token and mounted Secrets',
    explanation: "a shell in a pod reads the pod's token and Secrets, and talks to whatever the pod can reach",
    implies: ['impersonate serviceaccounts', 'get secrets'],
  },
  {
    id: 'port-forward',
    triggers: on('create', 'pods/portforward'),
    capability: 'open tunnels to any port of any pod {in}, past NetworkPolicies',
    explanation: 'port-forward traffic enters the pod through the kubelet, not through the pod network that NetworkPolicies filter',
    implies: [],
  },
  {
    id: 'ephemeral-containers',
    triggers: on('update,patch', 'pods/ephemeralcontainers'),
    namedSuffices: true,
    capability: 'add a container of their choosing to running pods {in}, so act as their ServiceAccounts',
    namedCapability: 'add a container of their choosing to the pods named {names} {in}, so act as their ServiceAccounts',
    explanation: 'an ephemeral container shares the pod and its ServiceAccount token',
    implies: ['impersonate serviceaccounts', 'get secrets'],
  },
  {
    id: 'serviceaccount-token',
    triggers: on('create', 'serviceaccounts/token'),
    inheritNames: true,
    capability: 'mint tokens for any ServiceAccount {in}, so act as them',
    namedCapability: 'mint tokens for the ServiceAccounts named {names} {in}, so act as them',
    explanation: 'the TokenRequest API returns a valid token of the ServiceAccount',
    implies: ['impersonate serviceaccounts'],
  },
  {
    id: 'impersonate-serviceaccounts',
    triggers: on('impersonate', 'serviceaccounts'),
    inheritNames: true,
    capability: 'act as any ServiceAccount {in}',
    namedCapability: 'act as the ServiceAccounts named {names} {in}',
    explanation: 'impersonation headers make every request run with the ServiceAccount\'s permissions',
    implies: [],
  },
  {
    id: 'impersonate',
    triggers: on('impersonate', 'users', 'groups', 'uids.authentication.k8s.io', 'userextras.authentication.k8s.io'),
    clusterWide: true,
    capability: 'act as anyone, including the system:masters group, so do anything in the cluster',
    explanation: 'impersonating a user or group (system:masters bypasses RBAC) hands over all of their permissions',
    implies: ['*'],
  },
  {
    id: 'bind',
    triggers: on('bind', 'roles.rbac.authorization.k8s.io', 'clusterroles.rbac.authorization.k8s.io'),
    requires: [on('create,update,patch', 'rolebindings.rbac.authorization.k8s.io', 'clusterrolebindings.rbac.authorization.k8s.io')],
    namedSuffices: true,
    checkedInNamespace: true,
    capability: 'bind roles they do not hold to themselves, so grant themselves any permission {in}',
    explanation: 'the bind verb lifts the check that a binding may only grant what its author already has',
    implies: ['*'],
  },
  {
    id: 'escalate',
    triggers: on('escalate', 'roles.rbac.authorization.k8s.io', 'clusterroles.rbac.authorization.k8s.io'),
    requires: [on('create,update,patch', 'roles.rbac.authorization.k8s.io', 'clusterroles.rbac.authorization.k8s.io')],
    namedSuffices: true,
    capability: 'write any permission into a role, so grant themselves any permission {in}',
    explanation: 'the escalate verb lifts the check that a role may only hold what its author already has',
    implies: ['*'],
  },
  {
    id: 'create-persistentvolumes',
    triggers: on('create', 'persistentvolumes'),
    clusterWide: true,
    capability: "mount any host path through a hostPath PersistentVolume, so read and write the node's files",
    explanation: 'a PersistentVolume may be a hostPath; any pod that claims it mounts that node path, past Pod Security admission',
    implies: [],
  },
  {
    id: 'relabel-namespaces',
    triggers: on('patch,update', 'namespaces'),
    namedSuffices: true,
    capability: 'relabel namespaces to switch off Pod Security admission, so run privileged pods wherever they can create pods',
    namedCapability: 'relabel the namespaces named {names} to switch off Pod Security admission there',
    explanation: 'Pod Security admission reads the pod-security.kubernetes.io/enforce label of the namespace',
    implies: [],
  },
  {
    id: 'kubelet-api',
    triggers: on('get,create', 'nodes/proxy'),
    namedSuffices: true,
    clusterWide: true,
    capability: 'call the kubelet API, so run commands in any pod on the nodes, past admission and audit',
    namedCapability: 'call the kubelet API of the nodes named {names}, so run commands in any pod on them, past admission and audit',
    explanation: "nodes/proxy reaches the kubelet's exec, run and log endpoints directly",
    implies: ['create pods/exec', 'impersonate serviceaccounts', 'get secrets'],
  },
  {
    id: 'approve-csrs',
    triggers: on('update,patch', 'certificatesigningrequests.certificates.k8s.io/approval'),
    requires: [[{ verbs: ['approve'], spec: parseResource('signers.certificates.k8s.io'), names: CLIENT_SIGNERS }]],
    clusterWide: true,
    capability: 'approve client certificates, so mint credentials for any user or group (system:masters included)',
    explanation: 'an approved CertificateSigningRequest for a client signer becomes a certificate the API server trusts',
    implies: ['*'],
  },
  {
    id: 'validating-webhooks',
    triggers: on('create,update,patch', 'validatingwebhookconfigurations.admissionregistration.k8s.io'),
    namedSuffices: true,
    clusterWide: true,
    capability: 'receive every object written to the API server, Secrets included, and block any write',
    explanation: 'a webhook configuration sends the matching requests, with the full objects, to a server they choose',
    implies: ['get secrets'],
  },
  {
    id: 'mutating-webhooks',
    triggers: on('create,update,patch', 'mutatingwebhookconfigurations.admissionregistration.k8s.io'),
    namedSuffices: true,
    clusterWide: true,
    capability: 'receive and rewrite every object written to the API server, so inject containers into any pod',
    explanation: 'a mutating webhook sees every matching object, Secrets included, and may change pods as they are created',
    implies: ['get secrets', 'create pods'],
  },
];

/** The derived grant a single verb on a resource triggers, if any (for rule messages). */
export function derivedGrantOf(verb: string, apiGroup: string, resource: string, subresource?: string): DerivedGrant | undefined {
  return DERIVED_GRANTS.find((entry) =>
    entry.triggers.some(
      (trigger) => trigger.verbs.includes(verb) && trigger.spec.apiGroup === apiGroup && trigger.spec.resource === resource && trigger.spec.subresource === subresource,
    ),
  );
}

/**
 * The capability of a derived grant in a scope: `{in}` becomes "in ci" or "in every namespace";
 * for a grant limited to resourceNames, the narrower wording where the entry has one.
 */
export function capabilityIn(entry: DerivedGrant, namespace: string | undefined, names: readonly string[] = []): string {
  const where = entry.clusterWide || namespace === '*' ? 'in every namespace' : namespace ? `in ${namespace}` : 'in the namespaces where it is bound';
  const text = names.length > 0 && entry.namedCapability ? entry.namedCapability.replaceAll('{names}', names.join(', ')) : entry.capability;
  return text.replaceAll('{in}', where);
}
