/** One `COPY table (columns) FROM stdin;` block of a PostgreSQL dump, decoded to rows. */
export interface CopyTable {
  table: string;
  columns: string[];
  rows: Array<Record<string, string | null>>;
}

const ESCAPES: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Text-format COPY field: `\N` is NULL, backslash escapes as PostgreSQL documents them. */
export function decodeCopyField(raw: string): string | null {
  if (raw === '\\N') return null;
  return raw.replace(
    /\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g,
    (_, esc: string) => {
      if (esc[0] === 'x')
        return String.fromCharCode(parseInt(esc.slice(1), 16));
      if (/^[0-7]/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
      return ESCAPES[esc] ?? esc;
    },
  );
}

/** Every COPY block in `sql` keyed by table name without schema (`ipam_vlan`). */
export function parseCopyBlocks(sql: string): Map<string, CopyTable> {
  const out = new Map<string, CopyTable>();
  const lines = sql.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header =
      /^COPY\s+(?:[\w"]+\.)?"?(\w+)"?\s*\(([^)]*)\)\s+FROM\s+stdin;/i.exec(
        lines[i],
      );
    if (!header) continue;
    const columns = header[2]
      .split(',')
      .map(c => c.trim().replace(/^"|"$/g, ''));
    const rows: CopyTable['rows'] = [];
    for (i++; i < lines.length && lines[i] !== '\\.'; i++) {
      const line = lines[i].replace(/\r$/, '');
      const fields = line.split('\t');
      if (fields.length !== columns.length) {
        throw new Error(
          `COPY ${header[1]}: line ${i + 1} has ${
            fields.length
          } fields, expected ${columns.length}`,
        );
      }
      rows.push(
        Object.fromEntries(
          columns.map((c, k) => [c, decodeCopyField(fields[k])]),
        ),
      );
    }
    out.set(header[1], { table: header[1], columns, rows });
  }
  return out;
}
