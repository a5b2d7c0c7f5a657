// Requests and the answer Kubernetes' RBAC authorizer gives them, for the fixture workspace
// test/rbac/fixtures/platform (plus Kubernetes' built-in roles). Only RBAC as written: derived
// grants are not the authorizer's business and are tested elsewhere.

export interface AuthorizerCase {
  /** `ServiceAccount ns/name`, `User name` or `Group name`. */
  subject: string;
  verb: string;
  /** `resource` or `resource/subresource`; a path starting with `/` is a non-resource URL. */
  resource: string;
  apiGroup: string;
  /** The request's namespace; '' for cluster-scoped resources and non-resource URLs. */
  namespace: string;
  /** The object's name, for get/update/delete of one object. */
  name?: string;
  allowed: boolean;
  why: string;
}

const c = (subject: string, verb: string, resource: string, apiGroup: string, namespace: string, allowed: boolean, why: string, name?: string): AuthorizerCase => ({
  subject,
  verb,
  resource,
  apiGroup,
  namespace,
  name,
  allowed,
  why,
});

export const AUTHORIZER_WORKSPACE = 'test/rbac/fixtures/platform';

export const AUTHORIZER_CASES: AuthorizerCase[] = [
  // Built-in edit, aggregated from system:aggregate-to-edit (and view), bound in shop.
  c('Group shop-team', 'create', 'deployments', 'apps', 'shop', true, 'edit aggregates system:aggregate-to-edit'),
  c('Group shop-team', 'create', 'deployments', 'apps', 'staging', false, 'a RoleBinding grants only in its namespace'),
  c('Group shop-team', 'get', 'secrets', '', 'shop', true, 'edit reads secrets'),
  c('Group shop-team', 'list', 'pods', '', 'shop', true, 'edit aggregates view through the aggregate-to-edit label'),
  c('Group shop-team', 'create', 'pods/exec', '', 'shop', true, 'edit creates pods/exec'),
  c('Group shop-team', 'impersonate', 'serviceaccounts', '', 'shop', true, 'edit impersonates ServiceAccounts'),
  c('Group shop-team', 'create', 'rolebindings', 'rbac.authorization.k8s.io', 'shop', false, 'rolebindings are admin, not edit'),
  c('Group shop-team', 'create', 'widgets', 'example.com', 'shop', true, 'widget-editor joins edit by its aggregate-to-edit label'),
  c('Group shop-team', 'create', 'deployments', 'extensions', 'shop', true, 'edit writes extensions deployments too'),
  c('Group shop-team', 'create', 'deployments', 'batch', 'shop', false, 'the API group must match'),
  c('Group shop-team', 'list', 'namespaces', '', '', false, 'a RoleBinding never grants cluster-scoped resources'),
  // Built-in admin: edit plus roles and bindings, and so the workspace's widget-editor.
  c('User shop-lead', 'create', 'rolebindings', 'rbac.authorization.k8s.io', 'shop', true, 'admin aggregates system:aggregate-to-admin'),
  c('User shop-lead', 'delete', 'widgets', 'example.com', 'shop', true, 'admin aggregates edit, which aggregates widget-editor'),
  c('User shop-lead', 'create', 'localsubjectaccessreviews', 'authorization.k8s.io', 'shop', true, 'admin creates localsubjectaccessreviews'),
  c('User shop-lead', 'escalate', 'roles', 'rbac.authorization.k8s.io', 'shop', false, 'admin has no escalate'),
  // Built-in view, bound cluster-wide to a group.
  c('Group developers', 'list', 'pods', '', 'anywhere', true, 'view through a ClusterRoleBinding applies in every namespace'),
  c('Group developers', 'get', 'pods/log', '', 'shop', true, 'view reads pods/log'),
  c('Group developers', 'get', 'secrets', '', 'shop', false, 'view never reads secrets'),
  c('Group developers', 'create', 'pods/exec', '', 'shop', false, 'view has no exec'),
  c('Group developers', 'list', 'namespaces', '', '', true, 'view lists namespaces, cluster-scoped, through a ClusterRoleBinding'),
  c('Group developers', 'watch', 'deployments', 'apps', 'kube-system', true, 'view watches deployments'),
  c('Group developers', 'update', 'deployments', 'apps', 'shop', false, 'view is read-only'),
  c('Group developers', 'get', 'widgets', 'example.com', 'shop', false, 'widget-editor is aggregated into edit, not view'),
  // A ServiceAccount bound in two namespaces, and its implicit groups.
  c('ServiceAccount ci/deployer', 'create', 'cronjobs', 'batch', 'ci', true, 'Role ci/deployer through RoleBinding ci/deploy (subject namespace defaulted)'),
  c('ServiceAccount ci/deployer', 'create', 'cronjobs', 'batch', 'staging', false, 'the Role is bound only in ci'),
  c('ServiceAccount ci/deployer', 'create', 'deployments', 'apps', 'staging', true, 'ClusterRole app-deployer through RoleBinding staging/deploy'),
  c('ServiceAccount ci/deployer', 'create', 'deployments', 'apps', 'ci', false, 'app-deployer is bound only in staging'),
  c('ServiceAccount ci/deployer', 'create', 'pods', '', 'ci', false, 'RBAC itself does not follow the cronjob to its pods'),
  c('ServiceAccount ci/deployer', 'get', 'configmaps', '', 'ci', true, 'view bound to the group system:serviceaccounts:ci'),
  c('ServiceAccount ci/other', 'get', 'configmaps', '', 'ci', true, 'every ServiceAccount of ci is in system:serviceaccounts:ci'),
  c('ServiceAccount staging/app', 'get', 'configmaps', '', 'ci', false, 'a ServiceAccount of staging is not in system:serviceaccounts:ci'),
  c('User system:serviceaccount:ci:deployer', 'create', 'cronjobs', 'batch', 'ci', true, 'a User subject with the ServiceAccount user name is the same identity'),
  // Aggregation by matchLabels and matchExpressions.
  c('ServiceAccount monitoring/prometheus', 'list', 'pods', 'metrics.k8s.io', 'shop', true, 'pod-metrics matches matchLabels'),
  c('ServiceAccount monitoring/prometheus', 'get', 'nodes/metrics', '', '', true, 'node-metrics matches the In expression'),
  c('ServiceAccount monitoring/prometheus', 'delete', 'deployments', 'apps', 'shop', false, 'not-aggregated fails the In expression'),
  c('ServiceAccount monitoring/prometheus', 'get', '/metrics', '', '', true, 'non-resource URL, exact'),
  c('ServiceAccount monitoring/prometheus', 'get', '/healthz/etcd', '', '', true, 'non-resource URL under a trailing *'),
  c('ServiceAccount monitoring/prometheus', 'get', '/healthz', '', '', false, '/healthz/* does not match /healthz itself'),
  c('ServiceAccount monitoring/prometheus', 'post', '/metrics', '', '', false, 'the verb must match'),
  // Non-resource URLs: a trailing * is a prefix; only ClusterRoleBindings grant them.
  c('Group scrapers', 'get', '/metrics', '', '', true, '/metrics* matches /metrics itself'),
  c('Group scrapers', 'get', '/metrics/slis', '', '', true, '/metrics* matches below /metrics'),
  c('Group scrapers', 'get', '/metricsz', '', '', true, 'a trailing * is a plain string prefix, not a path segment'),
  c('Group scrapers', 'get', '/healthz', '', '', false, 'another path'),
  c('Group scrapers', 'post', '/metrics', '', '', false, 'only get is granted'),
  c('User frank', 'get', '/metrics', '', '', false, 'a RoleBinding never grants non-resource URLs'),
  c('Group developers', 'get', '/metrics', '', '', false, 'view grants no non-resource URL'),
  c('ServiceAccount monitoring/prometheus', 'get', 'configmaps', '', 'kube-system', true, 'built-in Role kube-system/extension-apiserver-authentication-reader, the named configmap', 'extension-apiserver-authentication'),
  c('ServiceAccount monitoring/prometheus', 'list', 'configmaps', '', 'kube-system', false, 'resourceNames never allow a request without a name'),
  // */subresource, a literal pods/*, resourceNames.
  c('User scaler', 'update', 'deployments/scale', 'apps', 'shop', true, '*/scale matches the scale subresource of any resource'),
  c('User scaler', 'get', 'statefulsets/scale', 'apps', 'shop', true, '*/scale in any API group'),
  c('User scaler', 'update', 'deployments', 'apps', 'shop', false, '*/scale does not match the resource itself'),
  c('User scaler', 'update', 'deployments/status', 'apps', 'shop', false, '*/scale matches only scale'),
  c('ServiceAccount shop/config-reloader', 'get', 'pods/log', '', 'shop', false, 'pods/* is not a pattern in Kubernetes RBAC'),
  c('ServiceAccount shop/config-reloader', 'get', 'pods', '', 'shop', false, 'pods/* does not match pods'),
  c('ServiceAccount shop/config-reloader', 'get', 'configmaps', '', 'shop', true, 'the named configmap', 'app-config'),
  c('ServiceAccount shop/config-reloader', 'update', 'configmaps', '', 'shop', false, 'another configmap', 'other'),
  c('ServiceAccount shop/config-reloader', 'list', 'configmaps', '', 'shop', false, 'list has no name: resourceNames deny it'),
  // Cluster-scoped resources need a ClusterRoleBinding; a ClusterRoleBinding to a Role grants nothing.
  c('User carol', 'get', 'nodes', '', '', false, 'a RoleBinding cannot grant nodes'),
  c('User dave', 'get', 'nodes', '', '', true, 'a ClusterRoleBinding grants nodes'),
  c('User erin', 'get', 'configmaps', '', 'shop', false, 'a ClusterRoleBinding to a Role is invalid'),
  // The built-in cluster-admin, and the escalation subjects as written.
  c('ServiceAccount esc/admin-bot', 'delete', 'nodes', '', '', true, 'cluster-admin: * on *'),
  c('ServiceAccount esc/admin-bot', 'get', '/debug/pprof', '', '', true, 'cluster-admin: every non-resource URL'),
  c('ServiceAccount esc/pod-creator', 'create', 'pods', '', 'esc', true, 'Role esc/pod-creator'),
  c('ServiceAccount esc/pod-creator', 'get', 'secrets', '', 'esc', false, 'RBAC as written: no secrets (derived grants aside)'),
  c('ServiceAccount esc/token-minter', 'create', 'serviceaccounts/token', '', 'esc', true, 'named ServiceAccount', 'admin-bot'),
  c('ServiceAccount esc/token-minter', 'create', 'serviceaccounts/token', '', 'esc', false, 'another ServiceAccount', 'pod-creator'),
  c('User impersonator', 'impersonate', 'groups', '', '', true, 'impersonate on groups'),
  c('User impersonator', 'impersonate', 'serviceaccounts', '', 'esc', false, 'users and groups only'),
  c('User csr-approver', 'approve', 'signers', 'certificates.k8s.io', '', true, 'named signer', 'kubernetes.io/kube-apiserver-client'),
  c('User csr-approver', 'approve', 'signers', 'certificates.k8s.io', '', false, 'another signer', 'kubernetes.io/kubelet-serving'),
  c('User nobody', 'get', 'pods', '', 'shop', false, 'no binding names this user'),
];
