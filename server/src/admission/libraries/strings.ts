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

/** Registers charAt, replace and reverse. */
export function registerStrings(env: Environment): void {
  env.registerFunction('string.charAt(int): string', (text: string, index: bigint) => {
    const chars = [...text];
    if (index < 0n || index > BigInt(chars.length)) throw new Error(`index out of range: ${index}`);
    return chars[Number(index)] ?? '';
  });
  env.registerFunction('string.replace(string, string): string', (text: string, from: string, to: string) => replace(text, from, to, -1n));
  env.registerFunction('string.replace(string, string, int): string', replace);
  env.registerFunction('string.reverse(): string', (text: string) => [...text].reverse().join(''));
}
