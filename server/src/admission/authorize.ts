// Answers `authorizer` checks of admission expressions from the workspace's RBAC model.
import type { WorkspaceIndex } from '../engine/workspace.ts';
import type { AdmissionUserInfo } from '../engine/config.ts';
import { modelOf } from '../rbac/model.ts';
import { authorize, authorizeNonResource, requestNamespace } from '../rbac/authorizer.ts';
import { identityOf, Identity } from '../rbac/subjects.ts';
import { AuthzDecider, AuthzParts, AuthzRequest, describeParts } from './libraries/authorizer.ts';

/** The `authorizer` value for a request made by `user`, deciding from the index's RBAC model. */
export function authorizerFor(index: WorkspaceIndex, user: AdmissionUserInfo): AuthzRequest {
  const requester: Identity = { kind: 'User', name: user.username, user: user.username, groups: user.groups };
  return new AuthzRequest({ user: user.username }, deciderFor(index, requester));
}

function deciderFor(index: WorkspaceIndex, requester: Identity): AuthzDecider {
  return (parts: AuthzParts) => {
    const identity = parts.serviceAccount ? identityOf('ServiceAccount', parts.serviceAccount.split('/')[1], parts.serviceAccount.split('/')[0]) : requester;
    // system:masters bypasses RBAC in every cluster.
    if (identity.groups.includes('system:masters')) return true;
    const model = modelOf(index);
    const grants =
      parts.path !== undefined
        ? authorizeNonResource(model, identity, { verb: parts.verb, path: parts.path })
        : authorize(model, identity, {
            verb: parts.verb,
            apiGroup: parts.group ?? '',
            resource: parts.resource ?? '',
            subresource: parts.subresource || undefined,
            name: parts.name || undefined,
            namespace: requestNamespace(parts.group ?? '', parts.resource ?? '', parts.namespace),
          });
    if (grants.length > 0) return true;
    throw new Error(`authorizer check not answered offline: no binding of the workspace grants it, and the cluster may hold one (${describeParts(parts)})`);
  };
}
