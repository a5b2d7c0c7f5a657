import { isScalar, Node } from 'yaml';
import { nodeAt, pairOf, scalarAt, seqItems } from '../../engine/nodes.ts';
import { deref } from '../../engine/parse.ts';
import { K8sObject, objectsOf } from '../../engine/objects.ts';
import type { ManifestFile } from '../../engine/parse.ts';
import { resolveNamespace } from '../../engine/namespaces.ts';
import type { RuleContext } from '../../engine/rule.ts';
import type { Workload } from '../../engine/workloads.ts';
import { memo } from '../../engine/memo.ts';

/** The ServiceAccount a workload's pods run as, and the node that names it (if any). */
export interface PodServiceAccount {
  name: string;
  /** The value of serviceAccountName (or the deprecated serviceAccount) when written. */
  node?: Node;
}

/**
 * The ServiceAccount of a workload's pods: serviceAccountName, else the deprecated serviceAccount
 * (the API server copies it over), else `default`. Empty strings count as unset, as the API treats them.
 */
export function podServiceAccount(workload: Workload): PodServiceAccount {
  for (const field of ['serviceAccountName', 'serviceAccount']) {
    const node = nodeAt(workload.yaml, workload.podSpec, field);
    if (isScalar(node) && node.value != null && String(node.value) !== '') return { name: String(node.value), node };
  }
  return { name: 'default' };
}

/** True when the workload's pods run as their namespace's `default` ServiceAccount. */
export function usesDefaultServiceAccount(workload: Workload): boolean {
  return podServiceAccount(workload).name === 'default';
}

/** How a pod gets a token of its ServiceAccount, as the kubelet decides. */
export interface TokenMount {
  /** The pod spec's automountServiceAccountToken pair (its value node, else its key), when written. */
  podNode?: Node;
  /** The pod spec's setting: true, false, or undefined when silent (an empty value counts as silent). */
  pod?: boolean;
  /** The first projected volume source that requests a token of the pod's ServiceAccount. */
  projected?: Node;
}

/** The pod spec's automountServiceAccountToken and any projected serviceAccountToken volume source. */
export function tokenMountOf(workload: Workload): TokenMount {
  const yaml = workload.yaml;
  const pair = pairOf(yaml, workload.podSpec, 'automountServiceAccountToken');
  const value = deref(yaml, pair?.value);
  const pod = isScalar(value) && typeof value.value === 'boolean' ? value.value : undefined;
  const podNode = pair ? ((isScalar(value) && value.source !== '' ? value : pair.key) as Node) : undefined;
  let projected: Node | undefined;
  for (const volume of seqItems(yaml, nodeAt(yaml, workload.podSpec, 'volumes'))) {
    for (const source of seqItems(yaml, nodeAt(yaml, volume, 'projected', 'sources'))) {
      projected ??= pairOf(yaml, source, 'serviceAccountToken')?.key as Node | undefined;
    }
  }
  return { podNode, pod, projected };
}

const accountsByFile = memo<ManifestFile, K8sObject[]>('accountsByFile');

/** The ServiceAccount objects of a file's current text, computed once per parsed file. */
function serviceAccountsOf(file: ManifestFile): K8sObject[] {
  let accounts = accountsByFile.get(file);
  if (!accounts) accountsByFile.set(file, (accounts = objectsOf(file).filter((object) => object.kind === 'ServiceAccount')));
  return accounts;
}

/**
 * The automountServiceAccountToken of a ServiceAccount as the workspace defines it: from the linted
 * file's current text when it holds the object, else from the index (every copy must set false for
 * false). Undefined when the workspace does not define the object or it is silent.
 */
export function serviceAccountAutomount(ctx: RuleContext, namespace: string, name: string): boolean | undefined {
  const own = serviceAccountsOf(ctx.object.file).filter((object) => object.name === name && resolveNamespace(object.file.path, object, ctx.config) === namespace);
  const values = own.length > 0
    ? own.map((object) => scalarAt(object.yaml, object.root, 'automountServiceAccountToken'))
    : ctx.index.inNamespace(namespace, ['ServiceAccount']).filter((fact) => fact.name === name && fact.path !== ctx.object.file.path)
        .map((fact) => (fact.body as { automountServiceAccountToken?: unknown } | undefined)?.automountServiceAccountToken);
  if (values.length === 0) return undefined;
  if (values.every((value) => value === false)) return false;
  return values.some((value) => value === true) ? true : undefined;
}
