import type { ManifestFile } from './parse.ts';
import { K8sObject, objectsOf } from './objects.ts';
import { plainValue, rangeOf } from './nodes.ts';
import { workloadOf } from './workloads.ts';
import type { ObjectFacts } from './workspace.ts';

/** Kinds whose whole body cross-file rules read, so the index keeps it (as plain data). */
export const BODY_KINDS = new Set([
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'RuntimeClass',
  'ServiceAccount',
  'DaemonSet',
  'Kustomization',
]);

/** Decides the namespace of an object that does not name one (kustomization, then the default). */
export type NamespaceResolver = (path: string, object: K8sObject) => string;

/** The compact facts the workspace index keeps about each object of a file. */
export function factsOfFile(file: ManifestFile, resolveNamespace: NamespaceResolver): ObjectFacts[] {
  return objectsOf(file).map((object) => factsOfObject(file.path, object, resolveNamespace));
}

function factsOfObject(path: string, object: K8sObject, resolveNamespace: NamespaceResolver): ObjectFacts {
  const anchor = rangeOf(object.nameNode ?? object.kindNode)!;
  const workload = workloadOf(object);
  return {
    path,
    kind: object.kind,
    apiVersion: object.apiVersion,
    name: object.name,
    namespace: object.namespace ?? resolveNamespace(path, object),
    labels: object.labels,
    podLabels: workload?.podLabels,
    start: object.doc.offset + anchor[0],
    end: object.doc.offset + anchor[1],
    body: BODY_KINDS.has(object.kind) ? plainValue(object.yaml, object.root) : undefined,
  };
}
