// The `authorizer` variable of ValidatingAdmissionPolicies (k8s.io/apiserver/pkg/cel/library/authz.go).
// A check is answered from the workspace's RBAC model when a binding of the workspace grants it
// (RBAC only adds permissions, so that grant exists in the cluster too); when none does, the cluster
// may still hold one, so the check is an evaluation error (a finding of its own), never a guess.
import type { Environment } from '@marcbachmann/cel-js';

/** The parts of an authorization check built so far (user, group, resource, namespace, verb...). */
export type AuthzParts = Record<string, string>;

/** Answers a complete check: true when allowed; throws when it cannot be answered offline. */
export type AuthzDecider = (parts: AuthzParts) => boolean;

const undecidable: AuthzDecider = (parts) => {
  throw new Error(`authorizer checks are not evaluated offline (${describeParts(parts)})`);
};

/** Describes a check for messages. */
export function describeParts(parts: AuthzParts): string {
  return Object.entries(parts).map(([key, value]) => `${key}=${value}`).join(', ');
}

/** A partially built authorization request. */
export class AuthzRequest {
  constructor(
    readonly parts: AuthzParts = {},
    readonly decide: AuthzDecider = undecidable,
  ) {}
  with(key: string, value: string): AuthzRequest {
    return new AuthzRequest({ ...this.parts, [key]: value }, this.decide);
  }
}

/** The answer of a check. */
export class Decision {
  constructor(readonly allowed: boolean) {}
}

/** Registers the Authorizer, PathCheck, GroupCheck, ResourceCheck and Decision functions. */
export function registerAuthorizer(env: Environment): void {
  const A = 'kubernetes.authorization.Authorizer';
  const G = 'kubernetes.authorization.GroupCheck';
  const R = 'kubernetes.authorization.ResourceCheck';
  const P = 'kubernetes.authorization.PathCheck';
  const D = 'kubernetes.authorization.Decision';
  for (const [name, ctor] of [[A, AuthzRequest], [G, class extends AuthzRequest {}], [R, class extends AuthzRequest {}], [P, class extends AuthzRequest {}], [D, Decision]] as const) {
    env.registerType(name, ctor as never);
  }
  const check = (request: AuthzRequest) => new Decision(request.decide(request.parts));
  env.registerFunction(`dyn.group(string): ${G}`, (a: AuthzRequest, group: string) => a.with('group', group));
  env.registerFunction(`dyn.path(string): ${P}`, (a: AuthzRequest, path: string) => a.with('path', path));
  env.registerFunction(`dyn.serviceAccount(string, string): ${A}`, (a: AuthzRequest, namespace: string, name: string) =>
    new AuthzRequest({ serviceAccount: `${namespace}/${name}` }, a.decide),
  );
  env.registerFunction(`${G}.resource(string): ${R}`, (a: AuthzRequest, resource: string) => a.with('resource', resource));
  env.registerFunction(`${R}.subresource(string): ${R}`, (a: AuthzRequest, value: string) => a.with('subresource', value));
  env.registerFunction(`${R}.namespace(string): ${R}`, (a: AuthzRequest, value: string) => a.with('namespace', value));
  env.registerFunction(`${R}.name(string): ${R}`, (a: AuthzRequest, value: string) => a.with('name', value));
  // AuthzSelectors (Kubernetes 1.31+): RBAC grants ignore field and label selectors, so they narrow
  // nothing here; they are kept for the message.
  env.registerFunction(`${R}.fieldSelector(string): ${R}`, (a: AuthzRequest, value: string) => a.with('fieldSelector', value));
  env.registerFunction(`${R}.labelSelector(string): ${R}`, (a: AuthzRequest, value: string) => a.with('labelSelector', value));
  env.registerFunction(`${R}.check(string): ${D}`, (a: AuthzRequest, verb: string) => check(a.with('verb', verb)));
  env.registerFunction(`${P}.check(string): ${D}`, (a: AuthzRequest, verb: string) => check(a.with('verb', verb)));
  env.registerFunction(`${D}.allowed(): bool`, (decision: Decision) => decision.allowed);
  env.registerFunction(`${D}.reason(): string`, (decision: Decision) => (decision.allowed ? 'allowed by a binding of the workspace' : ''));
  env.registerFunction(`${D}.errored(): bool`, () => false);
  env.registerFunction(`${D}.error(): string`, () => '');
}
