import { withoutUndefined } from './objects';

describe('withoutUndefined', () => {
  it('drops undefined fields only, keeps the order, and leaves its argument alone', () => {
    const input = { b: 1, a: undefined, c: null, d: '', e: 0, f: false };
    const out = withoutUndefined(input);
    expect(Object.keys(out)).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(JSON.stringify(out)).toBe(JSON.stringify(input));
    expect(out).not.toBe(input);
    expect(Object.keys(input)).toHaveLength(6);
  });
});
