// The parts of cel-go's strings extension (ext.Strings, version 2 in Kubernetes) the CEL library
// lacks: charAt, replace, reverse, and lastIndexOf/indexOf are already there.
import type { Environment } from '@marcbachmann/cel-js';
import { chargeCost } from '../cost.ts';

function replace(text: string, from: string, to: string, limit: bigint): string {
  chargeCost(text.length);
  if (limit < 0n) return text.split(from).join(to);
  let result = text;
  let start = 0;
  for (let n = 0n; n < limit; n++) {
    const at = result.indexOf(from, start);
    if (at === -1) break;
    result = result.slice(0, at) + to + result.slice(at + from.length);
    start = at + to.length + (from === '' ? 1 : 0);
  }
  return result;
}

// Go's unicode.IsSpace (what cel-go's trim strips); JavaScript's trim differs on U+0085 and U+FEFF.
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/** Registers charAt, replace, reverse, and ASCII-only lowerAscii/upperAscii and Go's trim (see cel.ts). */
export function registerStrings(env: Environment): void {
  env.registerFunction('string.charAt(int): string', (text: string, index: bigint) => {
    const chars = [...text];
    if (index < 0n || index > BigInt(chars.length)) throw new Error(`index out of range: ${index}`);
    return chars[Number(index)] ?? '';
  });
  env.registerFunction('string.replace(string, string): string', (text: string, from: string, to: string) => replace(text, from, to, -1n));
  env.registerFunction('string.replace(string, string, int): string', replace);
  env.registerFunction('string.reverse(): string', (text: string) => [...text].reverse().join(''));
  env.registerFunction('string.kubeHardenerLowerAscii(): string', (text: string) => text.replace(/[A-Z]+/g, (part) => part.toLowerCase()));
  env.registerFunction('string.kubeHardenerUpperAscii(): string', (text: string) => text.replace(/[a-z]+/g, (part) => part.toUpperCase()));
  env.registerFunction('string.kubeHardenerTrim(): string', (text: string) => text.replace(TRIM, ''));
}
