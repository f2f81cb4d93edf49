/** An IPv4 or IPv6 network, held as BigInts so both families share one code path. */
export interface Cidr {
  family: 4 | 6;
  /** Network address (host bits cleared). */
  network: bigint;
  length: number;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(p));
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2)
    return undefined;
  let groups: string[];
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // an embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups
  const last = (tail !== undefined ? tailGroups : headGroups).at(-1);
  const v4 = last?.includes('.') ? parseV4(last) : undefined;
  if (last?.includes('.')) {
    if (v4 === undefined) return undefined;
    const list = tail !== undefined ? tailGroups : headGroups;
    list.splice(
      -1,
      1,
      ((v4 >> 16n) & 0xffffn).toString(16),
      (v4 & 0xffffn).toString(16),
    );
  }
  if (tail !== undefined) {
    const missing = 8 - headGroups.length - tailGroups.length;
    if (missing < 1) return undefined;
    groups = [...headGroups, ...Array(missing).fill('0'), ...tailGroups];
  } else {
    groups = headGroups;
  }
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

function bits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

function mask(family: 4 | 6, length: number): bigint {
  const total = BigInt(bits(family));
  return ((1n << total) - 1n) ^ ((1n << (total - BigInt(length))) - 1n);
}

/**
 * `10.0.0.0/24`, `2001:db8::/32`, or a bare address (a host route, as netaddr reads it).
 * Host bits are cleared, as NetBox does when it saves a prefix.
 */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, ...extra] = String(text).trim().split('/');
  if (extra.length > 0 || !addr) return undefined;
  const family: 4 | 6 = addr.includes(':') ? 6 : 4;
  const value = family === 4 ? parseV4(addr) : parseV6(addr);
  if (value === undefined) return undefined;
  const length = len === undefined ? bits(family) : Number(len);
  if (!/^\d+$/.test(len ?? '0') || length > bits(family)) return undefined;
  return { family, network: value & mask(family, length), length };
}

export function formatCidr(c: Cidr): string {
  if (c.family === 4) {
    const octets = [24n, 16n, 8n, 0n].map(s =>
      Number((c.network >> s) & 0xffn),
    );
    return `${octets.join('.')}/${c.length}`;
  }
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n)
    groups.push(((c.network >> s) & 0xffffn).toString(16));
  // compress the longest run of zero groups, as Python's ipaddress prints it
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  let text = groups.join(':');
  if (best.at >= 0) {
    text = `${groups.slice(0, best.at).join(':')}::${groups
      .slice(best.at + best.len)
      .join(':')}`;
  }
  return `${text}/${c.length}`;
}

/** `outer` contains `inner` (or equals it when `orEqual`). */
export function cidrContains(
  outer: Cidr,
  inner: Cidr,
  orEqual = true,
): boolean {
  if (outer.family !== inner.family || inner.length < outer.length)
    return false;
  if (inner.length === outer.length && !orEqual) return false;
  return (inner.network & mask(outer.family, outer.length)) === outer.network;
}

export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return (
    a.family === b.family && a.length === b.length && a.network === b.network
  );
}
