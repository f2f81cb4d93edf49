import { InterfaceInfo } from '../types';
import { readVlanCell } from './vlanCell';
import { compact, isPromptLine, outputLines, Token, tokenize } from './text';

// Status words of IOS, NX-OS and EOS, lower-cased; NX-OS cuts them to 9 characters.
const STATUS_WORDS = new Set([
  'connected',
  'notconnect',
  'notconnec',
  'disabled',
  'err-disabled',
  'errdisabled',
  'err-disab',
  'suspended',
  'suspnd',
  'monitoring',
  'inactive',
  'faulty',
  'sfpabsent',
  'xcvrabsen',
  'xcvrabsent',
  'noopermem',
  'channeldo',
  'linkflape',
  'down',
  'up',
]);
const DUPLEX = /^(?:(?:a-)?(?:full|half)|auto|unconf|unknown)$/i;
const SPEED = /^(?:(?:a-)?(?:\d+(?:\.\d+)?[KMGT]?|auto)|unconf|unknown)$/i;
const INTERFACE = /^[A-Za-z][\w\-/.:]*\d/;

const isStatus = (t: Token) =>
  STATUS_WORDS.has(t.text.replace(/:$/, '').toLowerCase());
// NX-OS prints "--" for "no description".
const description = (s: string) => (s === '--' ? undefined : s);

/** The token starting nearest `column` (the first one when the column is unknown). */
function nearest(
  tokens: Token[],
  column: number | undefined,
): Token | undefined {
  if (column === undefined) return tokens[0];
  let best: Token | undefined;
  for (const t of tokens) {
    if (!best || Math.abs(t.start - column) < Math.abs(best.start - column))
      best = t;
  }
  return best;
}

/**
 * `show interfaces status` of IOS/IOS-XE, NX-OS (`show interface status`) and EOS.
 *
 * The Name column is free text that may hold status words ("*** connected to U"), may be cut
 * mid-word, and on EOS and hand-edited captures the columns are not aligned. So each row is read
 * from the right: duplex and speed are the last adjacent pair of such words, the status is the
 * last status word before them that leaves one or two words of Vlan in between, and the name is
 * whatever lies between port and status.
 */
export function parseCiscoInterfaces(text: string): InterfaceInfo[] {
  const out: InterfaceInfo[] = [];
  let statusColumn: number | undefined;
  let hasVlan = true;
  for (const line of outputLines(text)) {
    if (isPromptLine(line)) continue;
    if (/^\s*(Port|Interface)\s+Name\s+Status\b/i.test(line)) {
      statusColumn = line.search(/\bStatus\b/i);
      hasVlan = /\bVlan\b/i.test(line);
      continue;
    }
    // Fibre Channel ports on Nexus/MDS: "fc2/1 is up    Port mode is NP"
    const fc = /^(\S+) is (up|down|trunking)\b/.exec(line);
    if (fc) {
      out.push({ port: fc[1], status: fc[2] });
      continue;
    }
    const t = tokenize(line);
    if (t.length < 3 || !INTERFACE.test(t[0].text)) continue;

    if (!hasVlan) {
      // NX-OS tunnel section: Interface, Name, Status, Reason. The reason is free text that
      // repeats status words ("admin down"), so the status is the status word nearest its column.
      const s = nearest(t.slice(1).filter(isStatus), statusColumn);
      if (!s) continue;
      out.push(
        compact({
          port: t[0].text,
          status: s.text,
          description: description(line.slice(t[0].end, s.start).trim()),
        }),
      );
      continue;
    }

    let d = -1;
    for (let i = t.length - 2; i >= 2; i--) {
      if (DUPLEX.test(t[i].text) && SPEED.test(t[i + 1].text)) {
        d = i;
        break;
      }
    }
    if (d < 0) continue;

    let s = -1;
    let vlanFrom = -1;
    for (let i = d - 2; i >= 1 && s < 0; i--) {
      if (!isStatus(t[i])) continue;
      let v = i + 1;
      // IOS appends TDR results after a colon: "notconnect: TD 1", "connected: TDR 1".
      if (t[i].text.endsWith(':')) {
        while (v < d - 1 && /^[A-Z]{1,4}$/.test(t[v].text)) v++;
      }
      if (d - v === 1 || d - v === 2) {
        s = i;
        vlanFrom = v;
      }
    }
    if (s < 0) {
      // An unknown status word: assume the usual one-word Vlan.
      s = d - 2;
      vlanFrom = d - 1;
      if (s < 1) continue;
    }
    const vlanCell = t
      .slice(vlanFrom, d)
      .map(x => x.text)
      .join(' ');
    out.push(
      compact({
        port: t[0].text,
        status: t[s].text.replace(/:$/, ''),
        description: description(line.slice(t[0].end, t[s].start).trim()),
        ...readVlanCell(vlanCell),
      }),
    );
  }
  return out;
}
