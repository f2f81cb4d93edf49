import { MacEntry, MacEntryType } from '../types';
import { macFromToken } from './fields';
import { compact, isPromptLine, outputLines, words } from './text';

/** A line of a MAC table that holds a MAC address, split on whitespace. */
export interface MacRow {
  tokens: string[];
  /** Index of the MAC token in `tokens`. */
  macIndex: number;
  mac: string;
  line: string;
}

/** What a platform reads from one row besides the MAC. */
export interface MacRowFields {
  vlan?: number;
  vlanName?: string;
  /** One port, or a comma-separated list that becomes one entry per port. */
  port: string;
  type: MacEntryType;
}

export interface MacRowOptions {
  /** A line that starts a section to ignore (multicast tables list group members, not hosts). */
  skipSection?: RegExp;
  /** A line that ends the ignored section. */
  resumeSection?: RegExp;
}

const NO_PORT = /^(?:-+|n\/a)?$/i;

/**
 * The MAC entries of a table: every line holding a MAC token is handed to `readRow`, which picks
 * the other fields by their position relative to the MAC. Lines without a MAC (headers, legends,
 * counters, footers, prompts) fall out on their own, so one reader copes with a platform's
 * variants as long as the column order around the MAC is the same.
 */
export function parseMacRows(
  text: string,
  readRow: (row: MacRow) => MacRowFields | undefined,
  options: MacRowOptions = {},
): MacEntry[] {
  const entries: MacEntry[] = [];
  let skipping = false;
  for (const line of outputLines(text)) {
    if (options.skipSection?.test(line)) {
      skipping = true;
      continue;
    }
    if (skipping) {
      if (options.resumeSection?.test(line)) skipping = false;
      continue;
    }
    // The echoed command may hold the MAC being looked up ("... address 0011.2233.4455 vlan 10").
    if (isPromptLine(line)) continue;
    const tokens = words(line);
    let macIndex = -1;
    let mac: string | undefined;
    for (let i = 0; i < tokens.length && mac === undefined; i++) {
      mac = macFromToken(tokens[i]);
      if (mac !== undefined) macIndex = i;
    }
    if (mac === undefined) continue;
    const fields = readRow({ tokens, macIndex, mac, line });
    if (!fields) continue;
    const ports =
      fields.port.includes(',') && !/\s/.test(fields.port)
        ? fields.port.split(',')
        : [fields.port];
    for (const port of ports.map(p => p.trim())) {
      if (NO_PORT.test(port)) continue;
      entries.push(
        compact({
          mac,
          vlan: fields.vlan,
          vlanName: fields.vlanName,
          port,
          type: fields.type,
          raw: line.trim(),
        }),
      );
    }
  }
  return entries;
}
