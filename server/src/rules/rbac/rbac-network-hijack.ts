import { defineRule } from '../../engine/rule.ts';
import type { DerivedGrant } from '../../rbac/derived-grants.ts';
import { describeRole } from '../../rbac/describe.ts';
import { formatResource } from '../../rbac/resources.ts';
import { ruleAllows } from '../../rbac/rule-match.ts';
import { grantPhrase, roleContext } from '../../rbac/rule-support.ts';
import type { PolicyRule } from '../../rbac/types.ts';
import { yamlRulesOf } from '../../rbac/yaml-rbac.ts';

const WRITE_VERBS = ['create', 'update', 'patch'];

/** What writing each resource lets the subject do to other workloads' traffic (phrased as derived-grant capabilities). */
interface Target {
  apiGroups: string[];
  resource: string;
  /** Only when the cluster lets Services carry externalIPs (option `externalIPsBlocked`). */
  externalIPs?: boolean;
  grant: Pick<DerivedGrant, 'capability' | 'namedCapability'>;
}

const ENDPOINTS_CAPABILITY = {
  capability: 'point Services {in} at addresses of their choosing, so receive the traffic other workloads send to those Services',
  namedCapability: 'point the Services named {names} {in} at addresses of their choosing, so receive the traffic sent to them',
};

const TARGETS: Target[] = [
  {
    apiGroups: [''],
    resource: 'services/status',
    grant: {
      capability: 'set the load-balancer IP of Services {in}, so intercept the cluster traffic sent to any IP they choose (CVE-2020-8554)',
      namedCapability: 'set the load-balancer IP of the Services named {names} {in}, so intercept the cluster traffic sent to any IP they choose (CVE-2020-8554)',
    },
  },
  { apiGroups: [''], resource: 'endpoints', grant: ENDPOINTS_CAPABILITY },
  { apiGroups: ['discovery.k8s.io'], resource: 'endpointslices', grant: ENDPOINTS_CAPABILITY },
  {
    apiGroups: [''],
    resource: 'services',
    externalIPs: true,
    grant: {
      capability:
        'set spec.externalIPs on Services {in}, so intercept the cluster traffic sent to any IP they choose (CVE-2020-8554), unless admission rejects externalIPs',
    },
  },
];

export default defineRule({
  id: 'rbac-network-hijack',
  title: 'RBAC rule lets the subject redirect other workloads\' traffic',
  category: 'rbac',
  severity: 'warning',
  kinds: ['Role', 'ClusterRole'],
  fixable: false,
  options: {
    externalIPsBlocked: {
      type: 'boolean',
      default: false,
      description:
        'Set true when the cluster rejects Service externalIPs (the DenyServiceExternalIPs admission plugin, or a policy): then writes on services are not flagged.',
    },
  },
  docs: {
    description:
      'Flags Role and ClusterRole rules that allow create, update or patch on `services/status`, `endpoints` or `endpointslices` ' +
      '(discovery.k8s.io), and on `services` while the cluster accepts `spec.externalIPs` (option `externalIPsBlocked`).',
    rationale:
      "Whoever writes a Service's status can give it a load-balancer IP, and whoever creates a Service can give it externalIPs: " +
      "kube-proxy then sends the cluster's traffic for that IP (an external database, a DNS server) to their pods (CVE-2020-8554, " +
      'unfixed by design). Whoever writes Endpoints or EndpointSlices points an existing Service at addresses of their choosing ' +
      'and receives what other workloads send to it.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: lb-controller
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [services/status]
    verbs: [get, update, patch]
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: lb-controller
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [services, services/status]
    verbs: [get, list, watch]
`,
    fix:
      'No automatic fix: grant these writes only to the controllers that own them (a load-balancer controller, an endpoints ' +
      'controller), and enable the DenyServiceExternalIPs admission plugin (then set `externalIPsBlocked: true`).',
    references: [
      'https://github.com/kubernetes/kubernetes/issues/97076',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#endpointslices',
    ],
    notes:
      'A grant limited by `resourceNames` is still flagged and named in the message (the named Services can be redirected). ' +
      'A `*` resource is left to rbac-wildcard-resources (one cause, one finding). Bindings to built-in roles are not flagged: ' +
      'since Kubernetes 1.22 edit and admin no longer write endpoints or endpointslices, and their writes on services are ' +
      'bounded by the namespace they are bound in.',
  },
  check(ctx) {
    const { model, role } = roleContext(ctx);
    const targets = TARGETS.filter((target) => !(target.externalIPs && ctx.options.externalIPsBlocked));
    for (const yamlRule of yamlRulesOf(ctx.object)) {
      for (const item of yamlRule.field('resources').items) {
        for (const target of targets) {
          if (item.value !== target.resource) continue;
          const written = writtenVerbs(yamlRule.rule, target);
          if (written.length === 0) continue;
          const action = `${written.join(', ')} ${formatResource(target.apiGroups[0], target.resource)}`;
          const grant = { ...target.grant, id: 'network-hijack', triggers: [], explanation: '', implies: [] } as DerivedGrant;
          ctx.report({ node: item.node, message: `${describeRole(role)}: ${grantPhrase(model, role, action, grant, yamlRule.rule.resourceNames)}` });
        }
      }
    }
  },
});

/** The write verbs a rule allows on a target (in its API group; a named grant counts for its names). */
function writtenVerbs(rule: PolicyRule, target: Target): string[] {
  const [resource, subresource] = target.resource.split('/');
  const name = rule.resourceNames[0];
  return WRITE_VERBS.filter((verb) =>
    target.apiGroups.some((apiGroup) => ruleAllows(rule, { verb, apiGroup, resource, subresource, name: verb === 'create' && !subresource ? undefined : name, namespace: '' })),
  );
}
