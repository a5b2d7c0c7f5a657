// Which files of the workspace a policy or binding change can touch: the files holding objects of
// the kinds the policy's resourceRules can match (the editor re-checks only those), or all files
// when a rule names every resource or a resource we cannot map to a kind.
import type { ObjectFacts, WorkspaceIndex } from '../engine/workspace.ts';
import { isPlain } from './match.ts';
import { groupVersionOf } from './resources.ts';
import { resourceIn } from './target.ts';

const POLICY = 'ValidatingAdmissionPolicy';
const BINDING = 'ValidatingAdmissionPolicyBinding';

/** The files a change to these policies and bindings may give or take findings; 'all' when unknown. */
export function admissionAffectedPaths(index: WorkspaceIndex, changed: ObjectFacts[]): Set<string> | 'all' {
  const policies: unknown[] = [];
  for (const facts of changed) {
    if (facts.kind === POLICY) policies.push(facts.body);
    else if (facts.kind === BINDING) {
      const name = (facts.body as { spec?: { policyName?: unknown } } | undefined)?.spec?.policyName;
      const found = index.ofKind(POLICY).filter((policy) => policy.name === name);
      // A binding of a policy the workspace lacks gives findings only in its own file.
      policies.push(...found.map((policy) => policy.body));
    }
  }
  const resources = new Set<string>();
  for (const body of policies) {
    const named = resourcesOf(body);
    if (named === 'all') return 'all';
    for (const resource of named) resources.add(resource);
  }
  const kinds = kindsServing(index, resources);
  // Other policy and binding files: their own problems (a binding naming a policy) may change.
  return index.pathsOfKinds([...kinds, POLICY, BINDING]);
}

/** The resources (plural names) a policy's matchConstraints.resourceRules name, or 'all'. */
function resourcesOf(body: unknown): Set<string> | 'all' {
  const constraints = isPlain(body) && isPlain(body.spec) ? body.spec.matchConstraints : undefined;
  const rules = isPlain(constraints) && Array.isArray(constraints.resourceRules) ? constraints.resourceRules : undefined;
  if (!rules || rules.length === 0) return 'all';
  const result = new Set<string>();
  for (const rule of rules) {
    const resources = isPlain(rule) && Array.isArray(rule.resources) ? rule.resources : [];
    for (const resource of resources) {
      if (typeof resource !== 'string') continue;
      const name = resource.split('/')[0];
      if (name === '*') return 'all';
      result.add(name);
    }
  }
  return result;
}

/** The kinds of the workspace whose resource is one of `resources`. */
function kindsServing(index: WorkspaceIndex, resources: Set<string>): Set<string> {
  const kinds = new Set<string>();
  if (resources.size === 0) return kinds;
  const seen = new Set<string>();
  for (const facts of index.objects()) {
    const key = `${facts.apiVersion}\u0000${facts.kind}`;
    if (kinds.has(facts.kind) || seen.has(key)) continue;
    seen.add(key);
    const { group } = groupVersionOf(facts.apiVersion);
    if (resources.has(resourceIn(index, group, facts.kind).resource)) kinds.add(facts.kind);
  }
  return kinds;
}
