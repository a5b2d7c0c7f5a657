// The checks of the fuzzer on the engine: no exception, no slow run, and a fix that damages nothing
// (documents kept, comments kept, untouched documents byte-identical, a second pass changes nothing).
import { Lexer } from 'yaml';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { resolveConfig } from '../../server/src/engine/config.ts';
import { fixAll, FixAllOptions } from '../../server/src/engine/fix.ts';
import type { LintOptions } from '../../server/src/engine/lint.ts';
import { documentStarts, parseManifestFile } from '../../server/src/engine/parse.ts';
import type { Rule } from '../../server/src/engine/rule.ts';
import { documentTexts, fastParseDifference } from '../helpers/fast-parse-compare.ts';

/** What went wrong with one input. `kind` groups failures in the summary. */
export interface Failure {
  kind: 'crash' | 'hang' | 'invalid-output' | 'fix-damage';
  detail: string;
}

const CONFIG = resolveConfig(ALL_RULES);

/** What the rules offered as fixes over every pass: objects that got a fix, kinds a fix appends. */
interface FixLog {
  /** The text fix-all starts from: fixes reported on it are the first pass's. */
  original: string;
  /** File offsets of the edits of the first pass's fixes. */
  firstEdits: { start: number; end: number }[];
  fixedNames: Set<string>;
  appendedKinds: Set<string>;
  /** An unsafe fix was offered (and skipped, in a safe run). */
  sawUnsafe: boolean;
}

/**
 * Lint options with every rule, each wrapped to note the fixes it reports (fix-all re-lints after
 * each pass, so later passes' fixes are seen too); a rule that throws is recorded (the engine would
 * hide it).
 */
function lintOptions(ruleErrors: string[], log: FixLog, unsafe: boolean): LintOptions {
  const rules: Rule[] = ALL_RULES.map((rule) => ({
    ...rule,
    check: (ctx) =>
      rule.check({
        ...ctx,
        report: (spec) => {
          for (const fix of spec.fixes ?? []) {
            if (!(fix.safe ?? true)) log.sawUnsafe = true;
            if (!(fix.safe ?? true) && !unsafe) continue;
            log.fixedNames.add(ctx.object.name ?? '-');
            const offset = ctx.object.doc.offset;
            if (ctx.object.file.text === log.original) for (const edit of fix.edits) log.firstEdits.push({ start: edit.start + offset, end: edit.end + offset });
            for (const edit of fix.edits) if (/^---/m.test(edit.newText)) for (const doc of documentIdentities(edit.newText)) log.appendedKinds.add(doc.kind);
          }
          ctx.report(spec);
        },
      }),
  }));
  return { config: CONFIG, rules, onRuleError: (rule, _object, error) => ruleErrors.push(`rule ${rule.id} threw: ${(error as Error)?.message ?? error}`) };
}

/**
 * Runs `work`, turning an exception into a crash and a run over `limitMs` into a hang. Time is
 * CPU time of this process: on a loaded machine, waiting for a core is not the engine's slowness.
 */
function timed<T>(what: string, limitMs: number, work: () => T): T | Failure {
  const start = process.cpuUsage();
  let result: T;
  try {
    result = work();
  } catch (error) {
    return { kind: 'crash', detail: `${what}: ${(error as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? error}` };
  }
  const ms = cpuMsSince(start);
  if (ms > limitMs) return { kind: 'hang', detail: `${what} took ${Math.round(ms)} ms of CPU (limit ${limitMs} ms)` };
  return result;
}

/** CPU milliseconds (user and system) this process used since `start`. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const isFailure = (value: unknown): value is Failure => typeof value === 'object' && value !== null && 'kind' in value && 'detail' in value;

/** How many documents a text holds (at least 1): the unit of the time limit. */
export function documentCount(text: string): number {
  return Math.max(1, documentStarts(text).length);
}

/**
 * The engine checks of one input: fix-all (which lints first) with safe, then with unsafe fixes, each judged
 * by `fixDamage`. `hangMs` is the limit per document of each step.
 */
export function checkEngine(text: string, hangMs: number): Failure | undefined {
  const limit = hangMs * documentCount(text);
  // Differential: the fast parse path and yaml's full parse build the same nodes.
  for (const doc of documentTexts(text)) {
    const compared = timed('fast parse', limit, () => fastParseDifference(doc).difference ?? '');
    if (isFailure(compared)) return compared;
    if (compared) return { kind: 'invalid-output', detail: `fast parse differs from the full parse: ${compared}` };
  }
  const ruleErrors: string[] = [];
  let sawUnsafe = false;
  for (const unsafe of [false, true]) {
    // An unsafe run is the safe one again when no rule offered an unsafe fix.
    if (unsafe && !sawUnsafe) break;
    const log: FixLog = { original: text, firstEdits: [], fixedNames: new Set(), appendedKinds: new Set(), sawUnsafe: false };
    const lint = lintOptions(ruleErrors, log, unsafe);
    const options: FixAllOptions = { unsafe };
    const label = unsafe ? 'fix-all --unsafe-fixes' : 'fix-all';
    const fixed = timed(label, limit, () => fixAll('fuzz.yaml', text, lint, options).text);
    if (isFailure(fixed)) return fixed;
    const damage = fixDamage(text, fixed, log);
    if (damage) return { kind: 'fix-damage', detail: `${label}: ${damage}` };
    sawUnsafe = log.sawUnsafe;
    if (fixed === text) continue;
    const again = timed(`${label} (second pass)`, limit, () => fixAll('fuzz.yaml', fixed, lint, options).text);
    if (isFailure(again)) return again;
    if (again !== fixed) return { kind: 'fix-damage', detail: `${label}: a second fix pass changed the file again` };
  }
  if (ruleErrors.length > 0) return { kind: 'crash', detail: ruleErrors[0] };
  return undefined;
}

/** What a fix broke in a file, or undefined: compares the documents, comments and untouched documents. */
export function fixDamage(before: string, after: string, log: FixLog): string | undefined {
  const named = documentIdentities(before).map((doc) => log.fixedNames.has(doc.id));
  return judgeFix(before, after, log.appendedKinds, { edits: log.firstEdits, touched: (index) => named[index] ?? true });
}

/**
 * The damage checks proper: documents kept (plus only `addedKinds`), comments kept and, when the
 * fix edits are known, every document no edit touches byte-identical.
 */
export function judgeFix(before: string, after: string, addedKinds: Set<string>, fixed?: FixedParts): string | undefined {
  if (before === after) return undefined;
  const errorsBefore = parseErrorCount(before);
  const errorsAfter = parseErrorCount(after);
  if (errorsAfter > errorsBefore) return `the fixed file has ${errorsAfter} syntax errors, the original ${errorsBefore}`;
  return documentDamage(before, after, addedKinds) ?? commentDamage(before, after) ?? (fixed ? untouchedDamage(before, after, fixed) : undefined);
}

function parseErrorCount(text: string): number {
  return parseManifestFile('fuzz.yaml', text).docs.reduce((count, doc) => count + doc.yaml.errors.length, 0);
}

/** Where fixes were offered: edits of the first pass, and documents (by index) whose object got a fix in any pass. */
export interface FixedParts {
  edits: { start: number; end: number }[];
  touched(index: number): boolean;
}

/** The name (identity) and kind of each document (what must survive a fix), `-` for a field that is not a plain string. */
export function documentIdentities(text: string): { id: string; kind: string }[] {
  return parseManifestFile('fuzz.yaml', text).docs.map((doc) => {
    const get = (path: string[]) => {
      try {
        const value = doc.yaml.getIn(path);
        return typeof value === 'string' ? value : '-';
      } catch {
        return '-';
      }
    };
    // A fix may change the kind (ClusterRoleBinding to RoleBinding) or apiVersion, never the name.
    return { id: get(['metadata', 'name']), kind: get(['kind']) };
  });
}

/** The original documents must be kept in order; added ones only of a kind a fix said it appends. */
function documentDamage(before: string, after: string, addedKinds: Set<string>): string | undefined {
  const original = documentIdentities(before);
  const fixed = documentIdentities(after);
  let next = 0;
  for (const doc of fixed) {
    if (next < original.length && doc.id === original[next].id) next++;
    else if (!addedKinds.has(doc.kind)) return `document ${doc.id} appeared although no fix adds a ${doc.kind}`;
  }
  if (next < original.length) return `document ${original[next].id} is gone or changed identity`;
  return undefined;
}

/**
 * Comment texts of a YAML text (as the YAML lexer sees them), trimmed. A `#` right after a lone
 * carriage return is left out: the lexer calls it a comment, the parser a syntax error.
 */
export function comments(text: string): string[] {
  const found: string[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const before = text[offset - 1];
    if (token.startsWith('#') && (offset === 0 || ' \t\n\uFEFF'.includes(before))) found.push(token.trim());
    // Document, flow-end and scalar markers are the lexer's own: they take no room in the source.
    if (!(token.length === 1 && '\x02\x18\x1f'.includes(token))) offset += token.length;
  }
  return found;
}

function commentDamage(before: string, after: string): string | undefined {
  const left = new Map<string, number>();
  for (const comment of comments(after)) left.set(comment, (left.get(comment) ?? 0) + 1);
  for (const comment of comments(before)) {
    const count = left.get(comment) ?? 0;
    if (count === 0) return `comment lost: ${JSON.stringify(comment.slice(0, 80))}`;
    left.set(comment, count - 1);
  }
  return undefined;
}

/** Documents that no fix edit touches must reappear byte for byte, in order. */
function untouchedDamage(before: string, after: string, { edits, touched }: FixedParts): string | undefined {
  let from = 0;
  for (const doc of parseManifestFile('fuzz.yaml', before).docs) {
    const [start, end] = [doc.offset, doc.offset + doc.text.length];
    if (touched(doc.index) || edits.some((edit) => edit.start <= end && edit.end >= start)) continue;
    const found = after.indexOf(doc.text, from);
    if (found === -1) return `document ${doc.index + 1} had no fix but changed`;
    from = found + doc.text.length;
  }
  return undefined;
}
