import type { RbacModel } from './model.ts';
import { Permission, permissionsOf } from './permissions.ts';
import { Identity, identityKey, identityOfSubject } from './subjects.ts';
import { compareCodeUnits } from '../engine/text.ts';

const permissionCache = new WeakMap<RbacModel, Map<string, Permission[]>>();

/** permissionsOf, computed once per model and identity. */
export function permissionsOfCached(model: RbacModel, identity: Identity): Permission[] {
  let byIdentity = permissionCache.get(model);
  if (!byIdentity) permissionCache.set(model, (byIdentity = new Map()));
  const key = identityKey(identity);
  let permissions = byIdentity.get(key);
  if (!permissions) byIdentity.set(key, (permissions = permissionsOf(model, identity)));
  return permissions;
}

/** Every subject that some binding of the workspace names, once each, in a stable order. */
export function boundIdentities(model: RbacModel): Identity[] {
  const found = new Map<string, Identity>();
  for (const binding of model.bindings) {
    for (const subject of binding.subjects) {
      const identity = identityOfSubject(subject, binding);
      if (identity && !found.has(identityKey(identity))) found.set(identityKey(identity), identity);
    }
  }
  return [...found.values()].sort((a, b) => compareCodeUnits(identityKey(a), identityKey(b)));
}
