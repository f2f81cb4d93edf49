/**
 * IPv4/IPv6 address text to numbers and back, without `node:net`, so the same checks run in the
 * browser and in the backend.
 */

/** An address as a number: 32 bits for IPv4, 128 for IPv6. @public */
export interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

// no leading zeros: "010" reads as octal in some tools and as decimal in others
const OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** Dotted-quad IPv4 (`10.0.0.1`) as a 32-bit number; undefined when not well formed. @public */
export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!OCTET.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

/** The hextets of one side of `::`; an IPv4 tail counts as two. */
function hextets(side: string, ipv4TailAllowed: boolean): bigint[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const out: bigint[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (ipv4TailAllowed && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (HEXTET.test(part)) {
      out.push(BigInt(parseInt(part, 16)));
    } else {
      return undefined;
    }
  }
  return out;
}

/**
 * IPv6 text (RFC 4291 section 2.2: hextets, one `::`, an optional dotted IPv4 tail) as a 128-bit
 * number; undefined when not well formed. Zone ids (`%eth0`) are rejected: they name an interface,
 * not a network.
 * @public
 */
export function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: bigint[];
  if (halves.length === 1) {
    const all = hextets(text, true);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  } else {
    const head = hextets(halves[0], false);
    const tail = hextets(halves[1], true);
    // `::` stands for at least one zero group
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [
      ...head,
      ...Array<bigint>(8 - head.length - tail.length).fill(0n),
      ...tail,
    ];
  }
  return groups.reduce((n, g) => (n << 16n) | g, 0n);
}

/** IPv4 or IPv6 text as a number; undefined when it is neither. @public */
export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseIPv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Canonical text of an address: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as `::`). @public */
export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map(s => String((value >> s) & 255n)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
  );
  // the first longest run of two or more zero groups; a single zero group stays written out
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups
    .slice(best + bestLen)
    .join(':')}`;
}
