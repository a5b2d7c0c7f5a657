// Kubernetes' ip and cidr libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go): ip(),
// isIP(), ip.isCanonical(), cidr(), isCIDR() and their methods. Addresses are held as BigInt.
import type { Environment } from '@marcbachmann/cel-js';
import { isIP as nodeIsIP } from 'node:net';

/** An IP address: its family and value. */
export class IPAddress {
  constructor(readonly family: 4 | 6, readonly value: bigint, readonly text: string) {}
}

/** A CIDR prefix: its address as written and the prefix length. */
export class CIDR {
  constructor(readonly address: IPAddress, readonly prefix: number, readonly text: string) {}
}

function parseError(text: string): Error {
  return new Error(`IP Address ${JSON.stringify(text)} parse error during conversion from string`);
}

/** Parses an address the way Go's netip.ParseAddr does (no zones, no IPv4-mapped forms, no leading zeros). */
export function parseIP(text: string): IPAddress {
  if (text.includes('%')) throw new Error(`IP address with zone value is not allowed: ${JSON.stringify(text)}`);
  const family = nodeIsIP(text);
  if (family === 4) {
    const parts = text.split('.');
    if (parts.some((part) => part.length > 1 && part.startsWith('0'))) throw parseError(text);
    return new IPAddress(4, parts.reduce((sum, part) => (sum << 8n) + BigInt(part), 0n), text);
  }
  if (family === 6) {
    if (text.includes('.')) throw new Error(`IPv4-mapped IPv6 address is not allowed: ${JSON.stringify(text)}`);
    const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
    const headParts = head ? head.split(':') : [];
    const tailParts = tail === undefined ? [] : tail ? tail.split(':') : [];
    const groups = tail === undefined ? headParts : [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
    return new IPAddress(6, groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n), text);
  }
  throw parseError(text);
}

function bits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

function inRange(ip: IPAddress, prefixText: string): boolean {
  const cidr = parseCIDR(prefixText);
  return cidr.address.family === ip.family && contains(cidr, ip);
}

/** The canonical text of an address (RFC 5952 for IPv6). */
export function formatIP(ip: IPAddress): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 255n)).join('.');
  const groups = [...Array(8).keys()].map((i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = [-1, 0];
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best[1] && j - i > 1) best = [i, j - i];
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best[0] === -1) return hex.join(':');
  return `${hex.slice(0, best[0]).join(':')}::${hex.slice(best[0] + best[1]).join(':')}`;
}

/** Parses a CIDR such as 10.0.0.0/8. */
export function parseCIDR(text: string): CIDR {
  const slash = text.indexOf('/');
  if (slash === -1 || !/^\d{1,3}$/.test(text.slice(slash + 1))) throw new Error(`network address parse error during conversion from string: ${JSON.stringify(text)}`);
  const address = parseIP(text.slice(0, slash));
  const prefix = Number(text.slice(slash + 1));
  if (prefix > bits(address.family)) throw new Error(`network address parse error during conversion from string: ${JSON.stringify(text)}`);
  return new CIDR(address, prefix, text);
}

function mask(family: 4 | 6, prefix: number): bigint {
  const width = BigInt(bits(family));
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefix))) - 1n);
}

function contains(cidr: CIDR, ip: IPAddress): boolean {
  if (cidr.address.family !== ip.family) return false;
  const m = mask(ip.family, cidr.prefix);
  return (cidr.address.value & m) === (ip.value & m);
}

function masked(cidr: CIDR): CIDR {
  const address = new IPAddress(cidr.address.family, cidr.address.value & mask(cidr.address.family, cidr.prefix), '');
  const text = `${formatIP(address)}/${cidr.prefix}`;
  return new CIDR(new IPAddress(address.family, address.value, formatIP(address)), cidr.prefix, text);
}

function succeeds(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}

/** Registers the ip and cidr libraries. */
export function registerIP(env: Environment): void {
  const IP = 'net.IP';
  const C = 'net.CIDR';
  env.registerType(IP, IPAddress);
  env.registerType(C, CIDR);
  env.registerFunction(`ip(string): ${IP}`, parseIP);
  env.registerFunction('isIP(string): bool', (text: string) => succeeds(() => parseIP(text)));
  env.registerFunction(`string(${IP}): string`, formatIP);
  env.registerOperator(`${IP} == ${IP}`, (a: IPAddress, b: IPAddress) => a.family === b.family && a.value === b.value);
  env.registerFunction(`${IP}.family(): int`, (ip: IPAddress) => BigInt(ip.family));
  env.registerFunction(`${IP}.isUnspecified(): bool`, (ip: IPAddress) => ip.value === 0n);
  env.registerFunction(`${IP}.isLoopback(): bool`, (ip: IPAddress) => (ip.family === 4 ? inRange(ip, '127.0.0.0/8') : ip.value === 1n));
  env.registerFunction(`${IP}.isLinkLocalMulticast(): bool`, (ip: IPAddress) => inRange(ip, ip.family === 4 ? '224.0.0.0/24' : 'ff02::/16'));
  env.registerFunction(`${IP}.isLinkLocalUnicast(): bool`, (ip: IPAddress) => inRange(ip, ip.family === 4 ? '169.254.0.0/16' : 'fe80::/10'));
  env.registerFunction(`${IP}.isGlobalUnicast(): bool`, (ip: IPAddress) => {
    if (ip.value === 0n) return false;
    if (ip.family === 4) return !['127.0.0.0/8', '224.0.0.0/4', '169.254.0.0/16', '255.255.255.255/32'].some((range) => inRange(ip, range));
    return !['::1/128', 'ff00::/8', 'fe80::/10'].some((range) => inRange(ip, range));
  });
  env.registerFunction(`${C}.containsIP(${IP}): bool`, contains);
  env.registerFunction(`${C}.containsIP(string): bool`, (cidr: CIDR, text: string) => contains(cidr, parseIP(text)));
  env.registerFunction(`${C}.containsCIDR(${C}): bool`, (cidr: CIDR, other: CIDR) => other.prefix >= cidr.prefix && contains(cidr, other.address));
  env.registerFunction(`${C}.containsCIDR(string): bool`, (cidr: CIDR, text: string) => {
    const other = parseCIDR(text);
    return other.prefix >= cidr.prefix && contains(cidr, other.address);
  });
  env.registerFunction(`${C}.ip(): ${IP}`, (cidr: CIDR) => cidr.address);
  env.registerFunction(`${C}.masked(): ${C}`, masked);
  env.registerFunction(`${C}.prefixLength(): int`, (cidr: CIDR) => BigInt(cidr.prefix));
  env.registerFunction(`cidr(string): ${C}`, parseCIDR);
  env.registerFunction('isCIDR(string): bool', (text: string) => succeeds(() => parseCIDR(text)));
  env.registerFunction(`string(${C}): string`, (cidr: CIDR) => `${formatIP(cidr.address)}/${cidr.prefix}`);
  env.registerOperator(`${C} == ${C}`, (a: CIDR, b: CIDR) => a.prefix === b.prefix && a.address.family === b.address.family && a.address.value === b.address.value);
}

/** `ip.isCanonical(text)`: registered on the namespace object `ip` (see namespaces.ts). */
export function isCanonicalIP(text: string): boolean {
  return formatIP(parseIP(text)) === text;
}
