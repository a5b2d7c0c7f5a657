import { isMap, isScalar, Node, Pair, YAMLMap } from 'yaml';
import { mapPairs, nodeAt, pairOf, seqItems } from '../engine/nodes.ts';
import type { K8sObject } from '../engine/objects.ts';

/** True for an EncryptionConfiguration (apiserver.config.k8s.io/v1) or the pre-1.13 `EncryptionConfig` (v1). */
export function isEncryptionConfig(object: K8sObject): boolean {
  if (object.kind === 'EncryptionConfiguration') return /^apiserver\.config\.k8s\.io\//.test(object.apiVersion);
  return object.kind === 'EncryptionConfig' && object.apiVersion === 'v1';
}

/** One provider of a resource entry: its type (`identity`, `aescbc`, `kms`, ...) and its settings. */
export interface Provider {
  type: string;
  /** The provider's key in the list item (`identity:`, `aescbc:`): where findings point. */
  key: Node;
  settings?: YAMLMap;
  /** Number of keys of a key-based provider (aescbc, aesgcm, secretbox); undefined for others. */
  keyCount?: number;
  /** The KMS API version (`v1` when unset). */
  kmsVersion?: string;
}

/** A `resources` entry: the resources it names and its providers in order. */
export interface ResourceEntry {
  item: Node;
  resources: string[];
  providers: Provider[];
  providersKey?: Node;
}

/** The entries of an encryption config in order. */
export function resourceEntries(object: K8sObject): ResourceEntry[] {
  const yaml = object.yaml;
  return seqItems(yaml, nodeAt(yaml, object.root, 'resources')).filter(isMap).map((item) => ({
    item,
    resources: seqItems(yaml, nodeAt(yaml, item, 'resources')).flatMap((node) => (isScalar(node) && typeof node.value === 'string' ? [node.value] : [])),
    providers: seqItems(yaml, nodeAt(yaml, item, 'providers')).flatMap((provider) => providerOf(object, provider)),
    providersKey: pairOf(yaml, item, 'providers')?.key as Node | undefined,
  }));
}

function providerOf(object: K8sObject, node: Node): Provider[] {
  const pair = mapPairs(object.yaml, node)[0] as Pair<any, Node | null> | undefined;
  if (!pair) return [];
  const type = String(pair.key.value);
  const settings = isMap(pair.value) ? pair.value : undefined;
  const keys = nodeAt(object.yaml, settings, 'keys');
  const kmsVersion = nodeAt(object.yaml, settings, 'apiVersion');
  return [{
    type,
    key: pair.key as Node,
    settings,
    keyCount: ['aescbc', 'aesgcm', 'secretbox'].includes(type) ? seqItems(object.yaml, keys).length : undefined,
    kmsVersion: type === 'kms' ? (isScalar(kmsVersion) && kmsVersion.value != null ? String(kmsVersion.value) : 'v1') : undefined,
  }];
}

/**
 * Whether a `resources` name covers a core-group resource: the name itself (`secrets`, or
 * `secrets.` with the empty group), `*.` (every core resource) or `*.*` (everything).
 */
export function coversCoreResource(pattern: string, resource: string): boolean {
  return pattern === resource || pattern === `${resource}.` || pattern === '*.' || pattern === '*.*';
}

/** The entry that handles a core resource: the first whose names cover it, as the API server picks it. */
export function entryFor(entries: ResourceEntry[], resource: string): ResourceEntry | undefined {
  return entries.find((entry) => entry.resources.some((pattern) => coversCoreResource(pattern, resource)));
}
