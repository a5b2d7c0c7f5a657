import { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { DocEditor, TextEdit } from '../../engine/edits.ts';
import type { ManifestDoc } from '../../engine/parse.ts';
import { renderScalar } from '../../engine/edits.ts';
import {
  Container,
  containerSecurityContext,
  describeContainer,
  podSecurityContext,
  Workload,
} from '../../engine/workloads.ts';

/** A securityContext as written at one level: the pod's, or one container's. */
export interface SecurityContextAt {
  /** `the pod` or `container "app"`, for messages. */
  owner: string;
  context: YAMLMap;
}

/**
 * The pod-level securityContext and each container's, as written (not merged): for checks that,
 * like Pod Security admission, judge every level that sets a field.
 */
export function securityContextsOf(workload: Workload, containers: Container[]): SecurityContextAt[] {
  const result: SecurityContextAt[] = [];
  const pod = podSecurityContext(workload);
  if (pod) result.push({ owner: 'the pod', context: pod });
  for (const container of containers) {
    const context = containerSecurityContext(container);
    if (context) result.push({ owner: describeContainer(container), context });
  }
  return result;
}

/** Replaces a scalar's text with a string value, keeping its single or double quotes. */
export function replaceKeepingQuotes(editor: DocEditor, node: Node, value: string): TextEdit {
  const type = (node as Scalar).type;
  if (type === Scalar.QUOTE_DOUBLE) return editor.replace(node, JSON.stringify(value));
  if (type === Scalar.QUOTE_SINGLE) return editor.replace(node, `'${value.replace(/'/g, "''")}'`);
  return editor.replace(node, renderScalar(value));
}

/**
 * Removes a pair from a mapping. DocEditor.removePair handles most layouts; this adds the case of
 * the first key of a block sequence item (`- hostPort: 80`) followed by more keys, where the next
 * line moves up behind the dash and comment lines between them stay.
 */
export function removePairEdit(doc: ManifestDoc, editor: DocEditor, map: YAMLMap, pair: Pair): TextEdit {
  const keyStart = (pair.key as Node).range![0];
  const isFirstOfSequenceItem = !map.flow && map.items[0] === pair && map.items.length > 1 && startsSequenceItem(doc, keyStart);
  if (!isFirstOfSequenceItem) return editor.removePair(map, pair);
  const text = doc.text;
  const valueEnd = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1];
  let end = text.indexOf('\n', valueEnd > 0 && text[valueEnd - 1] === '\n' ? valueEnd - 1 : valueEnd);
  end = end === -1 ? text.length : end + 1;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return { start: keyStart, end, newText: '' };
}

function startsSequenceItem(doc: ManifestDoc, offset: number): boolean {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  return /^\s*(?:-\s+)+$/.test(doc.text.slice(lineStart, offset));
}
