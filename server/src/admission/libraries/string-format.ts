// cel-go's ext.Strings `string.format(list)` and `strings.quote(string)` (ext/formatting.go,
// ext/strings.go; Kubernetes enables ext.Strings version 2). Output follows cel-go: %s of lists and
// maps formats the elements without quotes, map entries sorted by key; %f and %e round half to even.
import type { Environment } from '@marcbachmann/cel-js';
import { chargeCost } from '../cost.ts';

class FormatError extends Error {}

/** The CEL type name of a runtime value, for messages. */
function typeName(value: unknown): string {
  if (value === null) return 'null_type';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Date) return 'google.protobuf.Timestamp';
  if (Array.isArray(value)) return 'list';
  const name = (value as object).constructor?.name;
  if (name === 'UnsignedInt') return 'uint';
  if (name === 'Duration') return 'google.protobuf.Duration';
  if (name === 'Type') return 'type';
  return value instanceof Map || name === 'Object' ? 'map' : String(name);
}

function integerOf(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeName(value) === 'uint') return (value as { valueOf(): bigint }).valueOf();
  return undefined;
}

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return undefined;
}

/** Whether x, scaled by 10^precision, lies exactly halfway between two integers. */
function isTie(x: number, precision: number): boolean {
  const exact = Math.abs(x).toFixed(Math.min(100, precision + 60));
  const digits = exact.slice(exact.indexOf('.') + 1 + precision);
  return /^50*$/.test(digits);
}

/** Go's %.<p>f: fixed point, ties to even. */
export function fixedPoint(x: number, precision: number): string {
  const text = x.toFixed(precision);
  if (!isTie(x, precision)) return text;
  const down = (Math.sign(x) * Math.floor(Math.abs(x) * 10 ** precision)) / 10 ** precision;
  const lastDigit = Math.floor(Math.abs(x) * 10 ** precision) % 10;
  return lastDigit % 2 === 0 ? down.toFixed(precision) : text;
}

function scientific(x: number, precision: number): string {
  const [mantissa, exponent] = x.toExponential(precision).split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[-+]/, '').padStart(2, '0')}`;
}

function durationText(value: { seconds: bigint; nanos: number }): string {
  if (!value.nanos) return `${value.seconds}s`;
  const total = Number(value.seconds) + value.nanos / 1e9;
  return `${total}s`;
}

function timestampText(value: Date): string {
  return value.toISOString().replace(/\.000Z$/, 'Z');
}

/** The %s text of a value (also used inside lists and maps). */
function stringClause(value: unknown): string {
  chargeCost(1);
  switch (typeName(value)) {
    case 'null_type': return 'null';
    case 'string': return value as string;
    case 'bool': case 'int': case 'uint': return String(value);
    case 'double': return special(value as number) ?? String(value);
    case 'bytes': return new TextDecoder().decode(value as Uint8Array);
    case 'google.protobuf.Timestamp': return timestampText(value as Date);
    case 'google.protobuf.Duration': return durationText(value as { seconds: bigint; nanos: number });
    case 'type': return (value as { name: string }).name;
    case 'list': return `[${(value as unknown[]).map(stringClause).join(', ')}]`;
    case 'map': {
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as Record<string, unknown>);
      const items = entries.map(([key, item]) => [stringClause(key), stringClause(item)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return `{${items.map(([key, item]) => `${key}: ${item}`).join(', ')}}`;
    }
    default:
      throw new FormatError(`error during formatting: string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given ${typeName(value)}`);
  }
}

function hexClause(value: unknown, upper: boolean): string {
  const integer = integerOf(value);
  let text: string;
  if (integer !== undefined) text = (integer < 0n ? '-' : '') + (integer < 0n ? -integer : integer).toString(16);
  else if (typeof value === 'string' || value instanceof Uint8Array) {
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    text = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  } else throw new FormatError(`error during formatting: only integers, byte buffers, and strings can be formatted as hex, was given ${typeName(value)}`);
  return upper ? text.toUpperCase() : text;
}

function formatClause(verb: string, precision: number | undefined, value: unknown): string {
  switch (verb) {
    case 's':
      return stringClause(value);
    case 'd': {
      const integer = integerOf(value);
      if (integer !== undefined) return integer.toString();
      if (typeof value === 'number' && special(value)) return special(value)!;
      throw new FormatError(`error during formatting: decimal clause can only be used on integers, was given ${typeName(value)}`);
    }
    case 'f':
    case 'e': {
      const clause = verb === 'f' ? 'fixed-point' : 'scientific';
      const number = typeof value === 'number' ? value : integerOf(value) !== undefined ? Number(integerOf(value)) : undefined;
      if (number === undefined) throw new FormatError(`error during formatting: ${clause} clause can only be used on doubles, was given ${typeName(value)}`);
      return special(number) ?? (verb === 'f' ? fixedPoint(number, precision ?? 6) : scientific(number, precision ?? 6));
    }
    case 'x':
    case 'X':
      return hexClause(value, verb === 'X');
    case 'o':
    case 'b': {
      const integer = typeof value === 'boolean' && verb === 'b' ? BigInt(value) : integerOf(value);
      if (integer === undefined) {
        throw new FormatError(verb === 'o'
          ? `error during formatting: octal clause can only be used on integers, was given ${typeName(value)}`
          : `error during formatting: only integers and bools can be formatted as binary, was given ${typeName(value)}`);
      }
      return (integer < 0n ? '-' : '') + (integer < 0n ? -integer : integer).toString(verb === 'o' ? 8 : 2);
    }
    default:
      throw new FormatError(`could not parse formatting clause: unrecognized formatting clause "${verb}"`);
  }
}

/** `"...".format([args])` as cel-go formats it. */
export function formatString(template: string, args: unknown[]): string {
  chargeCost(template.length);
  let result = '';
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (char !== '%') {
      result += char;
      continue;
    }
    if (template[i + 1] === '%') {
      result += '%';
      i++;
      continue;
    }
    const clause = /^(?:\.(\d+))?(.)?/.exec(template.slice(i + 1))!;
    if (clause[2] === undefined) throw new FormatError('could not parse formatting clause: unexpected end of string');
    if (next >= args.length) throw new FormatError(`index ${next} out of range`);
    result += formatClause(clause[2], clause[1] === undefined ? undefined : Number(clause[1]), args[next++]);
    i += clause[0].length;
  }
  return result;
}

const ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

/** `strings.quote(s)`: s in double quotes with escape sequences for the special characters. */
export function quoteString(text: string): string {
  chargeCost(text.length);
  let result = '"';
  for (const char of (text as string & { toWellFormed(): string }).toWellFormed()) result += ESCAPES[char] ?? char;
  return `${result}"`;
}

class StringsNamespace {}

/** Registers string.format and the `strings` namespace (strings.quote). */
export function registerStringFormat(env: Environment): void {
  env.registerFunction('string.format(list): string', formatString);
  env.registerType('kubernetes.StringsNamespace', StringsNamespace);
  env.registerConstant('strings', 'kubernetes.StringsNamespace', new StringsNamespace());
  env.registerFunction('kubernetes.StringsNamespace.quote(string): string', (_strings: unknown, text: string) => quoteString(text));
}
