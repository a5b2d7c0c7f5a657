import { parseSubject } from '../engine/rbac-expectations.ts';
import type { BindingDef, SubjectKind, SubjectRef } from './types.ts';

/**
 * Who a request comes from, as the authenticator would describe them: the user name and the
 * groups, including the implicit ones (system:authenticated, system:serviceaccounts[:NS]).
 */
export interface Identity {
  kind: SubjectKind;
  name: string;
  /** For ServiceAccounts. */
  namespace?: string;
  /** The user name requests carry; a Group identity has none. */
  user?: string;
  /**
   * The groups bindings are matched against. Implicit groups are memberships of concrete subjects
   * (a ServiceAccount is in system:serviceaccounts, system:serviceaccounts:NS and
   * system:authenticated; a User in system:authenticated). A Group identity is the group as
   * bindings name it: only bindings to that group itself, never to groups its members also
   * belong to, or who-can would list `Group dev` for every system:authenticated binding.
   */
  groups: string[];
}

const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';
const ANONYMOUS_USER = 'system:anonymous';

/** The identity of a ServiceAccount, a User or a member of a Group. */
export function identityOf(kind: SubjectKind, name: string, namespace?: string): Identity {
  if (kind === 'ServiceAccount') {
    return {
      kind,
      name,
      namespace,
      user: `system:serviceaccount:${namespace}:${name}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED],
    };
  }
  if (kind === 'User') return { kind, name, user: name, groups: [name === ANONYMOUS_USER ? UNAUTHENTICATED : AUTHENTICATED] };
  return { kind, name, groups: [name] };
}

/** The identity a subject text such as `ServiceAccount ci/deployer` names; throws on malformed text. */
export function parseIdentity(text: string): Identity {
  const subject = parseSubject(text);
  return identityOf(subject.kind, subject.name, subject.namespace);
}

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;
const KIND_PREFIX = /^(User|Group|ServiceAccount):(.+)$/i;

/**
 * Like parseIdentity, but also reads the short forms people type in a prompt: `ci/deployer`
 * (a ServiceAccount), `system:serviceaccount:ci:deployer`, `User:alice`, `Group:dev`.
 */
export function parseIdentityLoosely(text: string): Identity {
  const trimmed = text.trim();
  const serviceAccountUser = SERVICE_ACCOUNT_USER.exec(trimmed);
  if (serviceAccountUser) return identityOf('ServiceAccount', serviceAccountUser[2], serviceAccountUser[1]);
  const prefixed = KIND_PREFIX.exec(trimmed);
  if (prefixed && !/\s/.test(trimmed)) return parseIdentity(`${prefixed[1]} ${prefixed[2]}`);
  if (/^[^\s/]+\/[^\s/]+$/.test(trimmed)) return parseIdentity(`ServiceAccount ${trimmed}`);
  return parseIdentity(trimmed);
}

/** The identity a binding subject stands for, or undefined for a subject kind RBAC ignores. */
export function identityOfSubject(subject: SubjectRef, binding: BindingDef): Identity | undefined {
  if (subject.kind === 'ServiceAccount') {
    const namespace = subject.namespace || binding.namespace;
    return namespace ? identityOf('ServiceAccount', subject.name, namespace) : undefined;
  }
  if (subject.kind === 'User' || subject.kind === 'Group') return identityOf(subject.kind, subject.name);
  return undefined;
}

/**
 * True when a binding subject applies to an identity, as Kubernetes' appliesToUser decides:
 * Users by user name, Groups by membership, ServiceAccounts by namespace (defaulting to the
 * RoleBinding's own) and name.
 */
export function subjectAppliesTo(subject: SubjectRef, binding: BindingDef, identity: Identity): boolean {
  switch (subject.kind) {
    case 'User':
      return identity.user !== undefined && identity.user === subject.name;
    case 'Group':
      return identity.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || binding.namespace;
      return !!namespace && identity.user === `system:serviceaccount:${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

/** True when any subject of the binding applies to the identity. */
export function bindingAppliesTo(binding: BindingDef, identity: Identity): boolean {
  return binding.subjects.some((subject) => subjectAppliesTo(subject, binding, identity));
}

/** `ServiceAccount ci/deployer`, `User alice`, `Group dev`. */
export function formatIdentity(identity: Identity): string {
  return identity.kind === 'ServiceAccount' ? `ServiceAccount ${identity.namespace}/${identity.name}` : `${identity.kind} ${identity.name}`;
}

/** A binding subject as users write it, its ServiceAccount namespace defaulted to the binding's. */
export function formatSubject(subject: SubjectRef, binding: BindingDef): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount ${subject.namespace || binding.namespace || '?'}/${subject.name}`;
  return `${subject.kind} ${subject.name}`;
}

/** A stable key for an identity, for caches and de-duplication. */
export function identityKey(identity: Identity): string {
  return formatIdentity(identity);
}
