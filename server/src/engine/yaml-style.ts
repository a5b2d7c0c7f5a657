import type { ManifestDoc } from './parse.ts';
import { detectEol } from './text.ts';
import { memo } from './memo.ts';

/** A value a fix writes: rendered in the document's own style. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** How a document lays out its block collections, so that inserted lines look like their neighbours. */
export interface DocStyle {
  indent: number;
  /** Columns between a parent key and the `-` of its block sequence: 0 for flush sequences. */
  sequenceIndent: number;
  eol: string;
}

const YAML11_SPECIAL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** A scalar as YAML source: plain when that reads back as the same string, double-quoted otherwise. */
export function renderScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  const plain = /^[A-Za-z_/][\w./@:-]*$/.test(value) && !YAML11_SPECIAL.test(value) && !/:$/.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Flow-style YAML source of a value: `{a: b, c: [d]}`. */
export function renderFlow(value: YamlValue): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${renderScalar(key)}: ${renderFlow(item)}`).join(', ')}}`;
  }
  return renderScalar(value);
}

/** True for mappings and sequences (the values that render on lines of their own in block style). */
export function isCollectionValue(value: YamlValue): value is YamlValue[] | { [key: string]: YamlValue } {
  return value !== null && typeof value === 'object';
}

/** The indentation step, sequence indentation and line ending a document mostly uses (computed once per document). */
export function detectStyle(doc: ManifestDoc): DocStyle {
  let style = styles.get(doc);
  if (!style) styles.set(doc, (style = readStyle(doc.text)));
  return style;
}

/** detectStyle answers: every fix of every rule on a document asks for the same style. */
const styles = memo<ManifestDoc, DocStyle>('styles');

function readStyle(text: string): DocStyle {
  const indents = new Map<number, number>();
  const sequenceIndents = new Map<number, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i + 1 < lines.length; i++) {
    const match = /^(\s*)(?:- )?[^\s#-][^:#]*:\s*$/.exec(lines[i]);
    if (!match) continue;
    const keyColumn = lines[i].search(/[^\s-]/);
    const next = nextContentLine(lines, i + 1);
    if (next === undefined) continue;
    const nextColumn = next.search(/\S/);
    if (next.startsWith('- ', nextColumn)) {
      const delta = Math.max(0, nextColumn - keyColumn);
      sequenceIndents.set(delta, (sequenceIndents.get(delta) ?? 0) + 1);
    } else if (nextColumn > keyColumn) {
      const delta = nextColumn - keyColumn;
      indents.set(delta, (indents.get(delta) ?? 0) + 1);
    }
  }
  const indent = mostFrequent(indents) ?? 2;
  return { indent, sequenceIndent: mostFrequent(sequenceIndents) ?? indent, eol: detectEol(text) };
}

/** The first line from `from` on that is neither blank nor a comment. */
function nextContentLine(lines: string[], from: number): string | undefined {
  for (let j = from; j < lines.length; j++) {
    const column = lines[j].search(/\S/);
    if (column !== -1 && lines[j][column] !== '#') return lines[j];
  }
  return undefined;
}

/** The most frequent key of a count map; the first seen wins a tie. */
function mostFrequent(counts: Map<number, number>): number | undefined {
  let best: number | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}
