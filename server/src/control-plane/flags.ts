import type { Node, Pair } from 'yaml';
import type { DocEditor, TextEdit } from '../engine/edits.ts';
import type { K8sObject } from '../engine/objects.ts';
import type { FixSpec } from '../engine/rule.ts';
import { WORKLOAD_KINDS } from '../engine/workloads.ts';
import { binaryDefault, Component } from './flag-defaults.ts';
import { containerFlagSources } from './container-flags.ts';
import { kubeadmFlagSources } from './kubeadm-flags.ts';
import { kubeletConfigFlagSources } from './kubelet-config.ts';
import { memo } from '../engine/memo.ts';

export type { Component };

/** One flag as written: its value and where it stands. */
export interface FlagValue {
  name: string;
  /** The value; `true` for a boolean flag given without one. */
  value: string;
  /** What a finding on this flag points at (the list item, map entry or config field). */
  node: Node | Pair;
  /** A narrower range inside `node` (a flag inside a shell script), in document offsets. */
  range?: [number, number];
  /** Edits that give this occurrence another value; undefined where it cannot be edited (a shell script). */
  setValue?: (editor: DocEditor, value: string) => TextEdit[];
}

/** Where one component's flags come from: a container, a kubeadm config or a KubeletConfiguration. */
export interface FlagSource {
  component: Component;
  /** A readable origin, e.g. `container "kube-apiserver" of Pod kube-system/kube-apiserver`. */
  where: string;
  /** The flags written, by name; the last occurrence of a repeated flag wins, as in the binaries. */
  flags: Map<string, FlagValue>;
  /**
   * Values that apply when a flag is not written, before the binary's own default: those kubeadm
   * generates, or those of a KubeletConfiguration. `null` means set somewhere we cannot see (not judged).
   */
  implied: Record<string, string | null>;
  /** Where findings about a missing flag point: the container's `command` key, the config's key. */
  anchor: Node;
  /** Adds a flag in the source's own style; undefined where no flag can be added (a shell script). */
  addFlag?: (editor: DocEditor, name: string, value: string) => TextEdit[];
}

/** A flag's effective value: written, implied by the config kind, or the binary's default. */
export interface ResolvedFlag {
  value: string | undefined;
  /** The occurrence that wins, when the flag is written. */
  written?: FlagValue;
  /** True when the value comes from no written flag. */
  defaulted: boolean;
  /** False when the value is set where we cannot see it (an unseen config file). */
  known: boolean;
}

/** Sources already read, per object: most control-plane rules read the same component's flags. */
const cache = memo<K8sObject, Map<Component, FlagSource[]>>('cache');

/** Every source of a component's flags an object holds. */
export function flagSourcesOf(object: K8sObject, component: Component): FlagSource[] {
  let byComponent = cache.get(object);
  if (!byComponent) cache.set(object, (byComponent = new Map()));
  let sources = byComponent.get(component);
  if (!sources) {
    sources = [
      ...containerFlagSources(object, component),
      ...kubeadmFlagSources(object, component),
      ...kubeletConfigFlagSources(object, component),
    ];
    byComponent.set(component, sources);
  }
  return sources;
}

/** The effective value of a flag of a source under a Kubernetes version. */
export function resolveFlag(source: FlagSource, name: string, version: string): ResolvedFlag {
  const written = source.flags.get(name);
  if (written) return { value: written.value, written, defaulted: false, known: true };
  if (name in source.implied) {
    const implied = source.implied[name];
    return { value: implied ?? undefined, defaulted: true, known: implied !== null };
  }
  return { value: binaryDefault(source.component, name, version), defaulted: true, known: true };
}

/** True when a flag is written with a non-empty value or implied by the config kind. */
export function hasFlag(source: FlagSource, name: string): boolean {
  const written = source.flags.get(name);
  if (written) return written.value.trim() !== '';
  return name in source.implied;
}

/** The finding's target for a flag (`node`/`range` of a report): the written occurrence, else the source's anchor. */
export function flagTarget(source: FlagSource, name: string): { node: Node | Pair; range?: [number, number] } {
  const written = source.flags.get(name);
  return written ? { node: written.node, range: written.range } : { node: source.anchor };
}

/**
 * A fix that gives a flag a value: changes the winning occurrence, or adds the flag in the
 * source's style. Safe only when the flag is not written (nothing explicit is overridden),
 * unless `safe` says otherwise. Undefined when the source cannot be edited.
 */
export function setFlagFix(source: FlagSource, name: string, value: string, editor: DocEditor, safe?: boolean): FixSpec | undefined {
  const written = source.flags.get(name);
  const edits = written ? written.setValue?.(editor, value) : source.addFlag?.(editor, name, value);
  if (!edits || edits.length === 0) return undefined;
  return { title: `Set --${name}=${value}`, safe: safe ?? !written, edits };
}

/** True for a Go boolean flag value that parses as true (`strconv.ParseBool`: 1, t, T, true, TRUE, True). */
export function isTrueFlag(value: string | undefined): boolean {
  return value !== undefined && /^(?:1|t|T|true|TRUE|True)$/.test(value.trim());
}

/** The object kinds that hold flags of a component: workloads running it, kubeadm configs, KubeletConfiguration. */
export function kindsOf(component: Component): string[] {
  if (component === 'kubelet') return [...WORKLOAD_KINDS, 'InitConfiguration', 'JoinConfiguration', 'KubeletConfiguration'];
  return [...WORKLOAD_KINDS, 'ClusterConfiguration'];
}
