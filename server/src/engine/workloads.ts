import { isMap, Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { K8sObject } from './objects.ts';
import { Doc, mapAt, nodeAt, pairOf, scalarAt, seqItems, stringMap } from './nodes.ts';
import { memo } from './memo.ts';

/** Where each workload kind keeps its pod template, as a path of keys from the root. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/** The built-in kinds that carry a pod template. Rules that declare all of them also run on workloads recognised by shape. */
export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

/**
 * Where other kinds keep a pod template, recognised by shape (OpenShift DeploymentConfig, Argo Rollout,
 * Knative Service, agent-sandbox SandboxTemplate...): the pod spec path and the key that must be in it.
 */
const SHAPED_POD_SPEC_PATHS: [path: string[], requiredKey?: string][] = [
  [['spec', 'template', 'spec'], 'containers'],
  [['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  [['spec', 'podTemplate', 'spec']],
];

/** The index's name for workloads of other kinds recognised by shape (never a real kind: kinds have no `#`). */
export const SHAPED_WORKLOAD = '#workload-by-shape';

/** Kinds to ask the workspace index for to get every workload, those recognised by shape included. */
export const WORKLOAD_INDEX_KINDS = [...WORKLOAD_KINDS, SHAPED_WORKLOAD];

/** True when a rule declares every built-in workload kind, so it also runs on workloads recognised by shape. */
export function readsWorkloads(kinds: readonly string[] | '*'): boolean {
  return kinds !== '*' && WORKLOAD_KINDS.every((kind) => kinds.includes(kind));
}

/** True for index facts of a workload whose kind is not a built-in workload kind (`podLabels` is set for every workload). */
export function isShapedWorkloadFact(fact: { kind: string; podLabels?: unknown }): boolean {
  return fact.podLabels !== undefined && !(fact.kind in POD_SPEC_PATHS);
}

/** The pod spec path of an object: its kind's, else the first pod template shape its spec has. */
function podSpecPathOf(object: K8sObject): string[] | undefined {
  if (Object.hasOwn(POD_SPEC_PATHS, object.kind)) return POD_SPEC_PATHS[object.kind];
  for (const [path, requiredKey] of SHAPED_POD_SPEC_PATHS) {
    const spec = mapAt(object.yaml, object.root, ...path);
    if (spec && (!requiredKey || nodeAt(object.yaml, spec, requiredKey) !== undefined)) return path;
  }
  return undefined;
}

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_LISTS: ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** An object that carries a pod template, with the template's spec and metadata. */
export interface Workload {
  object: K8sObject;
  yaml: Doc;
  /** The pod spec mapping; undefined when the template has none yet. */
  podSpec?: YAMLMap;
  podSpecPath: string[];
  /** Labels of the pods it creates (template metadata, or the Pod's own). */
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  podMetadata?: YAMLMap;
}

/** One container of a workload: its mapping, the list it is in and its position there. */
export interface Container {
  workload: Workload;
  node: YAMLMap;
  list: ContainerList;
  index: number;
  name?: string;
  nameNode?: Scalar;
  image?: string;
}

/** The workload an object is, or undefined when it carries no pod template (by kind or by shape). */
export function workloadOf(object: K8sObject): Workload | undefined {
  const path = podSpecPathOf(object);
  if (!path) return undefined;
  const yaml = object.yaml;
  const podSpec = mapAt(yaml, object.root, ...path);
  const podMetadata = object.kind === 'Pod' ? object.metadata : mapAt(yaml, object.root, ...path.slice(0, -1), 'metadata');
  return {
    object,
    yaml,
    podSpec,
    podSpecPath: path,
    podLabels: stringMap(yaml, nodeAt(yaml, podMetadata, 'labels')),
    podAnnotations: stringMap(yaml, nodeAt(yaml, podMetadata, 'annotations')),
    podMetadata,
  };
}

/** Every container of a workload: containers, initContainers and ephemeralContainers (one list per workload, shared: read-only). */
export function containersOf(workload: Workload): readonly Container[] {
  let result = containerLists.get(workload);
  if (!result) containerLists.set(workload, (result = readContainers(workload)));
  return result;
}

/**
 * containersOf answers: every rule on an object asks for the same workload's containers. On the
 * workload, not in a WeakMap: containers hold the workload's tree, and V8's scavenger treats
 * WeakMap values as roots, which kept every tree of an index build alive (see memo.ts).
 */
const containerLists = memo<Workload, readonly Container[]>('containers');

function readContainers(workload: Workload): Container[] {
  const result: Container[] = [];
  for (const list of CONTAINER_LISTS) {
    seqItems(workload.yaml, nodeAt(workload.yaml, workload.podSpec, list)).forEach((node, index) => {
      if (!isMap(node)) return;
      const nameNode = nodeAt(workload.yaml, node, 'name');
      const image = scalarAt(workload.yaml, node, 'image');
      result.push({
        workload,
        node,
        list,
        index,
        name: typeof (nameNode as Scalar | undefined)?.value === 'string' ? String((nameNode as Scalar).value) : undefined,
        nameNode: nameNode as Scalar | undefined,
        image: typeof image === 'string' ? image : undefined,
      });
    });
  }
  return result;
}

/** True for pods that declare `spec.os.name: windows`, which Pod Security exempts from Linux-only checks. */
export function isWindowsPod(workload: Workload): boolean {
  return scalarAt(workload.yaml, workload.podSpec, 'os', 'name') === 'windows';
}

/** True for pods with `hostUsers: false` (user namespaces). */
export function usesUserNamespace(workload: Workload): boolean {
  return scalarAt(workload.yaml, workload.podSpec, 'hostUsers') === false;
}

/** Where a setting's effective value comes from. */
export interface EffectiveSetting {
  value: unknown;
  /** The value node that sets it, undefined when neither level sets it. */
  node?: Node;
  pair?: Pair<Scalar, Node | null>;
  level?: 'container' | 'pod';
}

/** Settings a container inherits from the pod-level securityContext when it does not set them itself. */
export const INHERITED_SETTINGS = new Set([
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'seccompProfile',
  'seLinuxOptions',
  'windowsOptions',
  'appArmorProfile',
]);

/** A container's effective securityContext setting (a path under securityContext), as the kubelet applies it. */
export function effectiveSetting(container: Container, ...path: string[]): EffectiveSetting {
  const yaml = container.workload.yaml;
  const fromContainer = settingIn(yaml, mapAt(yaml, container.node, 'securityContext'), path);
  if (fromContainer) return { ...fromContainer, level: 'container' };
  if (!INHERITED_SETTINGS.has(path[0])) return { value: undefined };
  const fromPod = settingIn(yaml, podSecurityContext(container.workload), path);
  return fromPod ? { ...fromPod, level: 'pod' } : { value: undefined };
}

/** A setting of the pod-level securityContext only (a path under it), for checks that judge the pod itself. */
export function podSetting(workload: Workload, ...path: string[]): EffectiveSetting {
  const found = settingIn(workload.yaml, podSecurityContext(workload), path);
  return found ? { ...found, level: 'pod' } : { value: undefined };
}

/** A setting of a container's own securityContext only, ignoring what the pod level would give it. */
export function containerSetting(container: Container, ...path: string[]): EffectiveSetting {
  const found = settingIn(container.workload.yaml, containerSecurityContext(container), path);
  return found ? { ...found, level: 'container' } : { value: undefined };
}

/** A volume of the pod spec, with its name. */
export interface Volume {
  node: YAMLMap;
  index: number;
  name?: string;
  nameNode?: Scalar;
}

/** The volumes of a workload's pod spec that are mappings. */
export function volumesOf(workload: Workload): Volume[] {
  const result: Volume[] = [];
  seqItems(workload.yaml, nodeAt(workload.yaml, workload.podSpec, 'volumes')).forEach((node, index) => {
    if (!isMap(node)) return;
    const nameNode = nodeAt(workload.yaml, node, 'name') as Scalar | undefined;
    const name = nameNode && 'value' in nameNode && nameNode.value != null ? String(nameNode.value) : undefined;
    result.push({ node, index, name, nameNode });
  });
  return result;
}

function settingIn(yaml: Doc, context: YAMLMap | undefined, path: string[]): Omit<EffectiveSetting, 'level'> | undefined {
  if (!context) return undefined;
  const parent = path.length > 1 ? mapAt(yaml, context, ...path.slice(0, -1)) : context;
  const pair = pairOf(yaml, parent, path[path.length - 1]);
  if (!pair || pair.value == null) return undefined;
  const node = nodeAt(yaml, parent, path[path.length - 1]);
  const value = node && 'value' in node ? (node as Scalar).value : node;
  if (value === null) return undefined;
  return { value, node, pair };
}

/** The pod-level securityContext mapping, if the pod spec has one. */
export function podSecurityContext(workload: Workload): YAMLMap | undefined {
  return mapAt(workload.yaml, workload.podSpec, 'securityContext');
}

/** A container's own securityContext mapping, if it has one. */
export function containerSecurityContext(container: Container): YAMLMap | undefined {
  return mapAt(container.workload.yaml, container.node, 'securityContext');
}

/** Where a finding about a missing container setting points: the securityContext key, else the container's name. */
export function containerAnchor(container: Container): Node {
  const securityContextKey = pairOf(container.workload.yaml, container.node, 'securityContext')?.key as Node | undefined;
  return securityContextKey ?? container.nameNode ?? (container.node.items[0]?.key as Node) ?? container.node;
}

/** The key of the pod spec (`spec:` of the Pod or of its template): where pod-level findings about a missing field point. */
export function podSpecKey(workload: Workload): Node | undefined {
  const parent = nodeAt(workload.yaml, workload.object.root, ...workload.podSpecPath.slice(0, -1));
  return pairOf(workload.yaml, parent, workload.podSpecPath[workload.podSpecPath.length - 1])?.key as Node | undefined;
}

/** A readable label such as `container "app"` or `initContainer "init"`. */
export function describeContainer(container: Container): string {
  const kind = container.list === 'containers' ? 'container' : container.list.slice(0, -1);
  return `${kind} "${container.name ?? `#${container.index + 1}`}"`;
}
