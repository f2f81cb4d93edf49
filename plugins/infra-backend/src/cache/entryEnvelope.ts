import { CacheEncoding } from './codec';

/** An entry as the Redis and database layers hold it: encoded bytes plus its timestamps. */
export interface EncodedEntry {
  bytes: Buffer;
  encoding: CacheEncoding;
  /** Epoch ms when the value was loaded. */
  storedAt: number;
  /** Epoch ms after which the entry is served stale. */
  expiresAt: number;
}

// 'I' + format 1 + encoding + storedAt + expiresAt; the magic byte lets a foreign or older value
// under our key read as a miss instead of as garbage.
const MAGIC = 0x49;
const FORMAT = 1;
const HEADER_BYTES = 3 + 8 + 8;
const ENCODINGS: CacheEncoding[] = ['json', 'gzip'];

/** One Redis value holding the entry, so a read is a single GET. */
export function packEntry(entry: EncodedEntry): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = MAGIC;
  header[1] = FORMAT;
  header[2] = ENCODINGS.indexOf(entry.encoding);
  header.writeDoubleBE(entry.storedAt, 3);
  header.writeDoubleBE(entry.expiresAt, 11);
  return Buffer.concat([header, entry.bytes]);
}

/** The entry {@link packEntry} wrote, or undefined for anything else. */
export function unpackEntry(packed: Buffer): EncodedEntry | undefined {
  if (
    packed.length < HEADER_BYTES ||
    packed[0] !== MAGIC ||
    packed[1] !== FORMAT ||
    ENCODINGS[packed[2]] === undefined
  ) {
    return undefined;
  }
  return {
    encoding: ENCODINGS[packed[2]],
    storedAt: packed.readDoubleBE(3),
    expiresAt: packed.readDoubleBE(11),
    bytes: packed.subarray(HEADER_BYTES),
  };
}
