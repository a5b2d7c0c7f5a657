import { isMap, isScalar, Node, Pair, YAMLMap } from 'yaml';
import type { DocEditor, TextEdit } from '../../engine/edits.ts';
import { mapAt, nodeAt, pairOf, seqItems, stringMap } from '../../engine/nodes.ts';
import type { K8sObject } from '../../engine/objects.ts';
import { deref } from '../../engine/parse.ts';
import { renderFlow } from '../../engine/yaml-style.ts';

/**
 * Field conversions for apiVersion migrations whose schema changed, as kubectl-convert writes them.
 * Each returns the edits beyond the apiVersion itself, or undefined when it cannot convert the object.
 */
export type Conversion = (object: K8sObject, editor: DocEditor) => TextEdit[] | undefined;

const OLD_WORKLOAD_VERSIONS = ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'];
const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'];
const OLD_INGRESS_VERSIONS = ['extensions/v1beta1', 'networking.k8s.io/v1beta1'];

/** The conversion from an apiVersion to another for a kind, if kube-hardener knows one. */
export function conversionFor(from: string, to: string, kind: string): Conversion | undefined {
  if (to === 'apps/v1' && OLD_WORKLOAD_VERSIONS.includes(from) && WORKLOAD_KINDS.includes(kind)) return convertWorkload;
  if (to === 'networking.k8s.io/v1' && OLD_INGRESS_VERSIONS.includes(from) && kind === 'Ingress') return convertIngress;
  return undefined;
}

/** Fields apps/v1 no longer has. */
const DROPPED_WORKLOAD_FIELDS = ['rollbackTo', 'templateGeneration'];

/**
 * apps/v1 requires `spec.selector`: the old versions defaulted it to the template's labels, so
 * that is what the converted object states. Fields apps/v1 dropped are removed.
 */
function convertWorkload(object: K8sObject, editor: DocEditor): TextEdit[] | undefined {
  const spec = mapAt(object.yaml, object.root, 'spec');
  if (!spec) return undefined;
  const removals = DROPPED_WORKLOAD_FIELDS.map((key) => pairOf(object.yaml, spec, key))
    .filter((pair): pair is Pair<any, any> => pair !== undefined && spec.items.includes(pair))
    .map((pair) => editor.removePair(spec, pair));
  if (nodeAt(object.yaml, spec, 'selector') !== undefined) return removals;
  const labels = stringMap(object.yaml, nodeAt(object.yaml, spec, 'template', 'metadata', 'labels'));
  if (Object.keys(labels).length === 0) return undefined;
  const insertion = editor.insertPair(spec, 'selector', { matchLabels: labels });
  // The selector goes after spec's last pair; when that pair is being removed the two edits would
  // collide, so the removal waits (apps/v1 then reports the leftover field).
  return [insertion, ...removals.filter((edit) => edit.end < insertion.start || edit.start > insertion.end)];
}

/**
 * networking.k8s.io/v1 Ingress: `spec.backend` is `spec.defaultBackend`, backends name their Service
 * as `service: {name, port: {number | name}}`, and every path has a `pathType` (ImplementationSpecific
 * is what v1beta1 did when it was unset).
 */
function convertIngress(object: K8sObject, editor: DocEditor): TextEdit[] {
  const spec = mapAt(object.yaml, object.root, 'spec');
  if (!spec) return [];
  const edits: TextEdit[] = [];
  const backend = pairOf(object.yaml, spec, 'backend');
  if (backend && spec.items.includes(backend) && !pairOf(object.yaml, spec, 'defaultBackend')) {
    edits.push(editor.replace(backend.key as Node, 'defaultBackend'));
    edits.push(...convertBackend(object, editor, backend.value));
  }
  for (const rule of seqItems(object.yaml, nodeAt(object.yaml, spec, 'rules'))) {
    for (const path of seqItems(object.yaml, nodeAt(object.yaml, rule, 'http', 'paths'))) {
      const pathMap = deref(object.yaml, path);
      if (!isMap(pathMap)) continue;
      edits.push(...convertBackend(object, editor, pairOf(object.yaml, pathMap, 'backend')?.value));
      if (!pairOf(object.yaml, pathMap, 'pathType')) edits.push(insertFirstPair(object, editor, pathMap, 'pathType', 'ImplementationSpecific'));
    }
  }
  return edits;
}

/** `serviceName: web` + `servicePort: 80` -> `service: {name: web, port: {number: 80}}`, in the backend's own style. */
function convertBackend(object: K8sObject, editor: DocEditor, node: unknown): TextEdit[] {
  const backend = deref(object.yaml, node);
  if (!isMap(backend)) return [];
  const name = ownPair(backend, 'serviceName');
  const port = ownPair(backend, 'servicePort');
  if (!name && !port) return [];
  const service: Record<string, any> = {};
  if (name && isScalar(name.value)) service.name = String(name.value.value);
  if (port && isScalar(port.value)) {
    const value = port.value.value;
    service.port = typeof value === 'number' ? { number: value } : { name: String(value) };
  }
  if (backend.flow) {
    const rest = backend.items.filter((pair) => pair !== name && pair !== port).map((pair) => sourceOf(object, pair as Pair<any, any>));
    return [editor.replace(backend, `{${[`service: ${renderFlow(service)}`, ...rest].join(', ')}}`)];
  }
  const [first, second] = [name, port].filter((pair): pair is Pair<any, any> => pair !== undefined).sort((a, b) => a.key.range[0] - b.key.range[0]);
  const column = object.doc.lines.position(first.key.range[0]).column;
  const rendered = editor.renderPair('service', service, column).slice(column);
  const edits = [{ start: first.key.range[0], end: (first.value as Node).range![1], newText: rendered }];
  if (second) edits.push(editor.removePair(backend, second));
  return edits;
}

function sourceOf(object: K8sObject, pair: Pair<any, any>): string {
  const end = (pair.value as Node | null)?.range?.[1] ?? pair.key.range[1];
  return object.doc.text.slice(pair.key.range[0], end);
}

function ownPair(map: YAMLMap, key: string): Pair<any, any> | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair<any, any> | undefined;
}

/** Inserts `key: value` before a block mapping's first pair (on its own line, same column). */
function insertFirstPair(object: K8sObject, editor: DocEditor, map: YAMLMap, key: string, value: string): TextEdit {
  if (map.flow) return editor.insertPair(map, key, value);
  const firstKey = (map.items[0] as Pair).key as Node;
  const start = firstKey.range![0];
  const column = object.doc.lines.position(start).column;
  const line = editor.renderPair(key, value, column).slice(column);
  return { start, end: start, newText: `${line}${editor.style.eol}${' '.repeat(column)}` };
}
