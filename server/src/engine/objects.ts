import { isMap, isScalar, Node, Scalar, YAMLMap } from 'yaml';
import type { ManifestDoc, ManifestFile } from './parse.ts';
import { Doc, mapAt, nodeAt, pairOf, stringMap } from './nodes.ts';
import { memo } from './memo.ts';

/** A Kubernetes object: a document whose root is a mapping with string apiVersion and kind. */
export interface K8sObject {
  file: ManifestFile;
  doc: ManifestDoc;
  yaml: Doc;
  root: YAMLMap;
  apiVersion: string;
  kind: string;
  name?: string;
  /** metadata.namespace as written; see `namespaceOf` for the resolved one. */
  namespace?: string;
  metadata?: YAMLMap;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  apiVersionNode: Scalar;
  kindNode: Scalar;
  nameNode?: Scalar;
}

/** The Kubernetes object a document holds, or undefined for any other YAML. */
export function objectOf(file: ManifestFile, doc: ManifestDoc): K8sObject | undefined {
  let core = objectCores.get(doc.yaml);
  if (core === undefined) {
    core = objectCoreOf(doc.yaml) ?? null;
    objectCores.set(doc.yaml, core);
  }
  return core ? { ...core, file, doc } : undefined;
}

/** An object apart from where it is (file and document), computed once per parsed document: typing re-reads only the documents it touched. */
type ObjectCore = Omit<K8sObject, 'file' | 'doc'>;
// On the document itself, not in a WeakMap: the core holds the document (see memo.ts).
const objectCores = memo<Doc, ObjectCore | null>('objectCore');

function objectCoreOf(yaml: Doc): ObjectCore | undefined {
  const root = yaml.contents;
  if (!isMap(root)) return undefined;
  const apiVersionNode = nodeAt(yaml, root, 'apiVersion');
  const kindNode = nodeAt(yaml, root, 'kind');
  if (!isStringScalar(apiVersionNode) || !isStringScalar(kindNode)) return undefined;
  const metadata = mapAt(yaml, root, 'metadata');
  const nameNode = nodeAt(yaml, metadata, 'name');
  const namespaceNode = nodeAt(yaml, metadata, 'namespace');
  return {
    yaml,
    root,
    apiVersion: apiVersionNode.value as string,
    kind: kindNode.value as string,
    name: isScalar(nameNode) && nameNode.value != null ? String(nameNode.value) : undefined,
    namespace: isScalar(namespaceNode) && namespaceNode.value != null ? String(namespaceNode.value) : undefined,
    metadata,
    labels: stringMap(yaml, nodeAt(yaml, metadata, 'labels')),
    annotations: stringMap(yaml, nodeAt(yaml, metadata, 'annotations')),
    apiVersionNode,
    kindNode,
    nameNode: isScalar(nameNode) ? nameNode : undefined,
  };
}

function isStringScalar(node: Node | undefined): node is Scalar {
  return isScalar(node) && typeof node.value === 'string' && node.value !== '';
}

/** All Kubernetes objects of a parsed file; documents with syntax errors are left out. */
export function objectsOf(file: ManifestFile): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of file.docs) {
    if (doc.yaml.errors.length > 0 || doc.kustomizePatch) continue;
    const object = objectOf(file, doc);
    if (object) objects.push(object);
  }
  return objects;
}

/** The API group of an apiVersion ("" for the core group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** A readable reference such as `Deployment web` or `Deployment shop/web`. */
export function describeObject(object: K8sObject): string {
  const name = object.name ?? '(unnamed)';
  return object.namespace ? `${object.kind} ${object.namespace}/${name}` : `${object.kind} ${name}`;
}

/** The key node of `metadata.name`'s pair, else the kind value: where object-level findings point. */
export function objectAnchor(object: K8sObject): Node {
  return object.nameNode ?? (pairOf(object.yaml, object.root, 'kind')?.key as Node) ?? object.kindNode;
}
