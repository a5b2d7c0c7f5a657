import type { RbacExpectation } from '../engine/rbac-expectations.ts';
import { describeChain } from './describe.ts';
import type { RbacModel } from './model.ts';
import { Permission, rootGrant } from './permissions.ts';
import { permissionsOfCached } from './query.ts';
import { formatQueryTarget, parseQueryTarget, permissionsAllowingTarget } from './query-target.ts';
import { formatIdentity, identityOf } from './subjects.ts';
import type { BindingDef } from './types.ts';

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
  return { identity: identityOf(kind, name, namespace), target: parseQueryTarget(expectation.resource) };
}

/** The permissions of the expectation's subject that allow what it speaks of, shortest path first. */
export function permissionsFor(model: RbacModel, expectation: RbacExpectation): Permission[] {
  const { identity, target } = queryOf(expectation);
  const found = permissionsAllowingTarget(permissionsOfCached(model, identity), expectation.verb, target, expectation.namespace);
  return found.sort((a, b) => a.chain.length - b.chain.length);
}

/** For a `cannot` expectation: each binding that breaks it, with its shortest path. */
export function breachesOf(model: RbacModel, expectation: RbacExpectation): ExpectationBreach[] {
  if (expectation.allowed) return [];
  const { identity, target } = queryOf(expectation);
  const action = `${expectation.verb} ${formatQueryTarget(target)}`;
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

/** " in namespace dev", or '' without a namespace and for non-resource URLs (they have none). */
function where(expectation: RbacExpectation): string {
  return expectation.namespace && !isURLExpectation(expectation) ? ` in namespace ${expectation.namespace}` : '';
}

function isURLExpectation(expectation: RbacExpectation): boolean {
  return parseQueryTarget(expectation.resource).type === 'url';
}

/** The `can` expectations that no binding of the workspace fulfils (reported on the config file). */
export function unmetExpectations(model: RbacModel, expectations: readonly RbacExpectation[]): RbacExpectation[] {
  return expectations.filter((expectation) => expectation.allowed && permissionsFor(model, expectation).length === 0);
}

/** The message for an unmet `can` expectation. */
export function unmetMessage(expectation: RbacExpectation): string {
  const { identity, target } = queryOf(expectation);
  const scope = target.type === 'url' ? '' : where(expectation) || ' in any namespace';
  return `expectation "${expectation.text}" is not met: no binding lets ${formatIdentity(identity)} ${expectation.verb} ${formatQueryTarget(target)}${scope}`;
}
