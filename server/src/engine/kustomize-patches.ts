import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { isNamedKustomizePatch } from './namespaces.ts';

/**
 * Kustomize patches are fragments of objects (a Deployment with only the fields to change, a JSON
 * patch), not objects: linting them would report "no securityContext" on a Deployment whose base
 * sets it. A file a kustomization or Component names in `patches`, `patchesStrategicMerge` or
 * `patchesJson6902` is skipped with this reason, and so is a file whose every document carries a
 * strategic-merge directive (`$patch`, `$retainKeys`, `$setElementOrder/...`,
 * `$deleteFromPrimitiveList/...`); in a file mixing both, the patch documents are not objects.
 */
export const KUSTOMIZE_PATCH = 'kustomize patch';

const DIRECTIVE = /^\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;
const DIRECTIVE_TEXT = /\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;

/** True when a kustomization names the file as a patch (only absolute paths are looked up). */
export function isKustomizePatchFile(path: string): boolean {
  return isNamedKustomizePatch(path);
}

/** A cheap test before parsing: false means the file is certainly no kustomize patch. */
export function mayBeKustomizePatch(path: string, text: string): boolean {
  return DIRECTIVE_TEXT.test(text) || isKustomizePatchFile(path);
}

/** True when a parsed document holds a strategic-merge patch directive as a mapping key. */
export function isPatchDocument(text: string, yaml: Document.Parsed): boolean {
  return DIRECTIVE_TEXT.test(text) && hasDirectiveKey(yaml.contents, 0);
}

const MAX_DEPTH = 200;

function hasDirectiveKey(node: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (isMap(node)) {
    return node.items.some(
      (pair) => isPair(pair) && ((isScalar(pair.key) && typeof pair.key.value === 'string' && DIRECTIVE.test(pair.key.value)) || hasDirectiveKey(pair.value, depth + 1)),
    );
  }
  if (isSeq(node)) return node.items.some((item) => hasDirectiveKey(item, depth + 1));
  return false;
}
