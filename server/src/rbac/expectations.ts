import type { RbacExpectation } from '../engine/rbac-expectations.ts';
import { requestNamespace } from './authorizer.ts';
import { describeChain } from './describe.ts';
import type { RbacModel } from './model.ts';
import { allows, Permission, rootGrant } from './permissions.ts';
import { permissionsOfCached } from './query.ts';
import { formatResourceSpec, parseResource, ResourceSpec } from './resources.ts';
import { formatIdentity, identityOf } from './subjects.ts';
import { ALL_NAMESPACES, BindingDef } from './types.ts';

/** A namespace no request uses: stands for "some namespace" when a query names none. */
const SOME_NAMESPACE = '\u0000some';

/**
 * The permissions (direct or derived) that allow `verb` on a resource: in one namespace, or when
 * `namespace` is undefined, in any namespace at all. Like `kubectl auth can-i` without a name, a
 * rule limited to resourceNames does not count.
 */
export function permissionsAllowing(permissions: readonly Permission[], verb: string, spec: ResourceSpec, namespace?: string): Permission[] {
  return permissions.filter((permission) => {
    const inNamespace = namespace ?? (permission.namespace === ALL_NAMESPACES ? SOME_NAMESPACE : permission.namespace);
    return allows(permission, { verb, ...spec, namespace: requestNamespace(spec.apiGroup, spec.resource, inNamespace) });
  });
}

/** A `cannot` expectation that a binding breaks, with the path that breaks it. */
export interface ExpectationBreach {
  expectation: RbacExpectation;
  binding: BindingDef;
  permission: Permission;
  message: string;
}

/** The subject, action and namespace an expectation speaks of. */
function queryOf(expectation: RbacExpectation) {
  const { kind, name, namespace } = expectation.subject;
  return { identity: identityOf(kind, name, namespace), spec: parseResource(expectation.resource) };
}

/** The permissions of the expectation's subject that allow what it speaks of, shortest path first. */
export function permissionsFor(model: RbacModel, expectation: RbacExpectation): Permission[] {
  const { identity, spec } = queryOf(expectation);
  const found = permissionsAllowing(permissionsOfCached(model, identity), expectation.verb, spec, expectation.namespace);
  return found.sort((a, b) => a.chain.length - b.chain.length);
}

/** For a `cannot` expectation: each binding that breaks it, with its shortest path. */
export function breachesOf(model: RbacModel, expectation: RbacExpectation): ExpectationBreach[] {
  if (expectation.allowed) return [];
  const { identity, spec } = queryOf(expectation);
  const action = `${expectation.verb} ${formatResourceSpec(spec)}`;
  const byBinding = new Map<BindingDef, Permission>();
  for (const permission of permissionsFor(model, expectation)) {
    const binding = rootGrant(permission).binding;
    if (!byBinding.has(binding)) byBinding.set(binding, permission);
  }
  return [...byBinding].map(([binding, permission]) => ({
    expectation,
    binding,
    permission,
    message: `expectation "${expectation.text}" is broken: ${formatIdentity(identity)} can ${action}${where(expectation)}: ${describeChain(permission, action)}`,
  }));
}

function where(expectation: RbacExpectation): string {
  return expectation.namespace ? ` in namespace ${expectation.namespace}` : '';
}

/** The `can` expectations that no binding of the workspace fulfils (reported on the config file). */
export function unmetExpectations(model: RbacModel, expectations: readonly RbacExpectation[]): RbacExpectation[] {
  return expectations.filter((expectation) => expectation.allowed && permissionsFor(model, expectation).length === 0);
}

/** The message for an unmet `can` expectation. */
export function unmetMessage(expectation: RbacExpectation): string {
  const { identity, spec } = queryOf(expectation);
  return `expectation "${expectation.text}" is not met: no binding lets ${formatIdentity(identity)} ${expectation.verb} ${formatResourceSpec(spec)}${where(expectation) || ' in any namespace'}`;
}
