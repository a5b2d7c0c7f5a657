// The admission request's view of an object of the workspace: group, version, resource, scope,
// namespace and the labels of its Namespace.
import type { K8sObject } from '../engine/objects.ts';
import type { ResolvedConfig } from '../engine/config.ts';
import type { WorkspaceIndex } from '../engine/workspace.ts';
import { resolveNamespace } from '../engine/namespaces.ts';
import type { AdmissionTarget } from './match.ts';
import { groupVersionOf, resourceOfKind } from './resources.ts';

/** The AdmissionTarget of an object, namespace resolved as the index resolves it. */
export function targetOf(object: K8sObject, config: ResolvedConfig, index: WorkspaceIndex): AdmissionTarget {
  const { group, version } = groupVersionOf(object.apiVersion);
  const { resource, namespaced } = resourceIn(index, group, object.kind);
  const namespace = namespaced ? resolveNamespace(object.file.path, object, config) : '';
  return {
    group,
    version,
    kind: object.kind,
    resource,
    namespaced,
    name: object.name,
    namespace,
    labels: object.labels,
    namespaceLabels: namespaced ? namespaceLabels(index, namespace) : {},
  };
}

function namespaceLabels(index: WorkspaceIndex, namespace: string): Record<string, string> {
  const facts = index.ofKind('Namespace').find((candidate) => candidate.name === namespace);
  return { ...(facts?.labels ?? {}), 'kubernetes.io/metadata.name': namespace };
}

/**
 * The resource and scope of a kind: the built-in table, else the CustomResourceDefinition of the
 * workspace that serves it, else the lowercase plural guess (namespaced).
 */
export function resourceIn(index: WorkspaceIndex, group: string, kind: string): { resource: string; namespaced: boolean } {
  const known = resourceOfKind(kind);
  if (known.builtIn) return known;
  const crd = index.ofKind('CustomResourceDefinition').find((facts) => facts.crd?.group === group && facts.crd.kind === kind)?.crd;
  if (!crd) return known;
  return { resource: crd.plural, namespaced: crd.scope !== 'Cluster' };
}
