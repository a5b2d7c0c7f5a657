/**
 * Every built-in apiVersion/kind that a Kubernetes release deprecated or stopped serving, up to the
 * lifecycles already announced for releases after 1.37.
 *
 * Sources:
 * - kubernetes/api `<group>/<version>/zz_generated.prerelease-lifecycle.go` (APILifecycleDeprecated,
 *   APILifecycleRemoved, APILifecycleReplacement: the releases the API server uses to stop serving a
 *   version), commit 10b39a39bcee995dfe7cd5e8e7b922be5e46f1e2 (2026-07-24, Kubernetes 1.37).
 * - The Deprecated API Migration Guide, kubernetes/website
 *   `content/en/docs/reference/using-api/deprecation-guide.md` (https://kubernetes.io/docs/reference/using-api/deprecation-guide/):
 *   kubernetes/website commit 02afb71016ac558fc5836738711e78e77b1ad44a for the v1.16-v1.25 sections, and
 *   the edition that covers v1.26-v1.32 as mirrored in dancer1325/kubernetes-website commit
 *   d46ff627136bc060a79556d797193108676f849a (that edition ends at v1.32; later releases come from the lifecycle data),
 *   for the kinds whose types were deleted from kubernetes/api (PodSecurityPolicy, autoscaling/v2beta1 and
 *   v2beta2, CustomResourceDefinition, APIService), the replacement's first release and the "notable
 *   changes" that decide `compatible`.
 * - Release notes of 1.33 (KEP-4974: core v1 Endpoints deprecated in favour of EndpointSlice).
 *
 * `compatible` means: changing only `apiVersion` keeps every field's meaning (the guide says "no
 * notable changes"). Where it is false, a plain swap could be refused or change behaviour.
 */

/** One deprecated or removed apiVersion/kind. Releases are Kubernetes minors ("1.22"). */
export interface ApiLifecycle {
  apiVersion: string;
  kind: string;
  deprecated: string;
  /** The first release that no longer serves it; undefined for GA versions kept forever. */
  removed?: string;
  /** The apiVersion to use instead (same kind unless `replacementKind`); undefined when there is none. */
  replacement?: string;
  replacementKind?: string;
  /** The first release serving the replacement; defaults to `deprecated`. */
  replacementSince?: string;
  /** True when swapping the apiVersion alone is a faithful migration. */
  compatible: boolean;
  /** What changes beyond the apiVersion (for incompatible ones), or what to do instead. */
  changes?: string;
}

type Row = Omit<ApiLifecycle, 'kind'>;

function rows(kinds: string[], row: Row): ApiLifecycle[] {
  return kinds.map((kind) => ({ kind, ...row }));
}

const SELECTOR_REQUIRED = 'spec.selector is required, set it to the template labels';

export const API_LIFECYCLES: readonly ApiLifecycle[] = [
  // Removed in 1.16.
  ...rows(['Deployment', 'ReplicaSet'], {
    apiVersion: 'extensions/v1beta1', deprecated: '1.8', removed: '1.16', replacement: 'apps/v1', replacementSince: '1.9', compatible: false,
    changes: `${SELECTOR_REQUIRED}; defaults of revisionHistoryLimit, progressDeadlineSeconds, maxSurge and maxUnavailable changed; spec.rollbackTo is gone`,
  }),
  ...rows(['DaemonSet'], {
    apiVersion: 'extensions/v1beta1', deprecated: '1.8', removed: '1.16', replacement: 'apps/v1', replacementSince: '1.9', compatible: false,
    changes: `${SELECTOR_REQUIRED}; updateStrategy defaults to RollingUpdate (was OnDelete); spec.templateGeneration is gone`,
  }),
  ...rows(['NetworkPolicy'], { apiVersion: 'extensions/v1beta1', deprecated: '1.9', removed: '1.16', replacement: 'networking.k8s.io/v1', replacementSince: '1.8', compatible: true }),
  ...rows(['PodSecurityPolicy'], { apiVersion: 'extensions/v1beta1', deprecated: '1.11', removed: '1.16', replacement: 'policy/v1beta1', replacementSince: '1.10', compatible: true }),
  ...rows(['Deployment'], {
    apiVersion: 'apps/v1beta1', deprecated: '1.8', removed: '1.16', replacement: 'apps/v1', replacementSince: '1.9', compatible: false,
    changes: `${SELECTOR_REQUIRED}; revisionHistoryLimit defaults to 10 (was 2); spec.rollbackTo is gone`,
  }),
  ...rows(['StatefulSet'], {
    apiVersion: 'apps/v1beta1', deprecated: '1.8', removed: '1.16', replacement: 'apps/v1', replacementSince: '1.9', compatible: false,
    changes: `${SELECTOR_REQUIRED}; updateStrategy defaults to RollingUpdate (was OnDelete)`,
  }),
  ...rows(['ControllerRevision'], { apiVersion: 'apps/v1beta1', deprecated: '1.8', removed: '1.16', replacement: 'apps/v1', replacementSince: '1.9', compatible: true }),
  ...rows(['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'], {
    apiVersion: 'apps/v1beta2', deprecated: '1.9', removed: '1.16', replacement: 'apps/v1', compatible: false, changes: SELECTOR_REQUIRED,
  }),
  ...rows(['ControllerRevision'], { apiVersion: 'apps/v1beta2', deprecated: '1.9', removed: '1.16', replacement: 'apps/v1', compatible: true }),

  // Removed in 1.22.
  ...rows(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], {
    apiVersion: 'admissionregistration.k8s.io/v1beta1', deprecated: '1.16', removed: '1.22', replacement: 'admissionregistration.k8s.io/v1', compatible: false,
    changes: 'failurePolicy, matchPolicy and timeoutSeconds defaults changed; sideEffects and admissionReviewVersions are required',
  }),
  ...rows(['CustomResourceDefinition'], {
    apiVersion: 'apiextensions.k8s.io/v1beta1', deprecated: '1.16', removed: '1.22', replacement: 'apiextensions.k8s.io/v1', compatible: false,
    changes: 'spec.version, validation, subresources and additionalPrinterColumns move under spec.versions[*]; a structural schema is required',
  }),
  ...rows(['APIService'], { apiVersion: 'apiregistration.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'apiregistration.k8s.io/v1', replacementSince: '1.10', compatible: true }),
  ...rows(['TokenReview'], { apiVersion: 'authentication.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'authentication.k8s.io/v1', replacementSince: '1.6', compatible: true }),
  ...rows(['SelfSubjectAccessReview', 'SelfSubjectRulesReview'], {
    apiVersion: 'authorization.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'authorization.k8s.io/v1', replacementSince: '1.6', compatible: true,
  }),
  ...rows(['LocalSubjectAccessReview', 'SubjectAccessReview'], {
    apiVersion: 'authorization.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'authorization.k8s.io/v1', replacementSince: '1.6', compatible: false,
    changes: 'spec.group is renamed to spec.groups',
  }),
  ...rows(['CertificateSigningRequest'], {
    apiVersion: 'certificates.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'certificates.k8s.io/v1', compatible: false,
    changes: 'spec.signerName and spec.usages are required',
  }),
  ...rows(['Lease'], { apiVersion: 'coordination.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'coordination.k8s.io/v1', replacementSince: '1.14', compatible: true }),
  ...rows(['Ingress'], {
    apiVersion: 'extensions/v1beta1', deprecated: '1.14', removed: '1.22', replacement: 'networking.k8s.io/v1', replacementSince: '1.19', compatible: false,
    changes: 'backend.serviceName/servicePort become backend.service.name/port, spec.backend becomes spec.defaultBackend, pathType is required',
  }),
  ...rows(['Ingress'], {
    apiVersion: 'networking.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'networking.k8s.io/v1', compatible: false,
    changes: 'backend.serviceName/servicePort become backend.service.name/port, spec.backend becomes spec.defaultBackend, pathType is required',
  }),
  ...rows(['IngressClass'], { apiVersion: 'networking.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'networking.k8s.io/v1', compatible: true }),
  ...rows(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1', deprecated: '1.17', removed: '1.22', replacement: 'rbac.authorization.k8s.io/v1', replacementSince: '1.8', compatible: true,
  }),
  ...rows(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], {
    apiVersion: 'rbac.authorization.k8s.io/v1alpha1', deprecated: '1.17', removed: '1.22', replacement: 'rbac.authorization.k8s.io/v1', replacementSince: '1.8', compatible: true,
  }),
  ...rows(['PriorityClass'], { apiVersion: 'scheduling.k8s.io/v1beta1', deprecated: '1.14', removed: '1.22', replacement: 'scheduling.k8s.io/v1', compatible: true }),
  ...rows(['CSIDriver', 'StorageClass', 'VolumeAttachment'], {
    apiVersion: 'storage.k8s.io/v1beta1', deprecated: '1.19', removed: '1.22', replacement: 'storage.k8s.io/v1', replacementSince: '1.13', compatible: true,
  }),
  ...rows(['CSINode'], { apiVersion: 'storage.k8s.io/v1beta1', deprecated: '1.17', removed: '1.22', replacement: 'storage.k8s.io/v1', compatible: true }),

  // Removed in 1.24.
  ...rows(['VolumeAttachment'], { apiVersion: 'storage.k8s.io/v1alpha1', deprecated: '1.21', removed: '1.24', replacement: 'storage.k8s.io/v1', replacementSince: '1.13', compatible: true }),
  ...rows(['CSIStorageCapacity'], { apiVersion: 'storage.k8s.io/v1alpha1', deprecated: '1.21', removed: '1.24', replacement: 'storage.k8s.io/v1beta1', compatible: true }),

  // Removed in 1.25.
  ...rows(['CronJob'], { apiVersion: 'batch/v1beta1', deprecated: '1.21', removed: '1.25', replacement: 'batch/v1', compatible: true }),
  ...rows(['EndpointSlice'], {
    apiVersion: 'discovery.k8s.io/v1beta1', deprecated: '1.21', removed: '1.25', replacement: 'discovery.k8s.io/v1', compatible: false,
    changes: 'topology is replaced by per-endpoint nodeName and zone',
  }),
  ...rows(['Event'], {
    apiVersion: 'events.k8s.io/v1beta1', deprecated: '1.22', removed: '1.25', replacement: 'events.k8s.io/v1', replacementSince: '1.19', compatible: false,
    changes: 'involvedObject is renamed to regarding; the deprecated* timestamp and source fields are not accepted',
  }),
  ...rows(['HorizontalPodAutoscaler'], {
    apiVersion: 'autoscaling/v2beta1', deprecated: '1.22', removed: '1.25', replacement: 'autoscaling/v2', replacementSince: '1.23', compatible: false,
    changes: 'targetAverageUtilization becomes target.averageUtilization with target.type: Utilization',
  }),
  ...rows(['PodDisruptionBudget'], {
    apiVersion: 'policy/v1beta1', deprecated: '1.21', removed: '1.25', replacement: 'policy/v1', compatible: false,
    changes: 'an empty spec.selector ({}) selects every pod of the namespace in policy/v1 (none in v1beta1)',
  }),
  ...rows(['PodSecurityPolicy'], {
    apiVersion: 'policy/v1beta1', deprecated: '1.21', removed: '1.25', compatible: false,
    changes: 'there is no successor: enforce the Pod Security Standards with Pod Security admission (namespace labels) or a policy engine',
  }),
  ...rows(['RuntimeClass'], { apiVersion: 'node.k8s.io/v1beta1', deprecated: '1.22', removed: '1.25', replacement: 'node.k8s.io/v1', replacementSince: '1.20', compatible: true }),

  // Removed in 1.26, 1.27, 1.29, 1.32.
  ...rows(['FlowSchema', 'PriorityLevelConfiguration'], {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', deprecated: '1.23', removed: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1beta2', compatible: true,
  }),
  // The guide repeats v2beta1's note (targetAverageUtilization) for v2beta2, whose fields already are v2's.
  ...rows(['HorizontalPodAutoscaler'], { apiVersion: 'autoscaling/v2beta2', deprecated: '1.23', removed: '1.26', replacement: 'autoscaling/v2', compatible: true }),
  ...rows(['CSIStorageCapacity'], { apiVersion: 'storage.k8s.io/v1beta1', deprecated: '1.24', removed: '1.27', replacement: 'storage.k8s.io/v1', compatible: true }),
  ...rows(['FlowSchema'], {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', deprecated: '1.26', removed: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1beta3', compatible: true,
  }),
  ...rows(['PriorityLevelConfiguration'], {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', deprecated: '1.26', removed: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1beta3', compatible: false,
    changes: 'spec.limited.assuredConcurrencyShares is renamed to nominalConcurrencyShares',
  }),
  ...rows(['FlowSchema'], { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', deprecated: '1.29', removed: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1', compatible: true }),
  ...rows(['PriorityLevelConfiguration'], {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', deprecated: '1.29', removed: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1', compatible: false,
    changes: 'an explicit nominalConcurrencyShares: 0 is kept as 0 in v1 (v1beta3 turned it into 30)',
  }),
  ...rows(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], {
    apiVersion: 'admissionregistration.k8s.io/v1alpha1', deprecated: '1.29', removed: '1.32', replacement: 'admissionregistration.k8s.io/v1', replacementSince: '1.30', compatible: false,
    changes: 'the alpha schema differs from v1 (review the policy against the v1 API)',
  }),
  ...rows(['SelfSubjectReview'], { apiVersion: 'authentication.k8s.io/v1alpha1', deprecated: '1.29', removed: '1.32', replacement: 'authentication.k8s.io/v1', replacementSince: '1.28', compatible: true }),

  // Removed in 1.33 to 1.37.
  ...rows(['SelfSubjectReview'], { apiVersion: 'authentication.k8s.io/v1beta1', deprecated: '1.30', removed: '1.33', replacement: 'authentication.k8s.io/v1', replacementSince: '1.28', compatible: true }),
  ...rows(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], {
    apiVersion: 'admissionregistration.k8s.io/v1beta1', deprecated: '1.31', removed: '1.34', replacement: 'admissionregistration.k8s.io/v1', replacementSince: '1.30', compatible: true,
  }),
  ...rows(['VolumeAttributesClass'], { apiVersion: 'storage.k8s.io/v1alpha1', deprecated: '1.32', removed: '1.35', replacement: 'storage.k8s.io/v1', replacementSince: '1.34', compatible: true }),
  ...rows(['ClusterTrustBundle'], { apiVersion: 'certificates.k8s.io/v1alpha1', deprecated: '1.34', removed: '1.37', replacement: 'certificates.k8s.io/v1beta1', replacementSince: '1.33', compatible: true }),
  ...rows(['IPAddress', 'ServiceCIDR'], { apiVersion: 'networking.k8s.io/v1beta1', deprecated: '1.34', removed: '1.37', replacement: 'networking.k8s.io/v1', replacementSince: '1.33', compatible: true }),
  ...rows(['VolumeAttributesClass'], { apiVersion: 'storage.k8s.io/v1beta1', deprecated: '1.34', removed: '1.37', replacement: 'storage.k8s.io/v1', compatible: true }),

  // Deprecated by 1.37, removed later.
  ...rows(['Endpoints'], {
    apiVersion: 'v1', deprecated: '1.33', replacement: 'discovery.k8s.io/v1', replacementKind: 'EndpointSlice', replacementSince: '1.21', compatible: false,
    changes: 'EndpointSlice is a different kind: write EndpointSlices labelled kubernetes.io/service-name instead',
  }),
  ...rows(['ComponentStatus'], { apiVersion: 'v1', deprecated: '1.19', compatible: false, changes: 'query the components\' health endpoints instead' }),
  ...rows(['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'], {
    apiVersion: 'admissionregistration.k8s.io/v1alpha1', deprecated: '1.35', removed: '1.38', replacement: 'admissionregistration.k8s.io/v1', replacementSince: '1.36', compatible: false,
    changes: 'the alpha schema differs from v1 (review the policy against the v1 API)',
  }),
  ...rows(['LeaseCandidate'], { apiVersion: 'coordination.k8s.io/v1alpha2', deprecated: '1.35', removed: '1.38', replacement: 'coordination.k8s.io/v1beta1', replacementSince: '1.33', compatible: true }),
  ...rows(['DeviceClass'], { apiVersion: 'resource.k8s.io/v1beta1', deprecated: '1.35', removed: '1.38', replacement: 'resource.k8s.io/v1', replacementSince: '1.34', compatible: true }),
  ...rows(['ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], {
    apiVersion: 'resource.k8s.io/v1beta1', deprecated: '1.35', removed: '1.38', replacement: 'resource.k8s.io/v1', replacementSince: '1.34', compatible: false,
    changes: 'device requests move under `exactly` and ResourceSlice devices lose the `basic` wrapper',
  }),
  ...rows(['LeaseCandidate'], { apiVersion: 'coordination.k8s.io/v1beta1', deprecated: '1.36', removed: '1.39', compatible: false, changes: 'no GA version has been released yet' }),
  ...rows(['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], {
    apiVersion: 'resource.k8s.io/v1beta2', deprecated: '1.36', removed: '1.39', replacement: 'resource.k8s.io/v1', replacementSince: '1.34', compatible: true,
  }),
  ...rows(['DeviceTaintRule'], {
    apiVersion: 'resource.k8s.io/v1alpha3', deprecated: '1.36', removed: '1.39', replacement: 'resource.k8s.io/v1', compatible: false,
    changes: 'the alpha schema differs from v1 (review the rule against the v1 API)',
  }),
  ...rows(['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'], {
    apiVersion: 'admissionregistration.k8s.io/v1beta1', deprecated: '1.37', removed: '1.40', replacement: 'admissionregistration.k8s.io/v1', compatible: true,
  }),
  ...rows(['ClusterTrustBundle', 'PodCertificateRequest'], {
    apiVersion: 'certificates.k8s.io/v1beta1', deprecated: '1.37', removed: '1.40', replacement: 'certificates.k8s.io/v1', compatible: true,
  }),
  ...rows(['StorageVersionMigration'], { apiVersion: 'storagemigration.k8s.io/v1beta1', deprecated: '1.37', removed: '1.40', replacement: 'storagemigration.k8s.io/v1', compatible: true }),
  ...rows(['ResourcePoolStatusRequest'], { apiVersion: 'resource.k8s.io/v1alpha3', deprecated: '1.39', removed: '1.42', compatible: false }),
  ...rows(['DeviceTaintRule'], { apiVersion: 'resource.k8s.io/v1beta2', deprecated: '1.39', removed: '1.42', replacement: 'resource.k8s.io/v1', compatible: true }),
  ...rows(['Workload', 'PodGroup'], { apiVersion: 'scheduling.k8s.io/v1beta1', deprecated: '1.40', removed: '1.43', compatible: false }),
  ...rows(['Eviction', 'EvictionRequest'], { apiVersion: 'lifecycle.k8s.io/v1alpha1', deprecated: '1.40', removed: '1.43', compatible: false }),
];

const byKey = new Map(API_LIFECYCLES.map((entry) => [`${entry.apiVersion} ${entry.kind}`, entry]));

/** The lifecycle entry of an apiVersion/kind, if a release deprecated it. */
export function apiLifecycle(apiVersion: string, kind: string): ApiLifecycle | undefined {
  return byKey.get(`${apiVersion} ${kind}`);
}
