// Which resource (and scope) an object of a kind is, as the API server names it in admission
// requests. Built-in kinds come from this table; other kinds get the lowercase plural guess
// (what `kubectl api-resources` shows for nearly every CRD) and are assumed namespaced unless the
// workspace holds their CustomResourceDefinition (see scopeFromCrds).

/** kind -> [resource, namespaced] for the built-in kinds. */
const BUILT_IN: Record<string, [string, boolean]> = {
  Binding: ['bindings', true],
  ConfigMap: ['configmaps', true],
  Endpoints: ['endpoints', true],
  Event: ['events', true],
  LimitRange: ['limitranges', true],
  Namespace: ['namespaces', false],
  Node: ['nodes', false],
  PersistentVolume: ['persistentvolumes', false],
  PersistentVolumeClaim: ['persistentvolumeclaims', true],
  Pod: ['pods', true],
  PodTemplate: ['podtemplates', true],
  ReplicationController: ['replicationcontrollers', true],
  ResourceQuota: ['resourcequotas', true],
  Secret: ['secrets', true],
  Service: ['services', true],
  ServiceAccount: ['serviceaccounts', true],
  MutatingWebhookConfiguration: ['mutatingwebhookconfigurations', false],
  ValidatingWebhookConfiguration: ['validatingwebhookconfigurations', false],
  ValidatingAdmissionPolicy: ['validatingadmissionpolicies', false],
  ValidatingAdmissionPolicyBinding: ['validatingadmissionpolicybindings', false],
  MutatingAdmissionPolicy: ['mutatingadmissionpolicies', false],
  MutatingAdmissionPolicyBinding: ['mutatingadmissionpolicybindings', false],
  CustomResourceDefinition: ['customresourcedefinitions', false],
  APIService: ['apiservices', false],
  ControllerRevision: ['controllerrevisions', true],
  DaemonSet: ['daemonsets', true],
  Deployment: ['deployments', true],
  ReplicaSet: ['replicasets', true],
  StatefulSet: ['statefulsets', true],
  HorizontalPodAutoscaler: ['horizontalpodautoscalers', true],
  CronJob: ['cronjobs', true],
  Job: ['jobs', true],
  CertificateSigningRequest: ['certificatesigningrequests', false],
  Lease: ['leases', true],
  EndpointSlice: ['endpointslices', true],
  FlowSchema: ['flowschemas', false],
  PriorityLevelConfiguration: ['prioritylevelconfigurations', false],
  Ingress: ['ingresses', true],
  IngressClass: ['ingressclasses', false],
  NetworkPolicy: ['networkpolicies', true],
  RuntimeClass: ['runtimeclasses', false],
  PodDisruptionBudget: ['poddisruptionbudgets', true],
  ClusterRole: ['clusterroles', false],
  ClusterRoleBinding: ['clusterrolebindings', false],
  Role: ['roles', true],
  RoleBinding: ['rolebindings', true],
  PriorityClass: ['priorityclasses', false],
  CSIDriver: ['csidrivers', false],
  CSINode: ['csinodes', false],
  CSIStorageCapacity: ['csistoragecapacities', true],
  StorageClass: ['storageclasses', false],
  VolumeAttachment: ['volumeattachments', false],
  VolumeAttributesClass: ['volumeattributesclasses', false],
  PodSecurityPolicy: ['podsecuritypolicies', false],
  ResourceClaim: ['resourceclaims', true],
  ResourceClaimTemplate: ['resourceclaimtemplates', true],
  DeviceClass: ['deviceclasses', false],
  ResourceSlice: ['resourceslices', false],
};

/** The resource name and scope of a kind. */
export function resourceOfKind(kind: string): { resource: string; namespaced: boolean; builtIn: boolean } {
  const known = BUILT_IN[kind];
  if (known) return { resource: known[0], namespaced: known[1], builtIn: true };
  return { resource: pluralGuess(kind.toLowerCase()), namespaced: true, builtIn: false };
}

/** True for kinds of the built-in API (their bodies are not kept as params). */
export function isBuiltInKind(kind: string): boolean {
  return kind in BUILT_IN;
}

function pluralGuess(lower: string): string {
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** Splits an apiVersion into group and version ("v1" is the core group ""). */
export function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Resources the API server serves under several API groups from one storage (its
 * EquivalentResourceRegistry): under matchPolicy Equivalent a rule naming one of them also
 * matches a request for another, converted. Within one group every version is equivalent.
 */
const EQUIVALENT_GROUPS: Record<string, string[][]> = {
  deployments: [['apps', 'extensions']],
  daemonsets: [['apps', 'extensions']],
  replicasets: [['apps', 'extensions']],
  ingresses: [['networking.k8s.io', 'extensions']],
  networkpolicies: [['networking.k8s.io', 'extensions']],
  podsecuritypolicies: [['policy', 'extensions']],
  events: [['', 'events.k8s.io']],
};

/** The API groups whose `resource` is the same stored resource as `group`'s (itself included). */
export function equivalentGroups(group: string, resource: string): string[] {
  return EQUIVALENT_GROUPS[resource]?.find((groups) => groups.includes(group)) ?? [group];
}
