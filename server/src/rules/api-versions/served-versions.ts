/**
 * The apiVersions that ever served each built-in kind (for `invalid-api-version`).
 *
 * Source: the types each group/version registers (`AddKnownTypes` in `<group>/<version>/register.go`)
 * in kubernetes/api, commit 10b39a39bcee995dfe7cd5e8e7b922be5e46f1e2 (2026-07-24, Kubernetes 1.37),
 * plus the kinds whose types were deleted from kubernetes/api after their removal (PodSecurityPolicy,
 * autoscaling/v2beta1 and v2beta2) or live in other repositories (CustomResourceDefinition in
 * kubernetes/apiextensions-apiserver, APIService in kubernetes/kube-aggregator), taken from the
 * Deprecated API Migration Guide. Subresource and request-only kinds (Scale, *Options, Binding,
 * AdmissionReview, TokenRequest) are left out: nobody keeps them as manifests.
 *
 * Alpha versions that were never recorded here existed (e.g. batch/v2alpha1, resource.k8s.io/v1alpha2):
 * an alpha version of a group that served the kind is therefore not called invalid.
 */
import { apiGroupOf } from '../../engine/objects.ts';

const SERVED: Record<string, string[]> = {
  APIService: ['apiregistration.k8s.io/v1', 'apiregistration.k8s.io/v1beta1'],
  CSIDriver: ['storage.k8s.io/v1', 'storage.k8s.io/v1beta1'],
  CSINode: ['storage.k8s.io/v1', 'storage.k8s.io/v1beta1'],
  CSIStorageCapacity: ['storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storage.k8s.io/v1beta1'],
  CertificateSigningRequest: ['certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1'],
  ClusterRole: ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1alpha1', 'rbac.authorization.k8s.io/v1beta1'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1alpha1', 'rbac.authorization.k8s.io/v1beta1'],
  ClusterTrustBundle: ['certificates.k8s.io/v1', 'certificates.k8s.io/v1alpha1', 'certificates.k8s.io/v1beta1'],
  ComponentStatus: ['v1'],
  ConfigMap: ['v1'],
  ControllerRevision: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
  CustomResourceDefinition: ['apiextensions.k8s.io/v1', 'apiextensions.k8s.io/v1beta1'],
  DaemonSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  Deployment: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'],
  DeviceClass: ['resource.k8s.io/v1', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1beta2'],
  DeviceTaintRule: ['resource.k8s.io/v1', 'resource.k8s.io/v1alpha3', 'resource.k8s.io/v1beta2'],
  EndpointSlice: ['discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1'],
  Endpoints: ['v1'],
  Event: ['events.k8s.io/v1', 'events.k8s.io/v1beta1', 'v1'],
  Eviction: ['lifecycle.k8s.io/v1alpha1', 'policy/v1', 'policy/v1beta1'],
  EvictionRequest: ['lifecycle.k8s.io/v1alpha1'],
  FlowSchema: ['flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3'],
  HorizontalPodAutoscaler: ['autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2'],
  IPAddress: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
  Ingress: ['extensions/v1beta1', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
  IngressClass: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
  Job: ['batch/v1'],
  Lease: ['coordination.k8s.io/v1', 'coordination.k8s.io/v1beta1'],
  LeaseCandidate: ['coordination.k8s.io/v1alpha2', 'coordination.k8s.io/v1beta1'],
  LimitRange: ['v1'],
  LocalSubjectAccessReview: ['authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1'],
  MutatingAdmissionPolicy: ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1'],
  MutatingAdmissionPolicyBinding: ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1'],
  MutatingWebhookConfiguration: ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1'],
  Namespace: ['v1'],
  NetworkPolicy: ['extensions/v1beta1', 'networking.k8s.io/v1'],
  Node: ['v1'],
  PersistentVolume: ['v1'],
  PersistentVolumeClaim: ['v1'],
  Pod: ['v1'],
  PodCertificateRequest: ['certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1'],
  PodDisruptionBudget: ['policy/v1', 'policy/v1beta1'],
  PodGroup: ['scheduling.k8s.io/v1beta1'],
  PodSecurityPolicy: ['extensions/v1beta1', 'policy/v1beta1'],
  PodTemplate: ['v1'],
  PriorityClass: ['scheduling.k8s.io/v1', 'scheduling.k8s.io/v1beta1'],
  PriorityLevelConfiguration: ['flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3'],
  ReplicaSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicationController: ['v1'],
  ResourceClaim: ['resource.k8s.io/v1', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1beta2'],
  ResourceClaimTemplate: ['resource.k8s.io/v1', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1beta2'],
  ResourcePoolStatusRequest: ['resource.k8s.io/v1alpha3'],
  ResourceQuota: ['v1'],
  ResourceSlice: ['resource.k8s.io/v1', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1beta2'],
  Role: ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1alpha1', 'rbac.authorization.k8s.io/v1beta1'],
  RoleBinding: ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1alpha1', 'rbac.authorization.k8s.io/v1beta1'],
  RuntimeClass: ['node.k8s.io/v1', 'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1'],
  Secret: ['v1'],
  SelfSubjectAccessReview: ['authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1'],
  SelfSubjectReview: ['authentication.k8s.io/v1', 'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1'],
  SelfSubjectRulesReview: ['authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1'],
  Service: ['v1'],
  ServiceAccount: ['v1'],
  ServiceCIDR: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
  StatefulSet: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2'],
  StorageClass: ['storage.k8s.io/v1', 'storage.k8s.io/v1beta1'],
  StorageVersion: ['internal.apiserver.k8s.io/v1alpha1'],
  StorageVersionMigration: ['storagemigration.k8s.io/v1', 'storagemigration.k8s.io/v1beta1'],
  SubjectAccessReview: ['authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1'],
  TokenReview: ['authentication.k8s.io/v1', 'authentication.k8s.io/v1beta1'],
  ValidatingAdmissionPolicy: ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1'],
  ValidatingAdmissionPolicyBinding: ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1'],
  ValidatingWebhookConfiguration: ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1'],
  VolumeAttachment: ['storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storage.k8s.io/v1beta1'],
  VolumeAttributesClass: ['storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storage.k8s.io/v1beta1'],
  Workload: ['scheduling.k8s.io/v1beta1'],
};

const BUILT_IN_GROUPS = new Set(Object.values(SERVED).flat().map(apiGroupOf));

/** The apiVersions that ever served a built-in kind; undefined for kinds Kubernetes does not define. */
export function servedApiVersions(kind: string): readonly string[] | undefined {
  return Object.hasOwn(SERVED, kind) ? SERVED[kind] : undefined;
}

/** True when an API group ("" for core) is one of Kubernetes' built-in groups. */
export function isBuiltInGroup(group: string): boolean {
  return BUILT_IN_GROUPS.has(group);
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

/**
 * True when an apiVersion of a built-in group could never have served a built-in kind. Custom
 * resources that reuse a built-in kind name in their own group (Knative `Service`) are not judged.
 */
export function neverServed(apiVersion: string, kind: string): boolean {
  const served = servedApiVersions(kind);
  const group = apiGroupOf(apiVersion);
  if (!served || !isBuiltInGroup(group) || served.includes(apiVersion)) return false;
  const groupServedKind = served.some((candidate) => apiGroupOf(candidate) === group);
  return !(groupServedKind && /alpha\d*$/.test(versionOf(apiVersion)));
}
