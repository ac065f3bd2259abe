/** An inclusive range of IPv4 addresses, as unsigned 32-bit integers. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

/** A parsed CIDR block such as `10.244.0.0/16`. */
export interface Ipv4Cidr extends Ipv4Range {
  readonly text: string;
  readonly prefixLength: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted-quad IPv4 address; returns undefined for anything else (no leading zeros, no shorthand). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) {
    return undefined;
  }
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Parses `a.b.c.d/n`. The address must be the network address of the block (`10.244.1.0/16` is rejected),
 * because kubeadm and Flannel treat a block with host bits set inconsistently.
 */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!match) {
    return undefined;
  }
  const address = parseIpv4(match[1]);
  const prefixLength = Number(match[2]);
  if (address === undefined || prefixLength > 32) {
    return undefined;
  }
  const size = 2 ** (32 - prefixLength);
  if (address % size !== 0) {
    return undefined;
  }
  return { text, prefixLength, first: address, last: address + size - 1 };
}

export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** Parses an address range written as a CIDR block or as `first-last` (MetalLB's two notations). */
export function parseIpv4Range(text: string): Ipv4Range | undefined {
  if (text.includes('/')) {
    return parseCidr(text);
  }
  const bounds = text.split('-').map((part) => part.trim());
  if (bounds.length !== 2) {
    return undefined;
  }
  const first = parseIpv4(bounds[0]);
  const last = parseIpv4(bounds[1]);
  if (first === undefined || last === undefined || last < first) {
    return undefined;
  }
  return { first, last };
}

/** Whether `text` is `first-last` with two valid addresses in the wrong order, such as `10.0.3.250-10.0.3.241`. */
export function isReversedRange(text: string): boolean {
  const bounds = text.split('-').map((part) => part.trim());
  if (text.includes('/') || bounds.length !== 2) return false;
  const first = parseIpv4(bounds[0]);
  const last = parseIpv4(bounds[1]);
  return first !== undefined && last !== undefined && last < first;
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

export function rangeContainsAddress(range: Ipv4Range, address: number): boolean {
  return range.first <= address && address <= range.last;
}
