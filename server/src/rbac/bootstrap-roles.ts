import {
  AGGREGATE_TO_ADMIN,
  AGGREGATE_TO_EDIT,
  AGGREGATE_TO_VIEW,
  BootstrapRole,
  clusterRole,
  EVENTS,
  READ,
  rule,
  urls,
  WRITE,
} from './bootstrap-data.ts';
import { BOOTSTRAP_CONTROLLER_ROLES, BOOTSTRAP_NAMESPACE_ROLES } from './bootstrap-controller-roles.ts';

/**
 * Kubernetes' built-in ClusterRoles, transcribed as data from the bootstrap policy that
 * Kubernetes publishes as test data (kubernetes/kubernetes,
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml at commit
 * 025f2834a128798cef30018a5e6a6ae82b5ad885; controller and namespace roles at 008b3652959c, whose
 * roles such as system:controller:device-taint-eviction-controller place it at Kubernetes 1.33 or
 * later). Aggregated roles (admin, edit, view) carry no
 * rules of their own: the model gathers them from the system:aggregate-to-* roles, as the
 * clusterrole-aggregation controller does.
 */
export const BOOTSTRAP_SOURCE = {
  repository: 'kubernetes/kubernetes',
  clusterRoles: 'plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml@025f2834a128798cef30018a5e6a6ae82b5ad885',
  controllerRoles: 'plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/controller-roles.yaml@008b3652959ca58af8be3fb5b6ecfe9ae7638282',
  namespaceRoles: 'plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/namespace-roles.yaml@008b3652959ca58af8be3fb5b6ecfe9ae7638282',
} as const;

const ALL_VERBS_ON = 'create delete deletecollection get list patch update watch';

const USER_FACING_ROLES: BootstrapRole[] = [
  clusterRole('cluster-admin', [rule('*', '*', '*'), urls('*', '*')]),
  clusterRole('admin', [], { aggregates: AGGREGATE_TO_ADMIN }),
  clusterRole('edit', [], { aggregates: AGGREGATE_TO_EDIT, labels: { [AGGREGATE_TO_ADMIN]: 'true' } }),
  clusterRole('view', [], { aggregates: AGGREGATE_TO_VIEW, labels: { [AGGREGATE_TO_EDIT]: 'true' } }),
  clusterRole(
    'system:aggregate-to-admin',
    [rule('create', 'authorization.k8s.io', 'localsubjectaccessreviews'), rule(ALL_VERBS_ON, 'rbac.authorization.k8s.io', 'rolebindings roles')],
    { labels: { [AGGREGATE_TO_ADMIN]: 'true' } },
  ),
  clusterRole(
    'system:aggregate-to-edit',
    [
      rule(READ, 'core', 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy'),
      rule('impersonate', 'core', 'serviceaccounts'),
      rule(WRITE, 'core', 'pods pods/attach pods/exec pods/portforward pods/proxy'),
      rule('create', 'core', 'pods/eviction'),
      rule(WRITE, 'core', 'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy'),
      rule('create', 'core', 'serviceaccounts/token'),
      rule(WRITE, 'apps', 'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale'),
      rule(WRITE, 'autoscaling', 'horizontalpodautoscalers'),
      rule(WRITE, 'batch', 'cronjobs jobs'),
      rule(WRITE, 'extensions', 'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale'),
      rule(WRITE, 'policy', 'poddisruptionbudgets'),
      rule(WRITE, 'networking.k8s.io', 'ingresses networkpolicies'),
      rule(ALL_VERBS_ON, 'coordination.k8s.io', 'leases'),
    ],
    { labels: { [AGGREGATE_TO_EDIT]: 'true' } },
  ),
  clusterRole(
    'system:aggregate-to-view',
    [
      rule(READ, 'core', 'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status'),
      rule(READ, 'core', 'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status'),
      rule(READ, 'core', 'namespaces'),
      rule(READ, 'discovery.k8s.io', 'endpointslices'),
      rule(READ, 'apps', 'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status'),
      rule(READ, 'autoscaling', 'horizontalpodautoscalers horizontalpodautoscalers/status'),
      rule(READ, 'batch', 'cronjobs cronjobs/status jobs jobs/status'),
      rule(READ, 'extensions', 'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale'),
      rule(READ, 'policy', 'poddisruptionbudgets poddisruptionbudgets/status'),
      rule(READ, 'networking.k8s.io', 'ingresses ingresses/status networkpolicies'),
    ],
    { labels: { [AGGREGATE_TO_VIEW]: 'true' } },
  ),
];

const SIGNER_APPROVERS: BootstrapRole[] = [
  ['kube-apiserver-client-approver', 'kubernetes.io/kube-apiserver-client'],
  ['kube-apiserver-client-kubelet-approver', 'kubernetes.io/kube-apiserver-client-kubelet'],
  ['kubelet-serving-approver', 'kubernetes.io/kubelet-serving'],
  ['legacy-unknown-approver', 'kubernetes.io/legacy-unknown'],
].map(([suffix, signer]) => clusterRole(`system:certificates.k8s.io:${suffix}`, [rule('approve', 'certificates.k8s.io', 'signers', signer)]));

const TOKEN_AND_ACCESS_REVIEWS = [rule('create', 'authentication.k8s.io', 'tokenreviews'), rule('create', 'authorization.k8s.io', 'subjectaccessreviews')];

const COMPONENT_ROLES: BootstrapRole[] = [
  clusterRole('system:auth-delegator', TOKEN_AND_ACCESS_REVIEWS),
  clusterRole('system:basic-user', [
    rule('create', 'authorization.k8s.io', 'selfsubjectaccessreviews selfsubjectrulesreviews'),
    rule('create', 'authentication.k8s.io', 'selfsubjectreviews'),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [rule('create', 'certificates.k8s.io', 'certificatesigningrequests/nodeclient')]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [rule('create', 'certificates.k8s.io', 'certificatesigningrequests/selfnodeclient')]),
  ...SIGNER_APPROVERS,
  clusterRole('system:discovery', [urls('get', '/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz /version /version/')]),
  clusterRole('system:heapster', [rule(READ, 'core', 'events namespaces nodes pods'), rule(READ, 'extensions', 'deployments')]),
  clusterRole('system:kube-aggregator', [rule(READ, 'core', 'endpoints services')]),
  clusterRole('system:kube-controller-manager', [
    EVENTS,
    rule('create', 'coordination.k8s.io', 'leases'),
    rule('get update', 'coordination.k8s.io', 'leases', 'kube-controller-manager'),
    rule('create', 'core', 'secrets serviceaccounts'),
    rule('delete', 'core', 'secrets'),
    rule('get', 'core', 'configmaps namespaces secrets serviceaccounts'),
    rule('update', 'core', 'secrets serviceaccounts'),
    ...TOKEN_AND_ACCESS_REVIEWS,
    rule('list watch', '*', '*'),
    rule('create', 'core', 'serviceaccounts/token'),
  ]),
  clusterRole('system:kube-dns', [rule('list watch', 'core', 'endpoints services')]),
  clusterRole('system:kube-scheduler', [
    EVENTS,
    rule('create', 'coordination.k8s.io', 'leases'),
    rule('get update', 'coordination.k8s.io', 'leases', 'kube-scheduler'),
    rule(READ, 'core', 'nodes'),
    rule('delete get list watch', 'core', 'pods'),
    rule('create', 'core', 'bindings pods/binding'),
    rule('patch update', 'core', 'pods/status'),
    rule(READ, 'core', 'replicationcontrollers services'),
    rule(READ, 'apps extensions', 'replicasets'),
    rule(READ, 'apps', 'statefulsets'),
    rule(READ, 'policy', 'poddisruptionbudgets'),
    rule(READ, 'core', 'persistentvolumeclaims persistentvolumes'),
    ...TOKEN_AND_ACCESS_REVIEWS,
    rule(READ, 'storage.k8s.io', 'csinodes'),
    rule(READ, 'core', 'namespaces'),
    rule(READ, 'storage.k8s.io', 'csidrivers'),
    rule(READ, 'storage.k8s.io', 'csistoragecapacities'),
  ]),
  clusterRole('system:kubelet-api-admin', [
    rule(READ, 'core', 'nodes'),
    rule('proxy', 'core', 'nodes'),
    rule('*', 'core', 'nodes/log nodes/metrics nodes/proxy nodes/stats'),
  ]),
  clusterRole('system:monitoring', [urls('get', '/healthz /healthz/* /livez /livez/* /metrics /metrics/slis /readyz /readyz/*')]),
  clusterRole('system:node', [
    rule('create', 'authentication.k8s.io', 'tokenreviews'),
    rule('create', 'authorization.k8s.io', 'localsubjectaccessreviews subjectaccessreviews'),
    rule(READ, 'core', 'services'),
    rule('create get list watch', 'core', 'nodes'),
    rule('patch update', 'core', 'nodes/status'),
    rule('patch update', 'core', 'nodes'),
    rule('create patch update', 'core', 'events'),
    rule(READ, 'core', 'pods'),
    rule('create delete', 'core', 'pods'),
    rule('patch update', 'core', 'pods/status'),
    rule('create', 'core', 'pods/eviction'),
    rule(READ, 'core', 'configmaps secrets'),
    rule('get', 'core', 'persistentvolumeclaims persistentvolumes'),
    rule('get', 'core', 'endpoints'),
    rule('create get list watch', 'certificates.k8s.io', 'certificatesigningrequests'),
    rule('create delete get patch update', 'coordination.k8s.io', 'leases'),
    rule('get', 'storage.k8s.io', 'volumeattachments'),
    rule('create', 'core', 'serviceaccounts/token'),
    rule('get patch update', 'core', 'persistentvolumeclaims/status'),
    rule(READ, 'storage.k8s.io', 'csidrivers'),
    rule('create delete get patch update', 'storage.k8s.io', 'csinodes'),
    rule(READ, 'node.k8s.io', 'runtimeclasses'),
  ]),
  clusterRole('system:node-bootstrapper', [rule('create get list watch', 'certificates.k8s.io', 'certificatesigningrequests')]),
  clusterRole('system:node-problem-detector', [rule('get', 'core', 'nodes'), rule('patch', 'core', 'nodes/status'), EVENTS]),
  clusterRole('system:node-proxier', [
    rule('list watch', 'core', 'endpoints services'),
    rule(READ, 'core', 'nodes'),
    EVENTS,
    rule('list watch', 'discovery.k8s.io', 'endpointslices'),
  ]),
  clusterRole('system:persistent-volume-provisioner', [
    rule('create delete get list watch', 'core', 'persistentvolumes'),
    rule('get list update watch', 'core', 'persistentvolumeclaims'),
    rule(READ, 'storage.k8s.io', 'storageclasses'),
    rule('watch', 'core', 'events'),
    EVENTS,
  ]),
  clusterRole('system:public-info-viewer', [urls('get', '/healthz /livez /readyz /version /version/')]),
  clusterRole('system:service-account-issuer-discovery', [urls('get', '/.well-known/openid-configuration /openid/v1/jwks')]),
  clusterRole('system:volume-scheduler', [
    rule('get list patch update watch', 'core', 'persistentvolumes'),
    rule(READ, 'storage.k8s.io', 'storageclasses'),
    rule('get list patch update watch', 'core', 'persistentvolumeclaims'),
  ]),
];

/** Every built-in role the model knows: the cluster roles, the system:controller:* roles and the kube-system Roles. */
export const BOOTSTRAP_ROLES: readonly BootstrapRole[] = [
  ...USER_FACING_ROLES,
  ...COMPONENT_ROLES,
  ...BOOTSTRAP_CONTROLLER_ROLES,
  ...BOOTSTRAP_NAMESPACE_ROLES,
];
