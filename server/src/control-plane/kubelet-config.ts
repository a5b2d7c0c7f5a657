import { isScalar, Node, Pair } from 'yaml';
import { mapAt, pairOf } from '../engine/nodes.ts';
import { apiGroupOf, K8sObject } from '../engine/objects.ts';
import { Component, describeConfig, KUBELET_CONFIG_DEFAULTS } from './flag-defaults.ts';
import type { FlagSource, FlagValue } from './flags.ts';

/** KubeletConfiguration fields and the kubelet flags they stand for. */
const FIELDS: [flag: string, path: string[]][] = [
  ['anonymous-auth', ['authentication', 'anonymous', 'enabled']],
  ['authentication-token-webhook', ['authentication', 'webhook', 'enabled']],
  ['authorization-mode', ['authorization', 'mode']],
  ['read-only-port', ['readOnlyPort']],
];

/** A KubeletConfiguration (kubelet.config.k8s.io) as a source of kubelet flags; its own defaults apply to absent fields. */
export function kubeletConfigFlagSources(object: K8sObject, component: Component): FlagSource[] {
  if (component !== 'kubelet' || object.kind !== 'KubeletConfiguration' || apiGroupOf(object.apiVersion) !== 'kubelet.config.k8s.io') return [];
  const flags = new Map<string, FlagValue>();
  for (const [flag, path] of FIELDS) {
    const pair = fieldPair(object, path);
    if (!pair || !isScalar(pair.value) || pair.value.value == null) continue;
    flags.set(flag, { name: flag, value: String(pair.value.value), node: pair.value });
  }
  return [{
    component,
    where: describeConfig(object),
    flags,
    implied: { ...KUBELET_CONFIG_DEFAULTS },
    anchor: (pairOf(object.yaml, object.root, 'kind')?.key as Node | undefined) ?? object.kindNode,
  }];
}

function fieldPair(object: K8sObject, path: string[]): Pair<unknown, Node | null> | undefined {
  const parent = mapAt(object.yaml, object.root, ...path.slice(0, -1));
  return pairOf(object.yaml, parent, path[path.length - 1]);
}
