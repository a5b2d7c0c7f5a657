// The `authorizer` variable of ValidatingAdmissionPolicies (k8s.io/apiserver/pkg/cel/library/authz.go).
// Expressions that use it type-check; a check() cannot be answered offline, so evaluating one is an
// evaluation error (reported as a finding of its own), never a guessed allow or deny.
import type { Environment } from '@marcbachmann/cel-js';

/** A partially built authorization request. */
export class AuthzRequest {
  constructor(readonly parts: Record<string, string> = {}) {}
  with(key: string, value: string): AuthzRequest {
    return new AuthzRequest({ ...this.parts, [key]: value });
  }
}

/** Registers the Authorizer, PathCheck, GroupCheck, ResourceCheck and Decision functions. */
export function registerAuthorizer(env: Environment): void {
  const A = 'kubernetes.authorization.Authorizer';
  const G = 'kubernetes.authorization.GroupCheck';
  const R = 'kubernetes.authorization.ResourceCheck';
  const P = 'kubernetes.authorization.PathCheck';
  const D = 'kubernetes.authorization.Decision';
  class Decision {}
  for (const [name, ctor] of [[A, AuthzRequest], [G, class extends AuthzRequest {}], [R, class extends AuthzRequest {}], [P, class extends AuthzRequest {}], [D, Decision]] as const) {
    env.registerType(name, ctor as never);
  }
  const refuse = (request: AuthzRequest) => {
    const described = Object.entries(request.parts).map(([key, value]) => `${key}=${value}`).join(', ');
    throw new Error(`authorizer checks are not evaluated offline (${described})`);
  };
  env.registerFunction(`dyn.group(string): ${G}`, (a: AuthzRequest, group: string) => new AuthzRequest(a.parts).with('group', group));
  env.registerFunction(`dyn.path(string): ${P}`, (a: AuthzRequest, path: string) => new AuthzRequest(a.parts).with('path', path));
  env.registerFunction(`dyn.serviceAccount(string, string): ${A}`, (a: AuthzRequest, ns: string, name: string) => new AuthzRequest(a.parts).with('user', `system:serviceaccount:${ns}:${name}`));
  env.registerFunction(`${G}.resource(string): ${R}`, (a: AuthzRequest, resource: string) => a.with('resource', resource));
  env.registerFunction(`${R}.subresource(string): ${R}`, (a: AuthzRequest, value: string) => a.with('subresource', value));
  env.registerFunction(`${R}.namespace(string): ${R}`, (a: AuthzRequest, value: string) => a.with('namespace', value));
  env.registerFunction(`${R}.name(string): ${R}`, (a: AuthzRequest, value: string) => a.with('name', value));
  env.registerFunction(`${R}.check(string): ${D}`, (a: AuthzRequest, verb: string) => refuse(a.with('verb', verb)));
  env.registerFunction(`${P}.check(string): ${D}`, (a: AuthzRequest, verb: string) => refuse(a.with('verb', verb)));
  env.registerFunction(`${D}.allowed(): bool`, () => false);
  env.registerFunction(`${D}.reason(): string`, () => '');
  env.registerFunction(`${D}.errored(): bool`, () => true);
  env.registerFunction(`${D}.error(): string`, () => '');
}
