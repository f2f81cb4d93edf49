/** HP ProCurve / Aruba AOS-S and AOS-CX. */
export const PAGER_PROCURVE =
  /-- ?MORE ?--, next page: Space, next line: Enter, quit: (?:Control-C|q)/i;
/** Dell PowerConnect 5400/6200. */
export const PAGER_POWERCONNECT =
  /More: <space>, {1,2}Quit: q(?:\/CTRL\+Z)?, One line: <return>/i;
/** Dell N-series (DNOS6), PowerConnect 7000/8000. */
export const PAGER_DNOS = /--More-- or \(q\)uit/i;
/** Junos. */
export const PAGER_JUNOS = /---\(more(?: \d+%)?\)---/i;
/** IOS, NX-OS, EOS, Dell OS9, and OS10 (which writes it in lower case). */
export const PAGER_MORE = /--\s?more\s?--/i;

/**
 * Pager prompts of the supported platforms, longest first. A prompt the terminal emulation
 * below could not erase (output captured without its backspaces, or a pager that only moves the
 * cursor) is cut out of the line that carries it.
 */
export const PAGER_PROMPTS: readonly RegExp[] = [
  PAGER_PROCURVE,
  PAGER_POWERCONNECT,
  PAGER_DNOS,
  PAGER_JUNOS,
  PAGER_MORE,
];

// A leftover prompt is cut with one space on either side, which is how devices pad it.
const LEFTOVER_PAGERS = PAGER_PROMPTS.map(
  p => new RegExp(` ?${p.source} ?`, 'gi'),
);

// ESC [ params intermediates final; OSC (ESC ] ... BEL), which some shells use for window titles;
// charset selection (ESC ( B); and the two-byte escapes (ESC 7, ESC E, ESC =...).
/* eslint-disable no-control-regex -- matching terminal escape codes is the point */
const ESCAPE =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[\x30-\x5a\x5c\x5e-\x7e])/g;
/* eslint-enable no-control-regex */

/**
 * Makes raw session output parseable: replays carriage returns, backspaces and the few cursor
 * escape codes switches use (so pager prompts that the device erased disappear, as they do on a
 * terminal), drops all other escape codes, removes leftover pager prompts, and returns
 * `\n`-separated lines with trailing spaces trimmed.
 */
export function cleanOutput(text: string): string {
  const lines: string[] = [];
  let line: string[] = [];
  let col = 0;
  const commit = () => {
    lines.push(line.join('').replace(/\s+$/, ''));
    line = [];
    col = 0;
  };
  const put = (ch: string) => {
    while (line.length < col) line.push(' ');
    line[col++] = ch;
  };

  let last = 0;
  ESCAPE.lastIndex = 0;
  const src = String(text ?? '');
  const feed = (chunk: string) => {
    for (const ch of chunk) {
      if (ch === '\n') commit();
      else if (ch === '\r') col = 0;
      else if (ch === '\b') col = Math.max(0, col - 1);
      else if (ch === '\t') put('\t');
      else if (ch < ' ' || ch === '\x7f') continue;
      else put(ch);
    }
  };
  for (let m = ESCAPE.exec(src); m; m = ESCAPE.exec(src)) {
    feed(src.slice(last, m.index));
    last = m.index + m[0].length;
    const code = m[0].slice(1); // without the ESC
    if (code === 'E') commit();
    else if (/^\[\d*;?\d*[Hf]$/.test(code) || /^\[[12]?J$/.test(code)) {
      // ProCurve redraws with absolute positioning; treat a jump as the start of a new line.
      if (line.length > 0) commit();
    } else if (code === '[K' || code === '[0K')
      line.length = Math.min(line.length, col);
    else if (code === '[2K') {
      line = [];
    } else if (/^\[\d*D$/.test(code)) {
      col = Math.max(0, col - Number(code.slice(1, -1) || 1));
    }
  }
  feed(src.slice(last));
  if (line.length > 0) commit();

  const out: string[] = [];
  for (const raw of lines) {
    let l = raw;
    for (const pager of LEFTOVER_PAGERS) l = l.replace(pager, '');
    // A line that held only a pager prompt is dropped, so it does not look like a blank
    // separator between table sections.
    if (l !== raw && l.trim() === '') continue;
    out.push(l.replace(/\s+$/, ''));
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
