// The mutations of the fuzzer: each takes a manifest text and returns a damaged variant, as an
// attacker or a careless editor would produce it. All randomness comes from the seeded Random.
import { isCollection, parseDocument, visit } from 'yaml';
import type { Random } from './random.ts';

/** A named text mutation; `corpus` lets a mutation borrow lines from other fixtures. */
export interface Mutation {
  name: string;
  apply(text: string, random: Random, corpus: readonly string[]): string;
}

const lines = (text: string) => text.split('\n');
const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

function editLines(text: string, random: Random, edit: (all: string[], at: number) => void): string {
  const all = lines(text);
  edit(all, random.int(all.length));
  return all.join('\n');
}

/** Lines of the form `key:` (a block collection follows), with their index. */
function blockKeys(all: string[]): number[] {
  return all.flatMap((line, index) => (/^\s*(- )?[\w.\/-]+:\s*(#.*)?$/.test(line) ? [index] : []));
}

/** Lines of the form `key: value`. */
function scalarLines(all: string[]): number[] {
  return all.flatMap((line, index) => (/^\s*(- )?[\w.\/-]+: +\S/.test(line) ? [index] : []));
}

const WRONG_VALUES = ['[1, 2]', '{a: b}', 'true', 'false', 'null', '~', '-1', '0', '65536', '1e400', '.inf', '.nan', '0x1F', '0o17',
  '"quoted"', "'single'", '""', '[]', '{}', '*undefined', '!!binary aGVsbG8=', '!!str 1', '!custom x', 'yes', 'on', '|\n  block', '>-\n  folded',
  '"\\u0000"', '2001-12-14', '12:30:00', 'a'.repeat(300), '- item', '&anchor value', '"multi\nline"', '? complex', '! tagged', '%percent', '@at', '`tick'];

const RANDOM_PIECES = ['\u0000', '\t', '\r', '\r\n', '\uFEFF', '\uFFFD', '\uD800', '"', "'", '{', '}', '[', ']', '#', ':', ': ', '- ', '&', '*', '!',
  '|', '>', '%', '@', '`', ',', '?', '\\', '\u00e9', '\u{1F600}', '\u2028', '\u0085', '\u00a0', '\u001b[31m'];

/** Every mutation of the fuzzer. */
export const MUTATIONS: readonly Mutation[] = [
  { name: 'delete-lines', apply: (text, random) => editLines(text, random, (all, at) => all.splice(at, 1 + random.int(3))) },
  { name: 'duplicate-lines', apply: (text, random) => editLines(text, random, (all, at) => all.splice(at, 0, ...all.slice(at, at + 1 + random.int(3)))) },
  {
    name: 're-indent',
    apply: (text, random) =>
      editLines(text, random, (all, at) => {
        const delta = random.pick([-4, -2, -1, 1, 2, 4]);
        for (let i = at; i < Math.min(all.length, at + 1 + random.int(4)); i++) {
          const indent = indentOf(all[i]).length;
          all[i] = ' '.repeat(Math.max(0, indent + delta)) + all[i].slice(indent);
        }
      }),
  },
  {
    name: 'tabs',
    apply: (text, random) =>
      editLines(text, random, (all, at) => {
        all[at] = random.chance(0.5) ? all[at].replace(/^ +/, (spaces) => '\t'.repeat(Math.max(1, spaces.length >> 1))) : all[at].replace(': ', ':\t');
      }),
  },
  { name: 'flow-style', apply: flowStyle },
  { name: 'anchor-alias', apply: anchorAlias },
  { name: 'merge-key', apply: mergeKey },
  {
    name: 'wrong-type',
    apply: (text, random) => {
      const all = lines(text);
      const candidates = scalarLines(all);
      if (candidates.length === 0) return text;
      const at = random.pick(candidates);
      const value = random.pick(WRONG_VALUES).replace(/\n/g, '\n' + indentOf(all[at]));
      all[at] = all[at].replace(/^(\s*(- )?[\w.\/-]+:) +.*$/, `$1 ${value}`);
      return all.join('\n');
    },
  },
  { name: 'truncate', apply: (text, random) => text.slice(0, random.int(text.length + 1)) },
  {
    name: 'swap-value',
    apply: (text, random, corpus) => {
      const other = lines(random.pick(corpus)).filter((line) => /:\s*\S/.test(line));
      if (other.length === 0) return text;
      const borrowed = random.pick(other);
      return editLines(text, random, (all, at) => {
        const line = indentOf(all[at]) + borrowed.trimStart();
        if (random.chance(0.5)) all[at] = line;
        else all.splice(at, 0, line);
      });
    },
  },
  {
    name: 'random-bytes',
    apply: (text, random) => {
      let result = text;
      for (let n = 1 + random.int(4); n > 0; n--) {
        const at = random.int(result.length + 1);
        const piece = random.chance(0.2) ? String.fromCharCode(random.int(0x110)) : random.pick(RANDOM_PIECES);
        result = result.slice(0, at) + piece + result.slice(random.chance(0.3) ? at + 1 : at);
      }
      return result;
    },
  },
  {
    name: 'document-markers',
    apply: (text, random) => editLines(text, random, (all, at) => all.splice(at, 0, random.pick(['---', '...', '--- # marker', '---\n...', '%YAML 1.1\n---', '--- |', '---\n---']))),
  },
  {
    name: 'comments',
    apply: (text, random) =>
      editLines(text, random, (all, at) => {
        const note = `# fuzz-note-${random.int(1000)}`;
        if (random.chance(0.6) && !all[at].includes('#') && all[at].trim() !== '') all[at] = `${all[at]} ${note}`;
        else all.splice(at, 0, indentOf(all[at] ?? '') + note);
      }),
  },
  { name: 'crlf', apply: (text) => text.replace(/\r?\n/g, '\r\n') },
  {
    name: 'duplicate-key',
    apply: (text, random) => {
      const all = lines(text);
      const candidates = scalarLines(all);
      if (candidates.length === 0) return text;
      const at = random.pick(candidates);
      all.splice(at + 1, 0, all[at].replace(/^(\s*)- /, '$1  ').replace(/: .*/, `: ${random.pick(WRONG_VALUES.slice(0, 12))}`));
      return all.join('\n');
    },
  },
];

/** Re-renders one random collection of one document in flow style (`{a: b}`, `[x]`). */
function flowStyle(text: string, random: Random): string {
  const parts = text.split(/^(?=---)/m);
  const at = random.int(parts.length);
  try {
    const doc = parseDocument(parts[at], { version: '1.1', uniqueKeys: false });
    if (doc.errors.length > 0) return text;
    const collections: { flow?: boolean }[] = [];
    visit(doc, (_key, node) => {
      if (isCollection(node)) collections.push(node);
    });
    if (collections.length === 0) return text;
    random.pick(collections).flow = true;
    parts[at] = (parts[at].startsWith('---') ? '---\n' : '') + doc.toString({ lineWidth: 0 });
    return parts.join('');
  } catch {
    return text;
  }
}

/** Puts an anchor on a block key and an alias of it elsewhere (including inside itself). */
function anchorAlias(text: string, random: Random): string {
  const all = lines(text);
  const keys = blockKeys(all);
  if (keys.length === 0) return text;
  const at = random.pick(keys);
  const name = `a${random.int(100)}`;
  all[at] = all[at].replace(/:\s*(#.*)?$/, `: &${name}`);
  const target = random.pick(keys);
  all[target] = all[target].replace(/:\s*(#.*)?$/, `: *${name}`);
  return all.join('\n');
}

/** Adds merge keys: a mapping merged into a sibling, into itself, or chains of merges. */
function mergeKey(text: string, random: Random): string {
  const all = lines(text);
  const keys = blockKeys(all).filter((index) => !all[index].includes('- '));
  if (keys.length === 0) return text;
  const at = random.pick(keys);
  const name = `m${random.int(100)}`;
  all[at] = all[at].replace(/:\s*(#.*)?$/, `: &${name}`);
  const childIndent = indentOf(all[at + 1] ?? '').length > indentOf(all[at]).length ? indentOf(all[at + 1]) : indentOf(all[at]) + '  ';
  const variant = random.int(3);
  if (variant === 0) {
    all.splice(at + 1, 0, `${childIndent}<<: [${Array(1 + random.int(4)).fill(`*${name}`).join(', ')}]`);
  } else {
    const target = random.pick(keys.filter((index) => index > at).concat([all.length - 1]));
    const line = all[target] ?? '';
    const indent = indentOf(all[target + 1] ?? '').length > indentOf(line).length ? indentOf(all[target + 1]) : indentOf(line) + '  ';
    if (/:\s*(&\w+)?\s*$/.test(line)) all.splice(target + 1, 0, `${indent}<<: ${variant === 1 ? `*${name}` : `[*${name}, *${name}]`}`);
  }
  return all.join('\n');
}

/** Applies 1 to 4 random mutations to a text. */
export function mutate(text: string, random: Random, corpus: readonly string[]): { text: string; mutations: string[] } {
  let result = text;
  const applied: string[] = [];
  for (let n = 1 + random.int(4); n > 0; n--) {
    const mutation = random.pick(MUTATIONS);
    result = mutation.apply(result, random, corpus);
    applied.push(mutation.name);
  }
  return { text: result, mutations: applied };
}
