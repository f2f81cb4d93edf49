import { cleanOutput } from '../cleanOutput';

/** Cleaned output split into lines, tabs expanded so that column positions hold. */
export function outputLines(text: string): string[] {
  return cleanOutput(text).split('\n').map(expandTabs);
}

export function expandTabs(line: string, width = 8): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(width - (out.length % width));
    else out += ch;
  }
  return out;
}

export interface Token {
  text: string;
  start: number;
  end: number;
}

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

export function words(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/);
}

export const collapseSpaces = (s: string) => s.trim().replace(/\s+/g, ' ');

/** Lines of dashes, equals signs, plus signs or pipes that underline a table header. */
export const isRule = (line: string) =>
  /^[\s\-=+|_]+$/.test(line) && /[-=_]{3}/.test(line);

/**
 * A CLI prompt, alone or followed by the echoed command ("sw1#", "OS10# show mac address-table",
 * "leaf1#show mac ...", "user@ex2200>"): no table row starts with a word followed by # or >.
 */
export const isPromptLine = (line: string) =>
  /^\s*[\w.\-/:()@{}]+[#>]/.test(line);

/** Copies `fields` leaving out undefined and empty-string values, so results compare cleanly. */
export function compact<T extends object>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out as T;
}
