import { tryNormalizeMac } from '@infra-inventory/plugin-infra-common';
import { LldpNeighbor, MacEntryType } from '../types';
import { compact } from './text';

/**
 * The MAC in a table cell. Only separated notations count: devices never print bare hex in a MAC
 * column, and a bare 12-hex-digit word elsewhere (a host name) must not be read as one.
 */
export function macFromToken(token: string): string | undefined {
  if (!/[:.-]/.test(token)) return undefined;
  return tryNormalizeMac(token);
}

/** VLAN id 1-4094 from a cell, else undefined (`All`, `-`, `N/A`, names). */
export function vlanId(cell: string | undefined): number | undefined {
  if (!cell || !/^\d{1,4}$/.test(cell)) return undefined;
  const n = Number(cell);
  return n >= 1 && n <= 4094 ? n : undefined;
}

/** Type column words across platforms, folded into the four kinds callers care about. */
export function macEntryType(word: string | undefined): MacEntryType {
  const w = (word ?? '').toLowerCase();
  if (/secure|sticky|port-access|psecure/.test(w)) return 'secure';
  if (/^(dynamic|dyn|learned|learnt|learn)$/.test(w)) return 'dynamic';
  if (/^(static|permanent|config|configured)$/.test(w)) return 'static';
  return 'other';
}

const CAPABILITY_CODES: Record<string, string> = {
  B: 'bridge',
  R: 'router',
  T: 'telephone',
  C: 'docsis',
  W: 'wlan',
  P: 'repeater',
  S: 'station',
  O: 'other',
};

/**
 * LLDP capabilities as lower-case words, from letter codes ("B,R", "BR") or words ("Bridge,
 * Router", "WLAN"); undefined when there are none.
 */
export function lldpCapabilities(
  cell: string | undefined,
): string[] | undefined {
  const s = (cell ?? '').trim();
  if (s === '' || s === '-' || /^n\/?a$/i.test(s)) return undefined;
  if (/^[BRTCWPSO](?:,?[BRTCWPSO])*$/.test(s)) {
    return s
      .replace(/,/g, '')
      .split('')
      .map(c => CAPABILITY_CODES[c]);
  }
  return s
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(w => CAPABILITY_CODES[w] ?? w.toLowerCase());
}

/** A neighbour without empty fields, except `neighbor` itself, which is '' when none was sent. */
export function lldpNeighbor(fields: LldpNeighbor): LldpNeighbor {
  return { ...compact(fields), neighbor: fields.neighbor ?? '' };
}
