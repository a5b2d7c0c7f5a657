// Kubernetes' lists library (k8s.io/apiserver/pkg/cel/library/lists.go): isSorted, sum, min, max,
// indexOf, lastIndexOf (for ints, doubles, strings, durations and timestamps); and the sets library (sets.contains, sets.equivalent, sets.intersects).
import type { Environment } from '@marcbachmann/cel-js';
import { chargeCost } from '../cost.ts';

/** CEL equality of plain values (numbers of either kind compare by value). */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => celEquals(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && Object.getPrototypeOf(a) === Object.prototype && Object.getPrototypeOf(b) === Object.prototype) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && celEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return false;
}

interface DurationValue {
  seconds: bigint;
  nanos: number;
  addDuration(other: DurationValue): DurationValue;
}

function isDuration(value: unknown): value is DurationValue {
  return typeof value === 'object' && value !== null && value.constructor?.name === 'Duration';
}

function compareValues(a: unknown, b: unknown): number {
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (isDuration(a) && isDuration(b)) return a.seconds !== b.seconds ? (a.seconds < b.seconds ? -1 : 1) : Math.sign(a.nanos - b.nanos);
  if (typeof a !== typeof b && !(isNumber(a) && isNumber(b))) throw new Error('no such overload: comparing values of different types');
  if (typeof a === 'string' || typeof a === 'bigint' || typeof a === 'number' || typeof a === 'boolean') return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  throw new Error(`no such overload: ${typeof a} is not comparable`);
}

function isNumber(value: unknown): boolean {
  return typeof value === 'bigint' || typeof value === 'number';
}

function extreme(list: unknown[], sign: number): unknown {
  if (list.length === 0) throw new Error('min/max on an empty list');
  chargeCost(list.length);
  return list.reduce((best, item) => (compareValues(item, best) * sign > 0 ? item : best));
}

/** Registers the lists and sets libraries (sets through the namespace object `sets`). */
export function registerLists(env: Environment): void {
  env.registerFunction('list<A>.isSorted(): bool', (list: unknown[]) => {
    chargeCost(list.length);
    return list.every((item, i) => i === 0 || compareValues(list[i - 1], item) <= 0);
  });
  env.registerFunction('list<int>.sum(): int', (list: bigint[]) => list.reduce((sum, item) => sum + item, 0n));
  env.registerFunction('list<double>.sum(): double', (list: number[]) => list.reduce((sum, item) => sum + item, 0));
  const UnsignedInt = (env.evaluate('0u') as object).constructor as new (value: bigint) => unknown;
  env.registerFunction('list<uint>.sum(): uint', (list: { valueOf(): bigint }[]) => new UnsignedInt(list.reduce((sum: bigint, item) => sum + item.valueOf(), 0n)));
  const zero = env.evaluate('duration("0s")') as DurationValue;
  env.registerFunction('list<google.protobuf.Duration>.sum(): google.protobuf.Duration', (list: DurationValue[]) => {
    chargeCost(list.length);
    return list.reduce((sum, item) => sum.addDuration(item), zero);
  });
  env.registerFunction('list<A>.min(): A', (list: unknown[]) => extreme(list, -1));
  env.registerFunction('list<A>.max(): A', (list: unknown[]) => extreme(list, 1));
  // A dyn argument: cel-go compares with heterogeneous equality (an int list's indexOf(2.0) is found);
  // a typed list<A>.indexOf(A) overload would refuse that at run time. The checker is laxer than cel-go's.
  env.registerFunction('list.indexOf(dyn): int', (list: unknown[], value: unknown) => BigInt(list.findIndex((item) => celEquals(item, value))));
  env.registerFunction('list.lastIndexOf(dyn): int', (list: unknown[], value: unknown) => {
    for (let i = list.length - 1; i >= 0; i--) if (celEquals(list[i], value)) return BigInt(i);
    return -1n;
  });
}

/** sets.contains(a, b): every element of b is in a. */
export function setContains(a: unknown[], b: unknown[]): boolean {
  chargeCost(a.length * b.length);
  return b.every((item) => a.some((other) => celEquals(item, other)));
}

/** sets.intersects(a, b): some element is in both. */
export function setIntersects(a: unknown[], b: unknown[]): boolean {
  chargeCost(a.length * b.length);
  return a.some((item) => b.some((other) => celEquals(item, other)));
}
