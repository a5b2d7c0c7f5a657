import type { FixSpec, RuleContext } from '../../engine/rule.ts';
import { describeObject } from '../../engine/objects.ts';
import { isAtLeast, parseKubernetesVersion } from '../../engine/versions.ts';
import { apiLifecycle, type ApiLifecycle } from './api-lifecycle.ts';
import { conversionFor } from './conversions.ts';

/** Where an apiVersion/kind stands at a Kubernetes version, and what to migrate to. */
export interface ApiVerdict {
  entry: ApiLifecycle;
  status: 'deprecated' | 'removed';
  /** The apiVersion to move to at this version, following replacements that are themselves gone. */
  target?: { apiVersion: string; kind: string; compatible: boolean };
  /** The replacement exists but is not served yet at this version. */
  targetFrom?: string;
}

function reached(version: string, release: string): boolean {
  const parsed = parseKubernetesVersion(release);
  return parsed !== undefined && isAtLeast(version, ...parsed);
}

/** The verdict for an apiVersion/kind at a configured Kubernetes version; undefined when it is current there. */
export function apiVerdict(apiVersion: string, kind: string, version: string): ApiVerdict | undefined {
  const entry = apiLifecycle(apiVersion, kind);
  if (!entry || !reached(version, entry.deprecated)) return undefined;
  const status = entry.removed && reached(version, entry.removed) ? 'removed' : 'deprecated';
  if (!entry.replacement) return { entry, status };
  const since = entry.replacementSince ?? entry.deprecated;
  if (!reached(version, since)) return { entry, status, targetFrom: since };
  let target = { apiVersion: entry.replacement, kind: entry.replacementKind ?? kind, compatible: entry.compatible };
  for (let step = 0; step < 8; step++) {
    const next = apiLifecycle(target.apiVersion, target.kind);
    if (!next || !reached(version, next.deprecated)) break;
    if (next.replacement && reached(version, next.replacementSince ?? next.deprecated)) {
      target = { apiVersion: next.replacement, kind: next.replacementKind ?? target.kind, compatible: target.compatible && next.compatible };
      continue;
    }
    if (next.removed && reached(version, next.removed)) return { entry, status };
    break;
  }
  return { entry, status, target };
}

/** "use apps/v1 (spec.selector ...)" or why there is nothing to use. */
function advice(verdict: ApiVerdict): string {
  const { entry, target } = verdict;
  const changes = entry.changes ? ` (${entry.changes})` : '';
  if (target) {
    const kind = target.kind === entry.kind ? '' : ` ${target.kind}`;
    return `use ${target.apiVersion}${kind}${target.compatible ? '' : changes}`;
  }
  if (verdict.targetFrom) return `migrate to ${entry.replacement} from Kubernetes ${verdict.targetFrom}${changes}`;
  return entry.changes ?? 'no replacement is served';
}

/** The message of a finding, naming the releases and the replacement. */
export function verdictMessage(ctx: RuleContext, verdict: ApiVerdict): string {
  const { entry } = verdict;
  const subject = `${describeObject(ctx.object)} uses ${entry.apiVersion}`;
  const separator = verdict.target || verdict.targetFrom ? ':' : ';';
  if (verdict.status === 'removed') return `${subject}, which Kubernetes ${entry.removed} stopped serving${separator} ${advice(verdict)}`;
  const removal = entry.removed ? `removed in ${entry.removed}` : 'not yet scheduled for removal';
  return `${subject}, deprecated since Kubernetes ${entry.deprecated} and ${removal}${separator} ${advice(verdict)}`;
}

/** The fix: a safe apiVersion swap when the schema is compatible, else an unsafe conversion where one is known. */
export function verdictFixes(ctx: RuleContext, verdict: ApiVerdict): FixSpec[] {
  const { target } = verdict;
  if (!target || target.kind !== ctx.object.kind) return [];
  const editor = ctx.editor();
  const swap = editor.replaceScalar(ctx.object.apiVersionNode, target.apiVersion);
  if (target.compatible) return [{ title: `Change apiVersion to ${target.apiVersion}`, safe: true, edits: [swap] }];
  const convert = conversionFor(ctx.object.apiVersion, target.apiVersion, ctx.object.kind)?.(ctx.object, editor);
  if (!convert) return [];
  return [{ title: `Convert to ${target.apiVersion} (kubectl-convert's field changes)`, safe: false, edits: [swap, ...convert] }];
}
