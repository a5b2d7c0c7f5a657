// Kubernetes' lists library (k8s.io/apiserver/pkg/cel/library/lists.go): isSorted, sum, min, max,
// indexOf, lastIndexOf; and the sets library (sets.contains, sets.equivalent, sets.intersects).
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

function compareValues(a: unknown, b: unknown): number {
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
  env.registerFunction('list<A>.min(): A', (list: unknown[]) => extreme(list, -1));
  env.registerFunction('list<A>.max(): A', (list: unknown[]) => extreme(list, 1));
  env.registerFunction('list<A>.indexOf(A): int', (list: unknown[], value: unknown) => BigInt(list.findIndex((item) => celEquals(item, value))));
  env.registerFunction('list<A>.lastIndexOf(A): int', (list: unknown[], value: unknown) => {
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
