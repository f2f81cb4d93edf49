import { jsonChunks } from './frozenJson';

/** The whole text of what jsonChunks gives. */
function stringifyReusing(value: unknown): string {
  return jsonChunks(value)
    .chunks.map(c => (typeof c === 'string' ? c : c.toString('utf8')))
    .join('');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

describe('jsonChunks as text', () => {
  it('gives what JSON.stringify gives', () => {
    const shared = deepFreeze([
      { id: 'ds-1', name: 'a "quoted" \u2028 name', free: 1.5e12, tags: [] },
      { id: 'ds-2', name: 'ünïcödé', free: 0, tags: ['x', null] },
    ]);
    const values: unknown[] = [
      null,
      'text',
      42,
      -0,
      NaN,
      true,
      [],
      {},
      [undefined, () => 1, Symbol('s'), 1],
      { a: undefined, b: () => 1, c: Symbol('s'), d: null, e: 'x' },
      { when: new Date(0), map: new Map([['k', 1]]), nested: { list: [1] } },
      { toJSON: () => ({ replaced: true }) },
      Object.assign(Object.create(null), { bare: 1 }),
      { items: shared, stale: false, ageMs: 12, other: { items: shared } },
      deepFreeze({ outer: { inner: [1, 2, { deep: 'yes' }] } }),
    ];
    for (const value of values) {
      expect(stringifyReusing(value)).toBe(JSON.stringify(value));
      // the second time from the kept text
      expect(stringifyReusing(value)).toBe(JSON.stringify(value));
    }
  });

  it('reuses the text of a deeply frozen list, and never of a partly frozen one', () => {
    const list = deepFreeze([{ id: 1 }, { id: 2 }]);
    const first = stringifyReusing({ items: list, ageMs: 1 });
    expect(first).toBe('{"items":[{"id":1},{"id":2}],"ageMs":1}');
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect(stringifyReusing({ items: list, ageMs: 2 })).toBe(
        '{"items":[{"id":1},{"id":2}],"ageMs":2}',
      );
      expect(stringify).not.toHaveBeenCalledWith(list);
    } finally {
      stringify.mockRestore();
    }

    const child = { id: 1 };
    const shallow = Object.freeze([child]);
    expect(stringifyReusing(shallow)).toBe('[{"id":1}]');
    child.id = 2;
    expect(stringifyReusing(shallow)).toBe('[{"id":2}]');
  });

  it('refuses what JSON cannot answer', () => {
    expect(() => stringifyReusing(undefined)).toThrow(TypeError);
    expect(() => stringifyReusing({ n: 1n })).toThrow();
  });
});

describe('jsonChunks', () => {
  it('gives the UTF-8 of JSON.stringify, handing out the same bytes for a frozen list', () => {
    const list = deepFreeze([{ id: 'ds-1', name: 'ünïcödé \u2028' }]);
    const body = { items: list, stale: false, ageMs: 3, none: undefined };
    const first = jsonChunks(body);
    const bytes = Buffer.concat(
      first.chunks.map(c => (typeof c === 'string' ? Buffer.from(c) : c)),
    );
    expect(bytes.toString('utf8')).toBe(JSON.stringify(body));
    expect(first.length).toBe(bytes.length);

    const listBytes = first.chunks.find(Buffer.isBuffer);
    expect(listBytes?.toString('utf8')).toBe(JSON.stringify(list));
    const second = jsonChunks({ ...body, ageMs: 4 });
    expect(second.chunks.find(Buffer.isBuffer)).toBe(listBytes);
  });

  it('drops a key whose toJSON answers undefined, as JSON.stringify does', () => {
    const value = { a: 1, gone: { toJSON: () => undefined }, b: [2] };
    const { chunks } = jsonChunks(value);
    expect(chunks.join('')).toBe(JSON.stringify(value));
  });
});
