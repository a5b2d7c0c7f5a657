// Strings the workspace index keeps, shared: 10,000 objects name a few kinds, apiVersions,
// namespaces and label values thousands of times, and a string read from a syntax tree may be a
// slice of its document's whole text (V8 keeps the text alive as long as the slice).

const table = new Map<string, string>();
/** Distinct strings kept at most; past it the table starts over (sharing is only an economy). */
const MAX_INTERNED = 100_000;
/** V8 copies shorter substrings; longer ones are slices of their parent. */
const MIN_SLICE = 13;

/** A flat copy of a long string (no parent text, no rope of concatenations); short ones as they are. */
export function flat(value: string): string {
  if (value.length < MIN_SLICE) return value;
  // Through UTF-8 is three times faster than through JSON, but would replace a lone surrogate.
  if ((value as { isWellFormed(): boolean } & string).isWellFormed()) return Buffer.from(value, 'utf8').toString('utf8');
  return JSON.parse(JSON.stringify(value)) as string;
}

/** One shared, flat copy of a string. */
export function intern(value: string): string {
  let shared = table.get(value);
  if (shared === undefined) {
    shared = flat(value);
    if (table.size >= MAX_INTERNED) table.clear();
    table.set(shared, shared);
  }
  return shared;
}

/**
 * Interns every string of plain data (objects and arrays, in place) and returns it: the facts the
 * index keeps are made of new objects, so they may be changed. Other objects are left as they are.
 */
export function internPlain<T>(value: T): T {
  if (typeof value === 'string') return intern(value) as T;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = internPlain(value[index]);
    return value;
  }
  if (isPlainObject(value) && !Object.isFrozen(value)) {
    const record: Record<string, unknown> = value;
    for (const key of Object.keys(record)) record[key] = internPlain(record[key]);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
