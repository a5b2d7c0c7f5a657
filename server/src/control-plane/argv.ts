import { isScalar, Node, Scalar, YAMLSeq } from 'yaml';
import type { DocEditor, TextEdit } from '../engine/edits.ts';
import { BOOLEAN_FLAGS, Component } from './flag-defaults.ts';
import type { FlagValue } from './flags.ts';

/** One argument of a command line and where it stands in the document. */
export interface ArgToken {
  text: string;
  /** The list item, or the script scalar a shell word belongs to. */
  node: Node;
  /** The word's own range inside a script, when it stands there verbatim. */
  range?: [number, number];
  /** Replaces the argument's text; undefined when it cannot be edited in place. */
  replace?: (editor: DocEditor, text: string) => TextEdit;
}

/**
 * Reads `--flag=value`, `--flag value` (two arguments) and bare boolean flags; a repeated flag's
 * last occurrence wins, as pflag and Go's flag package do. etcd (Go's flag package) also takes
 * a single dash.
 */
export function parseFlags(tokens: ArgToken[], component: Component): Map<string, FlagValue> {
  const flags = new Map<string, FlagValue>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const match = (component === 'etcd' ? /^--?([A-Za-z0-9][\w.-]*)(?:=([\s\S]*))?$/ : /^--([A-Za-z0-9][\w.-]*)(?:=([\s\S]*))?$/).exec(token.text);
    if (!match) continue;
    const [, name, inline] = match;
    const dashes = token.text.startsWith('--') ? '--' : '-';
    if (inline !== undefined) {
      flags.set(name, occurrence(name, inline, token, (value) => `${dashes}${name}=${value}`));
      continue;
    }
    const next = tokens[i + 1];
    if (!BOOLEAN_FLAGS[component].has(name) && next && !next.text.startsWith('-')) {
      flags.set(name, occurrence(name, next.text, next, (value) => value));
      i++;
      continue;
    }
    const value = BOOLEAN_FLAGS[component].has(name) ? 'true' : '';
    flags.set(name, occurrence(name, value, token, (newValue) => `${dashes}${name}=${newValue}`));
  }
  return flags;
}

function occurrence(name: string, value: string, token: ArgToken, render: (value: string) => string): FlagValue {
  return {
    name,
    value,
    node: token.node,
    range: token.range,
    setValue: token.replace ? (editor, newValue) => [token.replace!(editor, render(newValue))] : undefined,
  };
}

/** The arguments of a sequence of scalars, each replaceable in its own quoting. */
export function seqTokens(seq: YAMLSeq, items: Node[]): ArgToken[] {
  const tokens: ArgToken[] = [];
  for (const item of items) {
    // A null item is the empty argument (Go decodes null into a []string as ""); a mapping or list
    // is no argument. Neither ends the list: a flag appended after one must still be read, or the
    // fix appends it again on every run (found by the fuzzer).
    if (!isScalar(item) || (item.value !== null && typeof item.value === 'object')) continue;
    const text = item.value == null ? '' : String(item.value);
    tokens.push({ text, node: item, replace: (editor, newText) => editor.replace(item, renderLike(item, newText, seq.flow ?? false)) });
  }
  return tokens;
}

const YAML_SPECIAL = /^(?:y|n|yes|no|true|false|on|off|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o?[0-7]+|\.inf|\.nan)$/i;

/** YAML source for a string in the quoting of an existing scalar: plain where that reads back as the same string. */
export function renderLike(node: Scalar | undefined, text: string, flow: boolean): string {
  if (node?.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(text);
  if (node?.type === Scalar.QUOTE_SINGLE) return `'${text.replace(/'/g, "''")}'`;
  const unsafe = text === '' || /^[\s'"&*!|>%@`{}[\],?:#]|^- |: | #|:$|\s$/.test(text) || (flow && /[,[\]{}]/.test(text)) || YAML_SPECIAL.test(text);
  return unsafe ? JSON.stringify(text) : text;
}
