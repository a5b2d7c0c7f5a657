import type { Document } from 'yaml';
import type { ManifestFile } from './parse.ts';
import { K8sObject, objectsOf } from './objects.ts';
import { isTrue, nodeAt, plainValue, rangeOf, scalarAt, seqItems, stringAt } from './nodes.ts';
import { containersOf, Workload, workloadOf } from './workloads.ts';
import type { ContainerPortFacts, CrdFacts, ObjectFacts } from './workspace.ts';
import { policyFactsOf, POLICY_KINDS } from '../network/policy-facts.ts';
import { memo } from './memo.ts';
import { intern, internPlain } from './intern.ts';

/** Kinds whose whole body cross-file rules read (the RBAC model), so the index keeps it as plain data. */
export const BODY_KINDS = new Set([
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ServiceAccount',
  // Admission policies read their policies, bindings and Namespaces whole.
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'Namespace',
]);

/** Kinds admission policies commonly take as params; their bodies are kept when small. */
const PARAM_KINDS = new Set(['ConfigMap']);
/** Params larger than this (document text) are not kept: the index must stay compact. */
const MAX_PARAM_TEXT = 64 * 1024;

/** Decides the namespace of an object that does not name one (kustomization, then the default). */
export type NamespaceResolver = (path: string, object: K8sObject) => string;

/** The compact facts the workspace index keeps about each object of a file. */
export function factsOfFile(file: ManifestFile, resolveNamespace: NamespaceResolver): ObjectFacts[] {
  const facts = objectsOf(file).map((object) => factsOfObject(file.path, object, resolveNamespace));
  const made = madeFrom.get(file);
  // The first list stays (the index's, made before the file is linted), then the latest ones.
  madeFrom.set(file, made ? [made[0], facts, ...made.slice(1, MAX_MADE_FROM - 1)] : [facts]);
  return facts;
}

/**
 * The fact lists factsOfFile made from each parsed file (the first, usually the index's, and the last
 * few, which cross-file rules make while linting it), on the file: the index keeps facts, never files or trees. Not a
 * WeakRef from the facts (V8 keeps a WeakRef's target alive until the job ends, so an index build
 * kept every tree it parsed between two yields) nor a WeakMap (see memo.ts).
 */
const madeFrom = memo<ManifestFile, ObjectFacts[][]>('factsMadeFrom');
/** Lists kept per file: a list dropped only means a lint that cannot reuse earlier results. */
const MAX_MADE_FROM = 4;

/** True when factsOfFile made this list of facts from this very parse of a file (one of its last few lists). */
export function factsMadeFrom(facts: ObjectFacts[], file: ManifestFile): boolean {
  return madeFrom.get(file)?.includes(facts) ?? false;
}

/**
 * Facts of each parsed document (the parse cache hands out the same Document for the same text),
 * without namespace and with document-relative offsets, numbered: an edit recomputes only the
 * documents it touched. On the document (see memo.ts), so they go with its tree.
 */
const documentFacts = memo<Document.Parsed, { path: string; facts: ObjectFacts; origin: number }>('documentFacts');
let nextOrigin = 0;

function factsOfObject(path: string, object: K8sObject, resolveNamespace: NamespaceResolver): ObjectFacts {
  let known = documentFacts.get(object.doc.yaml);
  if (!known || known.path !== path) {
    known = { path, facts: factsOfDocument(path, object), origin: nextOrigin++ };
    documentFacts.set(object.doc.yaml, known);
  }
  const { facts } = known;
  const offset = object.doc.offset;
  const placed = { ...facts, namespace: intern(object.namespace ?? resolveNamespace(path, object)), start: facts.start + offset, end: facts.end + offset };
  originOf.set(placed, known.origin);
  return placed;
}

/**
 * The number of the document facts each placed fact was made from: a number, not those facts, so
 * that the index does not keep a second copy of every object's facts.
 */
const originOf = new WeakMap<ObjectFacts, number>();

/** True when two facts were made from the same document facts into the same namespace: equal apart from offsets, without comparing them. */
export function sameOrigin(a: ObjectFacts, b: ObjectFacts): boolean {
  const origin = originOf.get(a);
  return origin !== undefined && origin === originOf.get(b) && a.namespace === b.namespace;
}

/** The index offset of an object: where its name (else its kind) starts, in file offsets. */
export function factsStart(object: K8sObject): number {
  return object.doc.offset + rangeOf(object.nameNode ?? object.kindNode)![0];
}

/** An object's facts apart from its namespace, with offsets relative to its document. */
function factsOfDocument(path: string, object: K8sObject): ObjectFacts {
  const anchor = rangeOf(object.nameNode ?? object.kindNode)!;
  const facts: ObjectFacts = {
    path,
    kind: object.kind,
    apiVersion: object.apiVersion,
    name: object.name,
    namespace: '',
    labels: object.labels,
    start: anchor[0],
    end: anchor[1],
  };
  const workload = workloadOf(object);
  if (workload) Object.assign(facts, workloadFacts(workload));
  if (POLICY_KINDS.includes(object.kind)) {
    const policy = policyFactsOf(object.kind, object.apiVersion, plainValue(object.yaml, object.root));
    if (policy) facts.networkPolicy = policy;
  }
  if (BODY_KINDS.has(object.kind) || (isParamCandidate(object) && object.doc.text.length <= MAX_PARAM_TEXT)) facts.body = plainValue(object.yaml, object.root);
  if (object.kind === 'CustomResourceDefinition') {
    const crd = crdFactsOf(object);
    if (crd) facts.crd = crd;
  }
  // Shared, flat strings (not slices of the document's text); the path is the caller's.
  for (const key of Object.keys(facts) as (keyof ObjectFacts)[]) if (key !== 'path') internPlain(facts[key]);
  facts.kind = intern(facts.kind);
  facts.apiVersion = intern(facts.apiVersion);
  if (facts.name !== undefined) facts.name = intern(facts.name);
  return facts;
}

/** What RBAC needs of a CustomResourceDefinition: the resource it serves and its scope. */
function crdFactsOf(object: K8sObject): CrdFacts | undefined {
  const spec = nodeAt(object.yaml, object.root, 'spec');
  const group = stringAt(object.yaml, spec, 'group');
  const plural = stringAt(object.yaml, nodeAt(object.yaml, spec, 'names'), 'plural');
  if (group === undefined || plural === undefined) return undefined;
  const scope = stringAt(object.yaml, spec, 'scope');
  const kind = stringAt(object.yaml, nodeAt(object.yaml, spec, 'names'), 'kind');
  return { group, plural, scope: scope === 'Namespaced' ? 'Namespaced' : scope === 'Cluster' ? 'Cluster' : 'unknown', ...(kind ? { kind } : {}) };
}

/** ConfigMaps and custom resources (an API group with a dot, outside *.k8s.io) may be policy params. */
function isParamCandidate(object: K8sObject): boolean {
  if (PARAM_KINDS.has(object.kind)) return true;
  const slash = object.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : object.apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io') && !workloadOf(object);
}

function workloadFacts(workload: Workload): Partial<ObjectFacts> {
  const containers = containersOf(workload);
  const facts: Partial<ObjectFacts> = {
    podLabels: workload.podLabels,
    // slice(): an exact-size copy (flatMap's array keeps spare capacity, 5,000 times over in a big workspace).
    containerPorts: containers.filter((container) => container.list === 'containers').flatMap((container) => portsOf(workload, container.node)).slice(),
  };
  if (isTrue(scalarAt(workload.yaml, workload.podSpec, 'hostNetwork'))) facts.hostNetwork = true;
  if (workload.object.kind === 'DaemonSet') facts.images = containers.flatMap((container) => (container.image ? [container.image] : []));
  return facts;
}

function portsOf(workload: Workload, container: unknown): ContainerPortFacts[] {
  const yaml = workload.yaml;
  return seqItems(yaml, nodeAt(yaml, container, 'ports')).flatMap((port) => {
    const number = Number(scalarAt(yaml, port, 'containerPort'));
    if (!Number.isInteger(number) || number < 1 || number > 65535) return [];
    const name = stringAt(yaml, port, 'name');
    return [{ port: number, protocol: stringAt(yaml, port, 'protocol') ?? 'TCP', ...(name ? { name } : {}) }];
  });
}

/** Kinds Kubernetes serves cluster-scoped: their identity has no namespace. */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService',
  'ClusterRole',
  'ClusterRoleBinding',
  'CSIDriver',
  'CustomResourceDefinition',
  'GlobalNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
]);

/** Kinds whose repeated definitions do not make files alternatives. */
const SHARED_KINDS = new Set(['Namespace']);

/** `ClusterRole calico-node`, `Role ns/name`: what makes two definitions the same object; undefined when unnamed. */
export function identityOf(facts: ObjectFacts): string | undefined {
  if (!facts.name || SHARED_KINDS.has(facts.kind)) return undefined;
  return CLUSTER_SCOPED_KINDS.has(facts.kind) ? `${facts.kind} ${facts.name}` : `${facts.kind} ${facts.namespace}/${facts.name}`;
}
