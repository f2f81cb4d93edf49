import { expandTabs, isPromptLine, isRule, outputLines } from './text';

/** A column of a fixed-width table: its key in the result and the header label that starts it. */
export interface ColumnSpec {
  key: string;
  label: string;
}

/** Where each column starts in `header`, or undefined unless every label is found, in order. */
export function columnStarts(
  header: string,
  columns: readonly ColumnSpec[],
): number[] | undefined {
  const lower = expandTabs(header).toLowerCase();
  const starts: number[] = [];
  let from = 0;
  for (const c of columns) {
    const label = c.label.toLowerCase();
    let at = lower.indexOf(label, from);
    // A label must be a whole word run: "Port" must not match inside "Rem Port Id".
    while (
      at >= 0 &&
      ((at > 0 && /\S/.test(lower[at - 1])) ||
        (at + label.length < lower.length &&
          /\S/.test(lower[at + label.length])))
    ) {
      at = lower.indexOf(label, at + 1);
    }
    if (at < 0) return undefined;
    starts.push(at);
    from = at + label.length;
  }
  return starts;
}

const SNAP = 3;

/**
 * Cuts `line` at the column starts. Devices pad values to the column width, but a value may start
 * a character or two early (hand-aligned or tab-expanded output) or the value before it may run
 * past its width. When a word crosses a column start: if it begins just before it (within a few
 * characters, and not at the previous column's start) it is this column's value; otherwise it is
 * the end of the previous value, and this column starts at the next word. With no space at all
 * (Cisco cuts device ids flush against the next column) the cut is where the header says.
 */
export function sliceColumns(
  line: string,
  starts: readonly number[],
): string[] {
  const bounds: number[] = [];
  starts.forEach((b, k) => {
    if (k === 0) {
      bounds.push(0);
      return;
    }
    const previous = bounds[k - 1];
    const crosses =
      b < line.length && /\S/.test(line[b]) && /\S/.test(line[b - 1] ?? ' ');
    if (!crosses) {
      bounds.push(b);
      return;
    }
    let wordStart = b;
    while (wordStart > 0 && /\S/.test(line[wordStart - 1])) wordStart--;
    if (b - wordStart <= SNAP && wordStart > previous) {
      bounds.push(wordStart);
      return;
    }
    const next = /\s+\S/.exec(line.slice(b));
    bounds.push(next ? b + next.index + next[0].length - 1 : b);
  });
  return bounds.map((b, k) =>
    line.slice(b, k + 1 < bounds.length ? bounds[k + 1] : undefined).trim(),
  );
}

export interface ColumnTableOptions {
  /** A line matching this is not a header of this table even if it names all the columns. */
  headerExcludes?: RegExp;
  /** Stop reading rows at the first line that matches (a footer, the next section's title). */
  stopAt?: RegExp;
  /** Keep reading after a blank line (tables whose rows are grouped by blank lines). */
  blankLinesInside?: boolean;
}

/**
 * Rows of every fixed-width table in `text` whose header names all of `columns` in order. Each
 * row maps column keys to trimmed cell text. Rule lines under headers are skipped.
 */
export function parseColumnTables(
  text: string,
  columns: readonly ColumnSpec[],
  options: ColumnTableOptions = {},
): Array<Record<string, string>> {
  const rows: Array<Record<string, string>> = [];
  let starts: number[] | undefined;
  for (const line of outputLines(text)) {
    const header = options.headerExcludes?.test(line)
      ? undefined
      : columnStarts(line, columns);
    if (header) {
      starts = header;
      continue;
    }
    if (!starts) continue;
    if (line.trim() === '') {
      if (!options.blankLinesInside) starts = undefined;
      continue;
    }
    if (isRule(line)) continue;
    if (isPromptLine(line)) {
      starts = undefined;
      continue;
    }
    if (options.stopAt?.test(line)) {
      starts = undefined;
      continue;
    }
    const cells = sliceColumns(line, starts);
    const row: Record<string, string> = {};
    columns.forEach((c, i) => {
      row[c.key] = cells[i];
    });
    rows.push(row);
  }
  return rows;
}
