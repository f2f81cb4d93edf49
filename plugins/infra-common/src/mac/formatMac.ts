import { normalizeMac } from './normalizeMac';

/**
 * How to write a MAC address:
 * - `colon` aa:bb:cc:dd:ee:ff
 * - `dash`  aa-bb-cc-dd-ee-ff
 * - `dot`   aabb.ccdd.eeff (Cisco, Dell N-series)
 * - `hp`    aabbcc-ddeeff (HP ProCurve / Aruba AOS-S)
 * - `bare`  aabbccddeeff
 *
 * @public
 */
export type MacStyle = 'colon' | 'dash' | 'dot' | 'hp' | 'bare';

/** @public */
export type MacLetterCase = 'lower' | 'upper';

/** The styles {@link formatMac} knows, for UIs and exhaustive tests. @public */
export const MAC_STYLES: readonly MacStyle[] = [
  'colon',
  'dash',
  'dot',
  'hp',
  'bare',
];

function chunks(mac: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < mac.length; i += size) out.push(mac.slice(i, i + size));
  return out;
}

/**
 * Writes a MAC address in `style`. The input is normalised first, so any notation that
 * {@link normalizeMac} accepts may be passed.
 *
 * @throws InvalidMacError when `mac` is not a MAC address
 * @public
 */
export function formatMac(
  mac: string,
  style: MacStyle = 'colon',
  letterCase: MacLetterCase = 'lower',
): string {
  const m = normalizeMac(mac);
  let out: string;
  switch (style) {
    case 'colon':
      out = chunks(m, 2).join(':');
      break;
    case 'dash':
      out = chunks(m, 2).join('-');
      break;
    case 'dot':
      out = chunks(m, 4).join('.');
      break;
    case 'hp':
      out = chunks(m, 6).join('-');
      break;
    case 'bare':
      out = m;
      break;
    default:
      // A caller outside TypeScript could pass anything; fail loudly rather than print garbage.
      throw new TypeError(`Unknown MAC style ${JSON.stringify(style)}`);
  }
  return letterCase === 'upper' ? out.toUpperCase() : out;
}
