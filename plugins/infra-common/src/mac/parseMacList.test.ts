import { parseMacList } from './parseMacList';

describe('parseMacList', () => {
  it('splits on whitespace, commas, semicolons and newlines, and dedupes', () => {
    const text = [
      'aa:bb:cc:dd:ee:ff, AABB.CCDD.EEFF;001122334455',
      '\t00-11-22-33-44-66  \r\n',
      ';;,,',
      '500000-260000',
    ].join('\n');
    expect(parseMacList(text)).toEqual({
      valid: ['aabbccddeeff', '001122334455', '001122334466', '500000260000'],
      invalid: [],
    });
  });

  it('reports each invalid token with its reason, in order', () => {
    const result = parseMacList(
      'aa:bb:cc:dd:ee, zz:bb:cc:dd:ee:ff\naabb:ccdd:eeff aa:bb:cc:dd:ee:ff',
    );
    expect(result.valid).toEqual(['aabbccddeeff']);
    expect(result.invalid).toEqual([
      {
        input: 'aa:bb:cc:dd:ee',
        reason: expect.stringMatching(/10 hex digits/),
      },
      {
        input: 'zz:bb:cc:dd:ee:ff',
        reason: expect.stringMatching(/unexpected character "z"/),
      },
      {
        input: 'aabb:ccdd:eeff',
        reason: expect.stringMatching(/3 groups of 4/),
      },
    ]);
  });

  it('returns empty lists for empty input', () => {
    expect(parseMacList('')).toEqual({ valid: [], invalid: [] });
    expect(parseMacList(' \n\t ,; ')).toEqual({ valid: [], invalid: [] });
  });
});
