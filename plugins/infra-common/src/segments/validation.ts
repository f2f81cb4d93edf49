import { formatIp, parseIp } from './ip';
import { SegmentChanges, SegmentInput, SegmentItemError } from './types';

/**
 * The EPG name pattern the backend applies unless `infra.segments.epgNamePattern` says otherwise.
 * @public
 */
export const DEFAULT_EPG_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

/** Result of {@link checkCidr}: the canonical network, or why the text is not one. @public */
export type CidrCheck =
  | { ok: true; family: 4 | 6; network: bigint; length: number; text: string }
  | { ok: false; message: string };

/** A well-formed IPv4/IPv6 CIDR whose host bits are zero, in canonical text. @public */
export function checkCidr(value: unknown): CidrCheck {
  if (typeof value !== 'string' || !value.includes('/')) {
    return {
      ok: false,
      message: 'must be a CIDR such as 10.20.30.0/24 (address/length)',
    };
  }
  const [address, len, ...rest] = value.trim().split('/');
  const ip = parseIp(address);
  if (!ip || rest.length > 0 || !/^\d{1,3}$/.test(len)) {
    return {
      ok: false,
      message: `'${value}' is not a well-formed CIDR (address/length)`,
    };
  }
  const family = ip.family;
  const bits = family === 4 ? 32 : 128;
  const length = Number(len);
  if (length < 1 || length > bits) {
    return {
      ok: false,
      message: `'${value}': prefix length must be 1-${bits} for IPv${family}`,
    };
  }
  const n = ip.value;
  const hostMask = (1n << BigInt(bits - length)) - 1n;
  const network = n & ~hostMask;
  const text = `${formatIp(family, network)}/${length}`;
  if ((n & hostMask) !== 0n) {
    return {
      ok: false,
      message: `'${value}' has host bits set; the network is ${text}`,
    };
  }
  return { ok: true, family, network, length, text };
}

function isRef(v: unknown): boolean {
  return (
    (typeof v === 'string' && v.trim() !== '') ||
    (typeof v === 'number' && Number.isInteger(v) && v > 0)
  );
}

function checkVid(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    return 'must be a whole number from 1 to 4094';
  }
  if (v < 1 || v > 4094) return `${v} is outside the VLAN id range 1-4094`;
  return undefined;
}

function checkEpg(v: unknown, pattern: RegExp): string | undefined {
  if (typeof v !== 'string' || v === '') return 'is required (a string)';
  if (v.length > 64) return `'${v}' is longer than 64 characters`;
  if (!pattern.test(v)) return `'${v}' does not match ${pattern.source}`;
  return undefined;
}

/**
 * Field checks of one create item: pushes one error per bad field (named as in the request) and
 * returns the item with its prefix canonicalised, or undefined when anything is wrong.
 * @public
 */
export function checkCreateItem(
  raw: unknown,
  index: number,
  epgPattern: RegExp,
  errors: SegmentItemError[],
): SegmentInput | undefined {
  const add = (field: string, message: string) =>
    errors.push({ index, field, message: `${field} ${message}` });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    add('item', 'must be an object');
    return undefined;
  }
  const item = raw as Record<string, unknown>;
  const before = errors.length;
  const known = [
    'site',
    'vlan_id',
    'epg_name',
    'prefix',
    'vrf',
    'dhcp',
    'description',
  ];
  for (const key of Object.keys(item)) {
    if (!known.includes(key))
      add(key, `is not a segment field (${known.join(', ')})`);
  }
  if (!isRef(item.site))
    add('site', 'is required (site group name, slug or id)');
  if (!isRef(item.vrf)) add('vrf', 'is required (VRF name, RD or id)');
  const vid = checkVid(item.vlan_id);
  if (vid) add('vlan_id', vid);
  const epg = checkEpg(item.epg_name, epgPattern);
  if (epg) add('epg_name', epg);
  const cidr = checkCidr(item.prefix);
  if (!cidr.ok) add('prefix', cidr.message);
  if (item.dhcp !== undefined && typeof item.dhcp !== 'boolean') {
    add('dhcp', 'must be true or false');
  }
  if (
    item.description !== undefined &&
    (typeof item.description !== 'string' || item.description.length > 200)
  ) {
    add('description', 'must be a string of at most 200 characters');
  }
  if (errors.length > before || !cidr.ok) return undefined;
  return {
    site: item.site as string | number,
    vlan_id: item.vlan_id as number,
    epg_name: item.epg_name as string,
    prefix: cidr.text,
    vrf: item.vrf as string | number,
    dhcp: (item.dhcp as boolean | undefined) ?? false,
    description: (item.description as string | undefined) ?? '',
  };
}

/**
 * Field checks of one update item `{id, changes}`; fields of `changes` are named `changes.<field>`.
 * @public
 */
export function checkUpdateItem(
  raw: unknown,
  index: number,
  epgPattern: RegExp,
  errors: SegmentItemError[],
): { id: number; changes: SegmentChanges } | undefined {
  const before = errors.length;
  const add = (field: string, message: string, id?: number) =>
    errors.push({ index, id, field, message: `${field} ${message}` });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    add('item', 'must be an object {id, changes}');
    return undefined;
  }
  const { id, changes } = raw as { id?: unknown; changes?: unknown };
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
    add('id', 'must be the segment id (a positive integer)');
    return undefined;
  }
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) {
    add('changes', 'must be an object', id);
    return undefined;
  }
  const c = changes as Record<string, unknown>;
  const allowed = ['epg_name', 'vlan_id', 'prefix', 'dhcp', 'description'];
  const keys = Object.keys(c);
  if (keys.length === 0)
    add('changes', `must change one of ${allowed.join(', ')}`, id);
  for (const key of keys) {
    if (!allowed.includes(key))
      add(
        `changes.${key}`,
        `cannot be changed (allowed: ${allowed.join(', ')})`,
        id,
      );
  }
  const out: SegmentChanges = {};
  if ('vlan_id' in c) {
    const m = checkVid(c.vlan_id);
    if (m) add('changes.vlan_id', m, id);
    else out.vlan_id = c.vlan_id as number;
  }
  if ('epg_name' in c) {
    const m = checkEpg(c.epg_name, epgPattern);
    if (m) add('changes.epg_name', m, id);
    else out.epg_name = c.epg_name as string;
  }
  if ('prefix' in c) {
    const cidr = checkCidr(c.prefix);
    if (!cidr.ok) add('changes.prefix', cidr.message, id);
    else out.prefix = cidr.text;
  }
  if ('dhcp' in c) {
    if (typeof c.dhcp !== 'boolean')
      add('changes.dhcp', 'must be true or false', id);
    else out.dhcp = c.dhcp;
  }
  if ('description' in c) {
    if (typeof c.description !== 'string' || c.description.length > 200) {
      add(
        'changes.description',
        'must be a string of at most 200 characters',
        id,
      );
    } else out.description = c.description;
  }
  return errors.length > before ? undefined : { id, changes: out };
}
