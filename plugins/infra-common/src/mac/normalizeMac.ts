import { InvalidMacError } from './InvalidMacError';

/** A MAC address in canonical form: exactly 12 lower-case hex digits. @public */
export const MAC12_PATTERN = /^[0-9a-f]{12}$/;

/** True when `value` is already canonical (12 lower-case hex digits, nothing else). @public */
export function isMac12(value: unknown): value is string {
  return typeof value === 'string' && MAC12_PATTERN.test(value);
}

/*
 * Accepted notations, each with one separator used throughout and equal groups:
 *   aabbccddeeff        bare (any case)
 *   aa:bb:cc:dd:ee:ff   IEEE / Linux / most switches
 *   aa-bb-cc-dd-ee-ff   IEEE 802 canonical, Windows
 *   aabb.ccdd.eeff      Cisco, Dell N-series
 *   aabb-ccdd-eeff      HPE Comware, Huawei
 *   aabbcc-ddeeff       HP ProCurve / Aruba AOS-S
 * Rejected on purpose:
 *   aabb:ccdd:eeff      no vendor prints it, and it is indistinguishable from an IPv6 fragment
 *   a:b:c:d:e:f         unpadded octets (macOS arp): a dropped digit could as well be a typo, and
 *                       a lookup of the wrong MAC is worse than a clear rejection
 *   mixed separators or unequal groups (aa:bb-cc:dd:ee:ff, aabb.cc.dd.eeff): almost always a
 *                       paste error, and guessing would hide it
 */
const LAYOUTS: Record<string, ReadonlyArray<readonly [number, number]>> = {
  ':': [[6, 2]],
  '-': [
    [6, 2],
    [3, 4],
    [2, 6],
  ],
  '.': [[3, 4]],
};

const MAX_INPUT_LENGTH = 64;

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || ch.trim() === '') {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return JSON.stringify(ch);
}

/**
 * Why `input` is not an acceptable MAC address, or its canonical form. Never throws; shared by
 * {@link normalizeMac}, {@link tryNormalizeMac} and {@link parseMacList}.
 */
export function checkMac(input: string): { mac: string } | { reason: string } {
  if (typeof input !== 'string') return { reason: 'not a string' };
  const s = input.trim();
  if (s === '') return { reason: 'it is empty' };
  if (s.length > MAX_INPUT_LENGTH) {
    return {
      reason: `it is ${s.length} characters long, far more than any MAC notation`,
    };
  }
  const bad = /[^0-9a-fA-F:.-]/.exec(s);
  if (bad) {
    return {
      reason: `unexpected character ${describeChar(
        String.fromCodePoint(s.codePointAt(bad.index) ?? 0),
      )} at position ${
        bad.index + 1
      } (only hex digits and one of ":", "-", "." are allowed)`,
    };
  }
  const separators = [...new Set(s.replace(/[0-9a-fA-F]/g, ''))];
  if (separators.length > 1) {
    return {
      reason: `it mixes separators ${separators
        .map(x => `"${x}"`)
        .join(' and ')}; use one throughout`,
    };
  }
  const digits = s.replace(/[:.-]/g, '');
  if (digits.length !== 12) {
    return {
      reason: `it has ${digits.length} hex digits, a MAC address has 12`,
    };
  }
  if (separators.length === 0) return { mac: digits.toLowerCase() };

  const sep = separators[0];
  const groups = s.split(sep);
  if (groups.some(g => g === '')) {
    return {
      reason: `"${sep}" appears at the start, at the end or twice in a row`,
    };
  }
  const sizes = groups.map(g => g.length);
  if (sizes.some(n => n !== sizes[0])) {
    return {
      reason: `its groups have unequal lengths (${sizes.join(
        '-',
      )}); expected equal groups such as aa:bb:cc:dd:ee:ff or aabb.ccdd.eeff`,
    };
  }
  const accepted = LAYOUTS[sep].some(
    ([count, size]) => groups.length === count && sizes[0] === size,
  );
  if (!accepted) {
    return {
      reason: `${groups.length} groups of ${sizes[0]} separated by "${sep}" is not a MAC notation we accept (use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff, aabb-ccdd-eeff, aabbcc-ddeeff or aabbccddeeff)`,
    };
  }
  return { mac: digits.toLowerCase() };
}

/**
 * Canonical form (12 lower-case hex digits) of a MAC address written in any common notation;
 * surrounding whitespace and letter case do not matter.
 *
 * @throws InvalidMacError naming what was wrong
 * @public
 */
export function normalizeMac(input: string): string {
  const result = checkMac(input);
  if ('reason' in result)
    throw new InvalidMacError(String(input), result.reason);
  return result.mac;
}

/** Like {@link normalizeMac} but returns undefined instead of throwing. @public */
export function tryNormalizeMac(input: string): string | undefined {
  const result = checkMac(input);
  return 'mac' in result ? result.mac : undefined;
}
