/**
 * What the model needs to know about Kubernetes resources without a cluster to ask: the API group
 * of a resource written without one (`deployments` -> apps, as kubectl's discovery would say) and
 * whether it is cluster-scoped (a RoleBinding can never grant those).
 */

const CORE_NAMESPACED = 'bindings configmaps endpoints events limitranges persistentvolumeclaims pods podtemplates replicationcontrollers resourcequotas secrets serviceaccounts services';
const CORE_CLUSTER = 'componentstatuses groups namespaces nodes persistentvolumes users';

/** group -> [namespaced resources, cluster-scoped resources] */
const RESOURCES_BY_GROUP: Record<string, [string, string]> = {
  '': [CORE_NAMESPACED, CORE_CLUSTER],
  apps: ['controllerrevisions daemonsets deployments replicasets statefulsets', ''],
  batch: ['cronjobs jobs', ''],
  autoscaling: ['horizontalpodautoscalers', ''],
  policy: ['poddisruptionbudgets', ''],
  'networking.k8s.io': ['ingresses networkpolicies', 'ingressclasses ipaddresses servicecidrs'],
  'discovery.k8s.io': ['endpointslices', ''],
  'coordination.k8s.io': ['leases leasecandidates', ''],
  'rbac.authorization.k8s.io': ['rolebindings roles', 'clusterrolebindings clusterroles'],
  'certificates.k8s.io': ['', 'certificatesigningrequests clustertrustbundles signers'],
  'admissionregistration.k8s.io': ['', 'mutatingwebhookconfigurations validatingadmissionpolicies validatingadmissionpolicybindings validatingwebhookconfigurations'],
  'apiextensions.k8s.io': ['', 'customresourcedefinitions'],
  'apiregistration.k8s.io': ['', 'apiservices'],
  'authentication.k8s.io': ['', 'selfsubjectreviews tokenreviews uids userextras'],
  'authorization.k8s.io': ['localsubjectaccessreviews', 'selfsubjectaccessreviews selfsubjectrulesreviews subjectaccessreviews'],
  'storage.k8s.io': ['csistoragecapacities', 'csidrivers csinodes storageclasses volumeattachments volumeattributesclasses'],
  'node.k8s.io': ['', 'runtimeclasses'],
  'scheduling.k8s.io': ['', 'priorityclasses'],
  'flowcontrol.apiserver.k8s.io': ['', 'flowschemas prioritylevelconfigurations'],
  'resource.k8s.io': ['resourceclaims resourceclaimtemplates', 'deviceclasses resourceslices'],
  'events.k8s.io': ['events', ''],
};

/** Resources served by more than one group resolve to the group kubectl picks first. */
const PREFERRED_GROUP: Record<string, string> = { events: '', ingresses: 'networking.k8s.io' };

const CLUSTER_SCOPED = new Set<string>();
const GROUP_OF = new Map<string, string>();
for (const [group, [namespaced, cluster]] of Object.entries(RESOURCES_BY_GROUP)) {
  for (const resource of [...words(namespaced), ...words(cluster)]) {
    if (!GROUP_OF.has(resource)) GROUP_OF.set(resource, PREFERRED_GROUP[resource] ?? group);
  }
  for (const resource of words(cluster)) CLUSTER_SCOPED.add(`${group}/${resource}`);
}

function words(text: string): string[] {
  return text === '' ? [] : text.split(' ');
}

/** True for the API groups Kubernetes itself serves (the core group "" included); others are custom resources. */
export function isBuiltInGroup(apiGroup: string): boolean {
  return apiGroup in RESOURCES_BY_GROUP || apiGroup === 'extensions';
}

/** True when Kubernetes serves the resource cluster-scoped (unknown resources count as namespaced). */
export function isClusterScoped(apiGroup: string, resource: string): boolean {
  return CLUSTER_SCOPED.has(`${apiGroup}/${resource}`);
}

/** A resource as users write it: `pods`, `pods/exec`, `deployments.apps`, `cronjobs.batch/status`. */
export interface ResourceSpec {
  apiGroup: string;
  resource: string;
  subresource?: string;
}

/** Parses a resource as users write it; a resource without a group gets its well-known group, else the core group. */
export function parseResource(text: string): ResourceSpec {
  const [qualified, subresource] = text.trim().toLowerCase().split('/', 2);
  const dot = qualified.indexOf('.');
  const resource = dot === -1 ? qualified : qualified.slice(0, dot);
  const apiGroup = dot === -1 ? (GROUP_OF.get(resource) ?? '') : qualified.slice(dot + 1);
  return { apiGroup, resource, subresource: subresource || undefined };
}

/** `deployments.apps`, `pods/exec`, `cronjobs.batch`: a resource as RBAC messages name it. */
export function formatResource(apiGroup: string, resource: string, subresource?: string): string {
  const qualified = apiGroup && apiGroup !== '*' ? `${resource}.${apiGroup}` : resource;
  return subresource ? `${qualified}/${subresource}` : qualified;
}

/** A ResourceSpec as users write it. */
export function formatResourceSpec(spec: ResourceSpec): string {
  return formatResource(spec.apiGroup, spec.resource, spec.subresource);
}
