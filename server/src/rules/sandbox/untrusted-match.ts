import type { RuleContext } from '../../engine/rule.ts';
import { resolveNamespace } from '../../engine/namespaces.ts';
import { wildcardMatches } from '../../engine/glob.ts';

/** What marks a workload as untrusted (the `untrusted` option of unsandboxed-untrusted-workload). */
export interface UntrustedSpec {
  namespaces: string[];
  /** Image globs; `*` matches any run of characters, `/` and `:` included. */
  images: string[];
  /** Label or annotation key -> value glob, matched on the object and its pod template. */
  labels: Record<string, string>;
}

/** Reads the option defensively: config validation only knows it is a mapping. */
export function parseUntrustedSpec(raw: unknown): UntrustedSpec {
  const spec = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const labels: Record<string, string> = {};
  if (spec.labels && typeof spec.labels === 'object' && !Array.isArray(spec.labels)) {
    for (const [key, value] of Object.entries(spec.labels)) labels[key] = value == null ? '' : String(value);
  }
  return { namespaces: strings(spec.namespaces), images: strings(spec.images), labels };
}

/** True when a glob with `*` wildcards matches the whole text. */
export function globMatches(glob: string, text: string): boolean {
  return wildcardMatches(glob, text);
}

/** Why the linted workload counts as untrusted (`namespace "ci"`, `image "..."`, `label k=v`), or undefined. */
export function untrustedReason(ctx: RuleContext, spec: UntrustedSpec): string | undefined {
  const namespace = resolveNamespace(ctx.object.file.path, ctx.object, ctx.config);
  if (spec.namespaces.includes(namespace)) return `namespace "${namespace}"`;
  for (const container of ctx.containers()) {
    const image = container.image;
    if (image && spec.images.some((glob) => globMatches(glob, image))) return `image "${image}"`;
  }
  const workload = ctx.workload();
  const sources: [string, Record<string, string>][] = [
    ['label', ctx.object.labels],
    ['annotation', ctx.object.annotations],
    ['label', workload?.podLabels ?? {}],
    ['annotation', workload?.podAnnotations ?? {}],
  ];
  for (const [kind, values] of sources) {
    for (const [key, glob] of Object.entries(spec.labels)) {
      if (key in values && globMatches(glob, values[key])) return `${kind} ${key}=${values[key]}`;
    }
  }
  return undefined;
}
