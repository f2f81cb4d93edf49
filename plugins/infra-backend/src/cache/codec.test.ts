import { gzipSync } from 'node:zlib';
import { decode, encode, SYNC_GUNZIP_MAX_BYTES } from './codec';

// what the templates API caches: many similar objects, already pruned to what the UI shows
const templates = Array.from({ length: 200 }, (_, i) => ({
  id: `vm-${1000 + i}`,
  name: `tpl-ubuntu-22.04-${i}`,
  guestOs: 'ubuntu64Guest',
  cpu: 2,
  memoryMiB: 4096,
  diskGiB: 40,
  folder: 'Templates/Linux',
  datastore: 'vsanDatastore',
  annotation: 'Golden image built by Packer',
}));

describe('cache codec', () => {
  it('gzips a large repetitive value to well under half its size', async () => {
    const encoded = await encode(templates);
    expect(encoded.encoding).toBe('gzip');
    expect(encoded.rawBytes).toBe(Buffer.byteLength(JSON.stringify(templates)));
    expect(encoded.storedBytes).toBe(encoded.bytes.length);
    expect(encoded.storedBytes).toBeLessThanOrEqual(encoded.rawBytes * 0.4);
    expect(await decode(encoded.bytes, encoded.encoding)).toEqual(templates);
  });

  it('stores small values as plain JSON', async () => {
    const encoded = await encode({ id: 'network-1', name: 'VM Network' });
    expect(encoded.encoding).toBe('json');
    expect(encoded.bytes.toString()).toBe(
      '{"id":"network-1","name":"VM Network"}',
    );
    expect(encoded.storedBytes).toBe(encoded.rawBytes);
  });

  it('honours the threshold and the level', async () => {
    const small = await encode(
      { a: 'x'.repeat(100) },
      { compressThresholdBytes: 10 },
    );
    expect(small.encoding).toBe('gzip');
    const fast = await encode(templates, { gzipLevel: 1 });
    const best = await encode(templates, { gzipLevel: 9 });
    expect(best.storedBytes).toBeLessThanOrEqual(fast.storedBytes);
  });

  it('inflates values larger than the synchronous limit too, and rejects broken gzip', async () => {
    // random ids keep it from compressing below the limit, so both size checks are exercised
    const big = Array.from({ length: 6000 }, (_, i) => ({
      id: `vm-${i}-${Math.random().toString(36).slice(2)}`,
      name: `template ${i}`,
    }));
    const encoded = await encode(big);
    expect(encoded.rawBytes).toBeGreaterThan(SYNC_GUNZIP_MAX_BYTES);
    expect(await decode(encoded.bytes, 'gzip')).toEqual(big);

    // a size field that understates the value: inflated all the same, off the loop
    const understated = Buffer.from(encoded.bytes);
    understated.writeUInt32LE(100, understated.length - 4);
    await expect(decode(understated, 'gzip')).rejects.toThrow();
    const twoMembers = Buffer.concat([
      encoded.bytes,
      gzipSync(Buffer.from('')),
    ]);
    expect(await decode(twoMembers, 'gzip')).toEqual(big);

    const broken = Buffer.from(gzipSync(Buffer.from('{"a":1}')));
    broken[12] ^= 0xff;
    await expect(decode(broken, 'gzip')).rejects.toThrow();
  });

  it('rejects values JSON cannot hold', async () => {
    await expect(encode(undefined)).rejects.toThrow(/JSON-serialisable/);
  });
});
