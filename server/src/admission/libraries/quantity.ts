// Kubernetes' quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): quantity(),
// isQuantity() and arithmetic/comparison on resource.Quantity values, held here as exact
// fractions so that 200M == 0.2G.
import type { Environment } from '@marcbachmann/cel-js';

const QUANTITY_PATTERN = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** A resource.Quantity as an exact fraction numerator / denominator (denominator > 0). */
export class Quantity {
  constructor(readonly numerator: bigint, readonly denominator: bigint) {}
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a || 1n;
}

function fraction(numerator: bigint, denominator: bigint): Quantity {
  if (denominator < 0n) [numerator, denominator] = [-numerator, -denominator];
  const divisor = gcd(numerator, denominator);
  return new Quantity(numerator / divisor, denominator / divisor);
}

/** Parses a quantity string; throws with Kubernetes' message when it is not one. */
export function parseQuantity(text: string): Quantity {
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) throw new Error("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  const [, number, suffix] = match;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(number)) throw new Error('unable to parse quantity');
  const negative = number.startsWith('-');
  const digits = number.replace(/^[+-]/, '');
  const [whole, decimals = ''] = digits.split('.');
  let numerator = BigInt((whole || '0') + decimals) * (negative ? -1n : 1n);
  let denominator = 10n ** BigInt(decimals.length);
  if (suffix in BINARY_SUFFIXES) numerator *= 2n ** BigInt(BINARY_SUFFIXES[suffix]);
  else {
    let exponent: number;
    if (suffix in DECIMAL_SUFFIXES) exponent = DECIMAL_SUFFIXES[suffix];
    else if (/^[eE][-+]?\d+$/.test(suffix)) exponent = Number(suffix.slice(1));
    else throw new Error("unable to parse quantity's suffix");
    if (Math.abs(exponent) > 1000) throw new Error('quantity exponent out of range');
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  }
  return fraction(numerator, denominator);
}

function compare(a: Quantity, b: Quantity): bigint {
  const difference = a.numerator * b.denominator - b.numerator * a.denominator;
  return difference > 0n ? 1n : difference < 0n ? -1n : 0n;
}

function asQuantity(value: Quantity | bigint): Quantity {
  return value instanceof Quantity ? value : new Quantity(value, 1n);
}

function isInt64Integer(q: Quantity): boolean {
  return q.denominator === 1n && q.numerator <= INT64_MAX && q.numerator >= INT64_MIN;
}

/** Registers quantity(), isQuantity() and the Quantity methods. */
export function registerQuantity(env: Environment): void {
  const Q = 'kubernetes.Quantity';
  env.registerType(Q, Quantity);
  env.registerFunction(`quantity(string): ${Q}`, parseQuantity);
  env.registerFunction('isQuantity(string): bool', (text: string) => {
    try {
      parseQuantity(text);
      return true;
    } catch {
      return false;
    }
  });
  env.registerOperator(`${Q} == ${Q}`, (a: Quantity, b: Quantity) => compare(a, b) === 0n);
  env.registerFunction(`${Q}.sign(): int`, (q: Quantity) => compare(q, new Quantity(0n, 1n)));
  env.registerFunction(`${Q}.isInteger(): bool`, isInt64Integer);
  env.registerFunction(`${Q}.asInteger(): int`, (q: Quantity) => {
    if (!isInt64Integer(q)) throw new Error('cannot convert value to integer');
    return q.numerator;
  });
  env.registerFunction(`${Q}.asApproximateFloat(): double`, (q: Quantity) => Number(q.numerator) / Number(q.denominator));
  env.registerFunction(`${Q}.compareTo(${Q}): int`, compare);
  env.registerFunction(`${Q}.isGreaterThan(${Q}): bool`, (a: Quantity, b: Quantity) => compare(a, b) > 0n);
  env.registerFunction(`${Q}.isLessThan(${Q}): bool`, (a: Quantity, b: Quantity) => compare(a, b) < 0n);
  for (const other of [Q, 'int']) {
    env.registerFunction(`${Q}.add(${other}): ${Q}`, (a: Quantity, b: Quantity | bigint) => {
      const q = asQuantity(b);
      return fraction(a.numerator * q.denominator + q.numerator * a.denominator, a.denominator * q.denominator);
    });
    env.registerFunction(`${Q}.sub(${other}): ${Q}`, (a: Quantity, b: Quantity | bigint) => {
      const q = asQuantity(b);
      return fraction(a.numerator * q.denominator - q.numerator * a.denominator, a.denominator * q.denominator);
    });
  }
  env.registerFunction(`${Q}.mul(int): ${Q}`, (a: Quantity, b: bigint) => fraction(a.numerator * b, a.denominator));
  env.registerFunction(`${Q}.div(int): ${Q}`, (a: Quantity, b: bigint) => {
    if (b === 0n) throw new Error('division by zero');
    return fraction(a.numerator, a.denominator * b);
  });
  env.registerFunction(`${Q}.divInt(int): ${Q}`, (a: Quantity, b: bigint) => {
    if (b === 0n) throw new Error('division by zero');
    return new Quantity(a.numerator / (a.denominator * b), 1n);
  });
}
