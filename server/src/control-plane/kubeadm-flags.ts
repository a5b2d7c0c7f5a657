import { isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import { mapAt, mapPairs, nodeAt, pairOf, seqItems } from '../engine/nodes.ts';
import { apiGroupOf, K8sObject } from '../engine/objects.ts';
import {
  Component,
  describeConfig,
  impliedByFlags,
  KUBEADM_APISERVER_FLAGS,
  KUBEADM_ETCD_FLAGS,
  KUBEADM_LOCAL_ETCD_CLIENT_FLAGS,
  KUBELET_CONFIG_DEFAULTS,
} from './flag-defaults.ts';
import type { FlagSource, FlagValue } from './flags.ts';

/** Where a kubeadm config keeps a component's extra flags: the parent's path and the key. */
interface ArgsPlace {
  path: string[];
  key: string;
  /** Flags kubeadm writes itself; extra flags override them. */
  implied: Record<string, string>;
}

/** The sources of a component's flags in a kubeadm ClusterConfiguration, InitConfiguration or JoinConfiguration. */
export function kubeadmFlagSources(object: K8sObject, component: Component): FlagSource[] {
  if (apiGroupOf(object.apiVersion) !== 'kubeadm.k8s.io') return [];
  const place = argsPlace(object, component);
  if (!place) return [];
  const yaml = object.yaml;
  const parent = mapAt(yaml, object.root, ...place.path);
  const argsPair = pairOf(yaml, parent, place.key);
  const flags = readExtraArgs(object, argsPair?.value);
  const useList = isSeq(argsPair?.value) || (!isMap(argsPair?.value) && !/^v1beta[123]$/.test(object.apiVersion.split('/')[1] ?? ''));
  return [{
    component,
    where: `${describeConfig(object)} (${[...place.path, place.key].join('.')})`,
    flags,
    implied: { ...place.implied, ...impliedByFlags(component, (name) => flags.has(name)) },
    anchor: (argsPair?.key as Node | undefined) ?? lastExistingKey(object, place.path) ?? object.kindNode,
    addFlag: (editor, name, value) =>
      useList
        ? editor.appendIn(object.root, [...place.path, place.key], { name, value })
        : editor.setIn(object.root, [...place.path, place.key, name], value),
  }];
}

function argsPlace(object: K8sObject, component: Component): ArgsPlace | undefined {
  const yaml = object.yaml;
  if (object.kind === 'ClusterConfiguration') {
    const external = mapAt(yaml, object.root, 'etcd', 'external');
    if (component === 'kube-apiserver') return { path: ['apiServer'], key: 'extraArgs', implied: { ...KUBEADM_APISERVER_FLAGS, ...etcdClientFlags(object, external) } };
    if (component === 'etcd' && !external) return { path: ['etcd', 'local'], key: 'extraArgs', implied: KUBEADM_ETCD_FLAGS };
    return undefined;
  }
  if ((object.kind === 'InitConfiguration' || object.kind === 'JoinConfiguration') && component === 'kubelet') {
    // kubeadm starts the kubelet with a KubeletConfiguration file: its defaults apply under the extra flags.
    return { path: ['nodeRegistration'], key: 'kubeletExtraArgs', implied: KUBELET_CONFIG_DEFAULTS };
  }
  return undefined;
}

/** The --etcd-* flags kubeadm gives the API server: its own files for a local etcd, those named for an external one. */
function etcdClientFlags(object: K8sObject, external: YAMLMap | undefined): Record<string, string> {
  if (!external) return KUBEADM_LOCAL_ETCD_CLIENT_FLAGS;
  const flags: Record<string, string> = {};
  for (const [field, flag] of [['caFile', 'etcd-cafile'], ['certFile', 'etcd-certfile'], ['keyFile', 'etcd-keyfile']]) {
    const value = nodeAt(object.yaml, external, field);
    if (isScalar(value) && typeof value.value === 'string' && value.value !== '') flags[flag] = value.value;
  }
  return flags;
}

/** v1beta3 (and older) `extraArgs` maps; v1beta4 lists of `{name, value}` (repeats allowed: the last wins). */
function readExtraArgs(object: K8sObject, node: unknown): Map<string, FlagValue> {
  const yaml = object.yaml;
  const flags = new Map<string, FlagValue>();
  for (const pair of mapPairs(yaml, node)) {
    const value = pair.value;
    const name = String(pair.key.value);
    flags.set(name, {
      name,
      value: isScalar(value) && value.value != null ? String(value.value) : '',
      node: pair,
      setValue: (editor, newValue) => [editor.replaceValue(pair, newValue)],
    });
  }
  for (const item of seqItems(yaml, node)) {
    const name = nodeAt(yaml, item, 'name');
    if (!isMap(item) || !isScalar(name) || name.value == null) continue;
    const value = nodeAt(yaml, item, 'value');
    const flag = String(name.value);
    flags.set(flag, {
      name: flag,
      value: isScalar(value) && value.value != null ? String(value.value) : '',
      node: isScalar(value) ? value : item,
      setValue: (editor, newValue) => editor.setIn(item, ['value'], newValue),
    });
  }
  return flags;
}

/** The key of the deepest existing mapping on a path (`apiServer`, `etcd`), where a missing section is reported. */
function lastExistingKey(object: K8sObject, path: string[]): Node | undefined {
  let key: Node | undefined;
  let map: unknown = object.root;
  for (const step of path) {
    const pair = pairOf(object.yaml, map, step);
    if (!pair) break;
    key = pair.key as Node;
    map = pair.value;
  }
  return key;
}
