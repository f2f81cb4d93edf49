import {
  checkCreateItem,
  SegmentInput,
  SegmentItemError,
} from '@infra-inventory/plugin-infra-common';

type Column =
  | 'vlan_id'
  | 'epg_name'
  | 'site'
  | 'prefix'
  | 'vrf'
  | 'dhcp'
  | 'description';

/** Column order of pasted rows without a header line; the form's order. */
export const ROW_COLUMNS: readonly Column[] = [
  'vlan_id',
  'epg_name',
  'site',
  'prefix',
  'vrf',
  'dhcp',
  'description',
];

const HEADER_NAMES: Record<string, Column> = {
  vlan_id: 'vlan_id',
  'vlan id': 'vlan_id',
  vlan: 'vlan_id',
  vid: 'vlan_id',
  epg_name: 'epg_name',
  'epg name': 'epg_name',
  epg: 'epg_name',
  name: 'epg_name',
  site: 'site',
  'site group': 'site',
  site_group: 'site',
  sitegroup: 'site',
  prefix: 'prefix',
  vrf: 'vrf',
  dhcp: 'dhcp',
  description: 'description',
};

/** Pasted rows as create items, each with the line it came from. */
export interface ParsedRows {
  items: SegmentInput[];
  /** `lines[i]` is the 1-based line of `items[i]` (and of request item `i`). */
  lines: number[];
  /** One message per problem, starting with its line. */
  errors: string[];
}

/** Splits one line on tabs (a spreadsheet paste) or commas, honouring "quoted, cells". */
function cells(line: string): string[] {
  if (line.includes('\t')) return line.split('\t').map(c => c.trim());
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  out.push(cell.trim());
  return out;
}

function dhcpOf(text: string): unknown {
  const t = text.toLowerCase();
  if (['', 'no', 'false', '0', 'n'].includes(t)) return false;
  if (['yes', 'true', '1', 'y'].includes(t)) return true;
  return text;
}

function headerOf(row: string[]): Column[] | undefined {
  const columns = row.map(c => HEADER_NAMES[c.toLowerCase()]);
  return columns.every(Boolean) && columns.includes('prefix')
    ? (columns as Column[])
    : undefined;
}

/**
 * Several segments pasted as CSV-like rows: VLAN id, EPG name, site group, prefix, VRF, and
 * optionally DHCP (yes/no) and description, or any order named by a header line. Each row is
 * checked with the backend's validation; lines starting with `#` and empty lines are skipped.
 */
export function parseRows(text: string, epgPattern: RegExp): ParsedRows {
  const parsed: ParsedRows = { items: [], lines: [], errors: [] };
  let columns: readonly Column[] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    const row = cells(raw);
    if (!columns) {
      columns = headerOf(row);
      if (columns) return;
      columns = ROW_COLUMNS;
    }
    if (row.length > columns.length) {
      parsed.errors.push(
        `Line ${line}: ${row.length} cells, at most ${
          columns.length
        } expected (${columns.join(', ')})`,
      );
      return;
    }
    const item: Record<string, unknown> = {};
    columns.forEach((column, c) => {
      const value = row[c] ?? '';
      if (column === 'vlan_id') {
        item.vlan_id = /^\d+$/.test(value) ? Number(value) : value;
      } else if (column === 'dhcp') item.dhcp = dhcpOf(value);
      else item[column] = value;
    });
    const errors: SegmentItemError[] = [];
    const input = checkCreateItem(
      item,
      parsed.items.length,
      epgPattern,
      errors,
    );
    if (input) {
      parsed.items.push(input);
      parsed.lines.push(line);
    }
    parsed.errors.push(...errors.map(e => `Line ${line}: ${e.message}`));
  });
  if (parsed.items.length === 0 && parsed.errors.length === 0) {
    parsed.errors.push('Paste at least one row');
  }
  return parsed;
}

/** The backend's per-item errors of a pasted request, each with the line of its item. */
export function rowErrorsOf(
  items: SegmentItemError[],
  lines: number[],
): string[] {
  return items.map(e =>
    e.index !== undefined && lines[e.index] !== undefined
      ? `Line ${lines[e.index]}: ${e.message}`
      : e.message,
  );
}
