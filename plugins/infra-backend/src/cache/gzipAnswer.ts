import * as zlib from 'node:zlib';
import type { JsonChunks } from './frozenJson';

// A gzip member is a header, one DEFLATE stream and a trailer (CRC-32 and length of the data).
// A DEFLATE stream is a sequence of blocks, and a raw deflate of one piece ended with a sync flush
// is such a sequence, byte-aligned and without a final block, that refers to nothing before its
// own start: kept pieces can be compressed once and put next to each other in any answer. What is
// serialised per answer (ages, flags: tens of bytes) goes in stored blocks, which cost no zlib.
// RFC 1951 (DEFLATE) sections 3.2.3-3.2.4, RFC 1952 (gzip) section 2.3.

/** ID1 ID2, CM deflate, no flags, no mtime, no extra flags, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty stored block with BFINAL set: ends the DEFLATE stream on a byte boundary. */
const FINAL_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);
const MAX_STORED_BLOCK = 0xffff;
/** Below this a kept piece is stored as it is: deflate would not make it smaller. */
const MIN_DEFLATED_BYTES = 128;

/** Compressed forms of kept pieces, which live as long as the piece (and its cached value). */
const segments = new WeakMap<Buffer, Buffer>();

/** Whether this Node has what gzip answers need (`zlib.crc32`: Node 20.15 / 22.2 and later). */
export const canGzipAnswers = typeof zlib.crc32 === 'function';

/** `bytes` as stored (uncompressed) non-final blocks. */
function storedBlocks(bytes: Buffer): Buffer {
  const blocks = Math.max(1, Math.ceil(bytes.length / MAX_STORED_BLOCK));
  const out = Buffer.allocUnsafe(bytes.length + 5 * blocks);
  let at = 0;
  for (let from = 0, i = 0; i < blocks; i++, from += MAX_STORED_BLOCK) {
    const length = Math.min(MAX_STORED_BLOCK, bytes.length - from);
    out[at] = 0; // BFINAL 0, BTYPE 00, then padding to the byte boundary
    out.writeUInt16LE(length, at + 1);
    out.writeUInt16LE(~length & 0xffff, at + 3);
    bytes.copy(out, at + 5, from, from + length);
    at += 5 + length;
  }
  return out;
}

/** The DEFLATE blocks of a kept piece, made on its first gzip answer and kept with it. */
function segmentOf(bytes: Buffer): Buffer {
  let segment = segments.get(bytes);
  if (segment === undefined) {
    segment =
      bytes.length < MIN_DEFLATED_BYTES
        ? storedBlocks(bytes)
        : zlib.deflateRawSync(bytes, {
            finishFlush: zlib.constants.Z_SYNC_FLUSH,
          });
    segments.set(bytes, segment);
  }
  return segment;
}

/**
 * The gzip encoding of the JSON answer `json` ({@link jsonChunks}): its kept pieces compressed
 * once for all answers that carry them, the rest stored. The CRC-32 is taken over the whole text
 * each time, which zlib does at memory speed. Needs {@link canGzipAnswers}.
 */
export function gzipChunks(json: JsonChunks): {
  chunks: Buffer[];
  length: number;
} {
  const chunks: Buffer[] = [GZIP_HEADER];
  let length = GZIP_HEADER.length;
  let crc = 0;
  for (const piece of json.chunks) {
    let block: Buffer;
    if (typeof piece === 'string') {
      const bytes = Buffer.from(piece, 'utf8');
      crc = zlib.crc32(bytes, crc);
      block = storedBlocks(bytes);
    } else {
      crc = zlib.crc32(piece, crc);
      block = segmentOf(piece);
    }
    chunks.push(block);
    length += block.length;
  }
  const trailer = Buffer.allocUnsafe(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  // ISIZE: the length of the data modulo 2^32
  trailer.writeUInt32LE(json.length % 0x100000000, 4);
  chunks.push(FINAL_BLOCK, trailer);
  return { chunks, length: length + FINAL_BLOCK.length + trailer.length };
}
