// JSON text of deeply frozen values, kept as long as the value lives: the cache hands out the same
// frozen value for every memory hit, so a warm answer reuses the text instead of serialising the
// lists again. Weak keys: the text goes with the value when the memory layer drops it.
const texts = new WeakMap<object, string>();
// frozen objects found to hold something unfrozen: serialised every time
const notDeeplyFrozen = new WeakSet<object>();
// vouched for by whoever froze them, so their text is kept without walking them first
const knownDeeplyFrozen = new WeakSet<object>();

/**
 * Records that `value` (a plain object or array) and everything in it is frozen, as LayeredCache
 * freezes its values: {@link stringifyReusing} then keeps its text without checking.
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

const skippedInObjects = (value: unknown) =>
  value === undefined ||
  typeof value === 'function' ||
  typeof value === 'symbol';

function frozenText(value: object): string | undefined {
  const known = texts.get(value);
  if (known !== undefined) return known;
  if (notDeeplyFrozen.has(value)) return undefined;
  if (!knownDeeplyFrozen.has(value) && !isDeeplyFrozen(value)) {
    notDeeplyFrozen.add(value);
    return undefined;
  }
  const text = JSON.stringify(value);
  texts.set(value, text);
  return text;
}

/**
 * `JSON.stringify(value)`, byte for byte, for plain data (objects, arrays, strings, numbers,
 * booleans, null): the text of each deeply frozen object or array in it, such as a list handed
 * out by {@link LayeredCache}, is computed once and reused by later calls. Anything else (an
 * object with `toJSON`, a class instance) is serialised by `JSON.stringify` itself.
 */
export function stringifyReusing(value: unknown): string {
  const text = serialise(value);
  if (text === undefined) {
    throw new TypeError(`Cannot serialise ${typeof value} as a JSON answer`);
  }
  return text;
}

function serialise(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Object.isFrozen(value)) {
    const text = frozenText(value);
    if (text !== undefined) return text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += serialise(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  if (!isPlain(value)) return JSON.stringify(value);
  let out = '{';
  let first = true;
  for (const [key, child] of Object.entries(value)) {
    if (skippedInObjects(child)) continue;
    const text = serialise(child);
    if (text === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}
