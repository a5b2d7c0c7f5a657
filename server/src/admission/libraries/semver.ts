// Kubernetes' semver library (k8s.io/apiserver/pkg/cel/library/semver.go): semver(), isSemver()
// and comparisons, with the optional normalization (v prefix, missing minor/patch, leading zeros).
import type { Environment } from '@marcbachmann/cel-js';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A semantic version. */
export class Semver {
  constructor(readonly major: bigint, readonly minor: bigint, readonly patch: bigint, readonly pre: string[]) {}
}

/** Kubernetes' normalization: drop a leading v, add missing .0 parts, strip leading zeros. */
function normalize(text: string): string {
  let core = text.startsWith('v') ? text.slice(1) : text;
  let rest = '';
  const extra = core.search(/[-+]/);
  if (extra !== -1) [core, rest] = [core.slice(0, extra), core.slice(extra)];
  const parts = core.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.map((part) => (/^\d+$/.test(part) ? part.replace(/^0+(?=\d)/, '') : part)).join('.') + rest;
}

/** Parses a version; throws when it is not strict semver (after normalization if asked). */
export function parseSemver(text: string, normalizeIt = false): Semver {
  const match = SEMVER.exec(normalizeIt ? normalize(text) : text);
  if (!match) throw new Error(`No Major.Minor.Patch elements found in ${JSON.stringify(text)}`);
  return new Semver(BigInt(match[1]), BigInt(match[2]), BigInt(match[3]), match[4] ? match[4].split('.') : []);
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const numeric = /^\d+$/.test(a[i]) && /^\d+$/.test(b[i]);
    const order = numeric ? Math.sign(Number(a[i]) - Number(b[i])) : a[i] < b[i] ? -1 : a[i] > b[i] ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}

function compare(a: Semver, b: Semver): bigint {
  for (const key of ['major', 'minor', 'patch'] as const) if (a[key] !== b[key]) return a[key] > b[key] ? 1n : -1n;
  return BigInt(comparePre(a.pre, b.pre));
}

function isSemver(text: string, normalizeIt = false): boolean {
  try {
    parseSemver(text, normalizeIt);
    return true;
  } catch {
    return false;
  }
}

/** Registers semver(), isSemver() and the Semver methods. */
export function registerSemver(env: Environment): void {
  const S = 'kubernetes.Semver';
  env.registerType(S, Semver);
  env.registerFunction(`semver(string): ${S}`, (text: string) => parseSemver(text));
  env.registerFunction(`semver(string, bool): ${S}`, parseSemver);
  env.registerFunction('isSemver(string): bool', (text: string) => isSemver(text));
  env.registerFunction('isSemver(string, bool): bool', isSemver);
  env.registerOperator(`${S} == ${S}`, (a: Semver, b: Semver) => compare(a, b) === 0n);
  env.registerFunction(`${S}.major(): int`, (v: Semver) => v.major);
  env.registerFunction(`${S}.minor(): int`, (v: Semver) => v.minor);
  env.registerFunction(`${S}.patch(): int`, (v: Semver) => v.patch);
  env.registerFunction(`${S}.compareTo(${S}): int`, compare);
  env.registerFunction(`${S}.isGreaterThan(${S}): bool`, (a: Semver, b: Semver) => compare(a, b) > 0n);
  env.registerFunction(`${S}.isLessThan(${S}): bool`, (a: Semver, b: Semver) => compare(a, b) < 0n);
}
