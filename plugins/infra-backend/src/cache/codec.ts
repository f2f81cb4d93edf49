import { promisify } from 'node:util';
import { gunzip as gunzipCb, gunzipSync, gzip as gzipCb } from 'node:zlib';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

/** How a cached value's bytes are stored. */
export type CacheEncoding = 'json' | 'gzip';

/** When values are compressed, and how hard. */
export interface CodecOptions {
  /** Values whose JSON is larger than this many bytes are gzip-compressed. Default 1 KiB. */
  compressThresholdBytes?: number;
  /** zlib level 1 (fast) to 9 (small). Default 6. */
  gzipLevel?: number;
}

/** A value ready for Redis and the database. */
export interface EncodedValue {
  bytes: Buffer;
  encoding: CacheEncoding;
  /** Size of the JSON before compression. */
  rawBytes: number;
  /** Size of `bytes`. */
  storedBytes: number;
}

export const DEFAULT_COMPRESS_THRESHOLD_BYTES = 1024;
export const DEFAULT_GZIP_LEVEL = 6;

/** Serialises a JSON value, gzip-compressing it when it is larger than the threshold. */
export async function encode(
  value: unknown,
  options: CodecOptions = {},
): Promise<EncodedValue> {
  return encodeJson(toJson(value), options);
}

/** The JSON text of a cache value. */
export function toJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(
      `Cache values must be JSON-serialisable, got ${typeof value}`,
    );
  }
  return json;
}

/** {@link encode} for a value already serialised with {@link toJson}. */
export async function encodeJson(
  json: string,
  options: CodecOptions = {},
): Promise<EncodedValue> {
  const raw = Buffer.from(json, 'utf8');
  const threshold =
    options.compressThresholdBytes ?? DEFAULT_COMPRESS_THRESHOLD_BYTES;
  if (raw.length <= threshold) {
    return {
      bytes: raw,
      encoding: 'json',
      rawBytes: raw.length,
      storedBytes: raw.length,
    };
  }
  const bytes = await gzip(raw, {
    level: options.gzipLevel ?? DEFAULT_GZIP_LEVEL,
  });
  return {
    bytes,
    encoding: 'gzip',
    rawBytes: raw.length,
    storedBytes: bytes.length,
  };
}

// Inflating a small value on the event loop takes tens of microseconds, less than a trip through
// libuv's thread pool, which on a busy machine also waits for a pool thread to be scheduled; larger
// values are inflated off the loop.
export const SYNC_GUNZIP_MAX_BYTES = 256 * 1024;

/** The size gzip recorded for the inflated data (its last 4 bytes, modulo 2^32). */
function gzipInflatedSize(bytes: Buffer): number {
  return bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : Infinity;
}

async function inflate(bytes: Buffer): Promise<Buffer> {
  if (
    bytes.length <= SYNC_GUNZIP_MAX_BYTES &&
    gzipInflatedSize(bytes) <= SYNC_GUNZIP_MAX_BYTES
  ) {
    try {
      // the recorded size can lie (several gzip members, a foreign value): the cap keeps a
      // large inflation off the loop all the same
      return gunzipSync(bytes, { maxOutputLength: SYNC_GUNZIP_MAX_BYTES });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_BUFFER_TOO_LARGE') {
        throw error;
      }
    }
  }
  return gunzip(bytes);
}

/** The value that {@link encode} stored, with the size of its JSON. */
export async function decodeWithSize<T = unknown>(
  bytes: Buffer,
  encoding: CacheEncoding,
): Promise<{ value: T; rawBytes: number }> {
  const raw = encoding === 'gzip' ? await inflate(bytes) : bytes;
  return { value: JSON.parse(raw.toString('utf8')) as T, rawBytes: raw.length };
}

/** The value that {@link encode} stored. */
export async function decode<T = unknown>(
  bytes: Buffer,
  encoding: CacheEncoding,
): Promise<T> {
  return (await decodeWithSize<T>(bytes, encoding)).value;
}
