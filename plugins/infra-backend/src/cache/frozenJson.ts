// UTF-8 bytes of the JSON of deeply frozen values, kept as long as the value lives: the cache hands
// out the same frozen value for every memory hit, so a warm answer writes these bytes to the socket
// as they are, instead of serialising the lists again and copying the text into a new buffer.
// Weak keys: the bytes go with the value when the memory layer drops it.
const texts = new WeakMap<object, Buffer>();
// frozen objects found to hold something unfrozen: serialised every time
const notDeeplyFrozen = new WeakSet<object>();
// vouched for by whoever froze them, so their text is kept without walking them first
const knownDeeplyFrozen = new WeakSet<object>();

/**
 * Records that `value` (a plain object or array) and everything in it is frozen, as LayeredCache
 * freezes its values: {@link jsonChunks} then keeps its bytes without checking.
 */
export function markDeeplyFrozen(value: object): void {
  knownDeeplyFrozen.add(value);
}

// Only plain data: a frozen Date or Map still changes through its methods.
function isPlain(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

function isDeeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value) || !isPlain(value)) return false;
  for (const key in value) {
    if (!isDeeplyFrozen((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

// the keys of answers repeat (items, stale, ageMs, ...): their JSON, with the colon, is kept, up
// to a bound, since keys of other objects may be anything
const keyTexts = new Map<string, string>();
const MAX_KEY_TEXTS = 1024;
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`;
    if (keyTexts.size < MAX_KEY_TEXTS) keyTexts.set(key, text);
  }
  return text;
}

const skippedInObjects = (value: unknown) =>
  value === undefined ||
  typeof value === 'function' ||
  typeof value === 'symbol';

// a buffer of its own: a small Buffer.from would be a slice of a shared 8 KiB pool, which the
// kept slice would hold on to for as long as the value lives
function ownBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  bytes.write(text, 'utf8');
  return bytes;
}

function frozenBytes(value: object): Buffer | undefined {
  const known = texts.get(value);
  if (known !== undefined) return known;
  if (notDeeplyFrozen.has(value)) return undefined;
  if (!knownDeeplyFrozen.has(value) && !isDeeplyFrozen(value)) {
    notDeeplyFrozen.add(value);
    return undefined;
  }
  const bytes = ownBytes(JSON.stringify(value));
  texts.set(value, bytes);
  return bytes;
}

/**
 * The JSON of a value as the pieces {@link jsonChunks} gives: strings for what was serialised
 * now, kept buffers for the deeply frozen parts. `length` is the byte length of them all.
 */
export interface JsonChunks {
  chunks: Array<string | Buffer>;
  length: number;
}

class ChunkWriter {
  private readonly chunks: Array<string | Buffer> = [];
  private text = '';
  private length = 0;

  add(text: string): void {
    this.text += text;
  }

  addBytes(bytes: Buffer): void {
    this.flush();
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  finish(): JsonChunks {
    this.flush();
    return { chunks: this.chunks, length: this.length };
  }

  private flush(): void {
    if (this.text === '') return;
    this.chunks.push(this.text);
    this.length += Buffer.byteLength(this.text, 'utf8');
    this.text = '';
  }
}

/**
 * `JSON.stringify(value)` as UTF-8, byte for byte, for plain data (objects, arrays, strings,
 * numbers, booleans, null), in pieces: each deeply frozen object or array in it, such as a list
 * handed out by {@link LayeredCache}, is serialised and encoded once, and later calls hand out
 * the same buffer. Anything else (an object with `toJSON`, a class instance) is serialised by
 * `JSON.stringify` itself.
 */
export function jsonChunks(value: unknown): JsonChunks {
  const out = new ChunkWriter();
  if (!serialise(value, out)) {
    throw new TypeError(`Cannot serialise ${typeof value} as a JSON answer`);
  }
  return out.finish();
}

// false when `value` has no JSON (undefined, a function, a symbol), like JSON.stringify's undefined
function serialise(value: unknown, out: ChunkWriter): boolean {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    out.add(text);
    return true;
  }
  if (Object.isFrozen(value)) {
    const bytes = frozenBytes(value);
    if (bytes !== undefined) {
      out.addBytes(bytes);
      return true;
    }
  }
  if (Array.isArray(value)) {
    out.add('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.add(',');
      if (!serialise(value[i], out)) out.add('null');
    }
    out.add(']');
    return true;
  }
  if (!isPlain(value)) {
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    out.add(text);
    return true;
  }
  out.add('{');
  let first = true;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const child = (value as Record<string, unknown>)[key];
    if (skippedInObjects(child)) continue;
    // a toJSON may answer undefined, which drops the key: known before the key is written
    const text =
      child !== null && typeof child === 'object' && !isPlain(child)
        ? JSON.stringify(child)
        : '';
    if (text === undefined) continue;
    if (!first) out.add(',');
    out.add(keyText(key));
    first = false;
    if (text === '') serialise(child, out);
    else out.add(text);
  }
  out.add('}');
  return true;
}
