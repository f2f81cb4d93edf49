import { createGunzip, gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { jsonChunks, markDeeplyFrozen } from './frozenJson';
import { canGzipAnswers, gzipChunks } from './gzipAnswer';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

/** A cached list as LayeredCache hands it out: deeply frozen, its bytes kept by jsonChunks. */
function cachedList<T>(items: T[]): T[] {
  const list = deepFreeze(items);
  markDeeplyFrozen(list);
  return list;
}

const datastores = cachedList(
  Array.from({ length: 300 }, (_, i) => ({
    id: `datastore-${i}`,
    name: `LUN ${i} "gold" \u00fcber \u2028 ${'x'.repeat(i % 7)}`,
    capacityBytes: 4398046511104 + i,
    freeBytes: i * 1024,
    accessible: i % 3 !== 0,
  })),
);

function gzipped(value: unknown): Buffer {
  const { chunks, length } = gzipChunks(jsonChunks(value));
  const bytes = Buffer.concat(chunks);
  expect(bytes.length).toBe(length);
  return bytes;
}

describe('gzipChunks', () => {
  it('is available on the Node versions this project runs on', () => {
    expect(canGzipAnswers).toBe(true);
  });

  it('gives a gzip member that inflates to the JSON text, for whole-buffer and streaming inflaters', async () => {
    const answer = {
      pools: { items: cachedList([{ id: 'resgroup-1', name: 'Prod' }]) },
      datastores: { items: datastores, stale: false, ageMs: 1234 },
      templates: { items: [], loading: true },
      note: 'not cached: 🙂',
    };
    const bytes = gzipped(answer);
    const text = JSON.stringify(answer);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    expect(bytes.length).toBeLessThan(Buffer.byteLength(text) / 3);

    // as a browser inflates it: piece by piece, checking CRC and length at the end
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 97) {
      pieces.push(bytes.subarray(i, i + 97));
    }
    const inflated: Buffer[] = [];
    for await (const chunk of Readable.from(pieces).pipe(createGunzip())) {
      inflated.push(chunk as Buffer);
    }
    expect(Buffer.concat(inflated).toString('utf8')).toBe(text);
    const web = new Response(
      new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')),
    );
    expect(await web.text()).toBe(text);
  });

  it('compresses a kept list once and reuses it in answers that differ around it', () => {
    const first = gzipChunks(
      jsonChunks({ items: datastores, stale: false, ageMs: 1 }),
    );
    const second = gzipChunks(
      jsonChunks({ items: datastores, stale: true, ageMs: 987654 }),
    );
    const kept = first.chunks.filter(c => second.chunks.includes(c));
    // the gzip header, the list's compressed blocks and the final block
    expect(kept).toHaveLength(3);
    expect(
      JSON.parse(gunzipSync(Buffer.concat(second.chunks)).toString('utf8')),
    ).toEqual({ items: datastores, stale: true, ageMs: 987654 });
  });

  it('stores text longer than one stored block (64 KiB) in several', () => {
    const long = { text: 'é'.repeat(70_000), tail: [1, 2, 3] };
    expect(gunzipSync(gzipped(long)).toString('utf8')).toBe(
      JSON.stringify(long),
    );
  });

  it('encodes small and empty kept lists', () => {
    const value = {
      empty: cachedList([]),
      small: cachedList([{ id: 'a' }]),
    };
    expect(gunzipSync(gzipped(value)).toString('utf8')).toBe(
      JSON.stringify(value),
    );
  });
});
