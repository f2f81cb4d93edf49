import { decodeCopyField, parseCopyBlocks } from './copyFormat';
import { parseRanges } from './seeds';
import { formatTimestamp, parseTimestamp } from './timestamps';

describe('PostgreSQL COPY text format', () => {
  it('decodes NULL and backslash escapes', () => {
    expect(decodeCopyField('\\N')).toBeNull();
    expect(decodeCopyField('7 Indian Spring Lane\\r\\nMenasha')).toBe(
      '7 Indian Spring Lane\r\nMenasha',
    );
    expect(decodeCopyField('tab\\there\\\\')).toBe('tab\there\\');
  });

  it('reads blocks by table with their column names', () => {
    const sql = [
      '-- comment',
      'COPY public.ipam_role (id, name, weight) FROM stdin;',
      '1\tAccess - Data\t1000',
      '2\t\\N\t1000',
      '\\.',
      '',
    ].join('\n');
    const blocks = parseCopyBlocks(sql);
    expect(blocks.get('ipam_role')?.rows).toEqual([
      { id: '1', name: 'Access - Data', weight: '1000' },
      { id: '2', name: null, weight: '1000' },
    ]);
    expect(() => parseCopyBlocks('COPY t (a, b) FROM stdin;\n1\n\\.')).toThrow(
      /expected 2/,
    );
  });

  it('reads int4range arrays as inclusive pairs', () => {
    expect(parseRanges('{"[1,4095)"}')).toEqual([[1, 4094]]);
    expect(parseRanges('{"[10,21)","(99,200]"}')).toEqual([
      [10, 20],
      [100, 200],
    ]);
  });
});

describe('timestamps', () => {
  it('reads PostgreSQL output with zone offsets and prints as DRF does', () => {
    expect(formatTimestamp(parseTimestamp('2021-12-30 10:41:01.816-05'))).toBe(
      '2021-12-30T15:41:01.816000Z',
    );
    expect(
      formatTimestamp(parseTimestamp('2024-09-03 14:20:29.058496-04')),
    ).toBe('2024-09-03T18:20:29.058496Z');
    expect(formatTimestamp(parseTimestamp('2020-12-18 19:00:00-05'))).toBe(
      '2020-12-19T00:00:00Z',
    );
    expect(parseTimestamp('2025-01-01')).toBe(Date.UTC(2025, 0, 1) * 1000);
    expect(parseTimestamp('2025-13-01')).toBeUndefined();
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });
});
