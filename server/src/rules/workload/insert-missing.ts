import { isAlias, isMap, isScalar, YAMLMap } from 'yaml';
import type { DocEditor, TextEdit, YamlValue } from '../../engine/edits.ts';
import { mergeEdits } from '../../engine/edits.ts';
import { Doc, pairOf } from '../../engine/nodes.ts';

type YamlObject = { [key: string]: YamlValue };

function isYamlObject(value: YamlValue): value is YamlObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Edits that add the keys of a nested value that a mapping lacks, keeping every value already there:
 * missing keys are inserted, existing sub-mappings are recursed into, empty ones (`resources: {}`,
 * `limits:`) are filled. Several insertions at one offset (two keys added to one mapping, or a key
 * added to a mapping right after one added to its last child) become one edit, in document order,
 * so that the edits of a fix never overlap. Mappings reached through an alias are left alone.
 */
export function addMissingKeys(editor: DocEditor, yaml: Doc, map: YAMLMap, value: YamlObject): TextEdit[] {
  return mergeEdits(collectEdits(editor, yaml, map, value));
}

function collectEdits(editor: DocEditor, yaml: Doc, map: YAMLMap, value: YamlObject): TextEdit[] {
  const edits: TextEdit[] = [];
  const missing: [string, YamlValue][] = [];
  for (const [key, wanted] of Object.entries(value)) {
    const pair = pairOf(yaml, map, key);
    if (!pair) {
      missing.push([key, wanted]);
      continue;
    }
    const current = pair.value;
    if (!isYamlObject(wanted) || isAlias(current)) continue;
    if (isMap(current) && current.items.length > 0) edits.push(...collectEdits(editor, yaml, current, wanted));
    else if (current == null || (isMap(current) && current.items.length === 0) || (isScalar(current) && current.value === null)) {
      edits.push(editor.replaceValue(pair, wanted));
    }
  }
  // After the edits inside this mapping's children: an insertion at the same offset must come after them.
  for (const [key, wanted] of missing) edits.push(editor.insertPair(map, key, wanted));
  return edits;
}
