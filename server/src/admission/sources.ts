// The policies, bindings, params and Namespaces of the workspace, read from the index (plain
// bodies, see engine/facts.ts), for evaluating admission.
import type { ObjectFacts, WorkspaceIndex } from '../engine/workspace.ts';
import { groupVersionOf } from './resources.ts';
import { isPlain } from './match.ts';
import type { AdmissionUserInfo } from '../engine/config.ts';
import type { AuthzRequest } from './libraries/authorizer.ts';
import { authorizerFor } from './authorize.ts';
import { resourceIn } from './target.ts';

type Plain = Record<string, unknown>;

export const POLICY_KIND = 'ValidatingAdmissionPolicy';
export const BINDING_KIND = 'ValidatingAdmissionPolicyBinding';
const ADMISSION_GROUP = 'admissionregistration.k8s.io';

/** A ValidatingAdmissionPolicy or binding of the workspace. */
export interface AdmissionObject {
  name: string;
  body: Plain;
  spec: Plain;
  facts: ObjectFacts;
}

/** What evaluation reads from the workspace. */
export interface AdmissionSources {
  policies: Map<string, AdmissionObject>;
  bindings: AdmissionObject[];
  /** Params of a paramKind: objects of that group and kind with their bodies. */
  params(apiVersion: string, kind: string): ObjectFacts[];
  /** True when params of a kind are namespaced (built-in table, else the workspace's CRD, else assumed). */
  paramScope(apiVersion: string, kind: string): boolean;
  /** The body of a Namespace of the workspace. */
  namespace(name: string): Plain | undefined;
  /** The `authorizer` of requests by a user, answered from the workspace's RBAC model. */
  authorizer(user: AdmissionUserInfo): AuthzRequest;
}

const cache = new WeakMap<WorkspaceIndex, { version: number; sources: AdmissionSources }>();

/** The admission objects of an index (recomputed when the index changes). */
export function admissionSources(index: WorkspaceIndex): AdmissionSources {
  const cached = cache.get(index);
  if (cached && cached.version === index.version) return cached.sources;
  const policies = new Map<string, AdmissionObject>();
  for (const object of admissionObjects(index, POLICY_KIND)) if (!policies.has(object.name)) policies.set(object.name, object);
  const bindings = admissionObjects(index, BINDING_KIND);
  const namespaces = new Map<string, Plain>();
  for (const facts of index.ofKind('Namespace')) if (facts.name && isPlain(facts.body)) namespaces.set(facts.name, facts.body);
  const sources: AdmissionSources = {
    policies,
    bindings,
    params: (apiVersion, kind) => {
      const group = groupVersionOf(apiVersion).group;
      return index.ofKind(kind).filter((facts) => groupVersionOf(facts.apiVersion).group === group && isPlain(facts.body));
    },
    paramScope: (apiVersion, kind) => resourceIn(index, groupVersionOf(apiVersion).group, kind).namespaced,
    namespace: (name) => namespaces.get(name),
    authorizer: (user) => authorizerFor(index, user),
  };
  cache.set(index, { version: index.version, sources });
  return sources;
}

function admissionObjects(index: WorkspaceIndex, kind: string): AdmissionObject[] {
  return index.ofKind(kind).flatMap((facts) => {
    if (groupVersionOf(facts.apiVersion).group !== ADMISSION_GROUP || !facts.name || !isPlain(facts.body)) return [];
    const spec = isPlain(facts.body.spec) ? facts.body.spec : {};
    return [{ name: facts.name, body: facts.body, spec, facts }];
  });
}
