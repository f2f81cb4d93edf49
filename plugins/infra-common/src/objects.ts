/**
 * A copy of `o` without its undefined fields, in their order: what JSON would keep, so records
 * compare, hash and serialise the same however they were built. A copy rather than `delete`,
 * which turns objects into slow dictionary-mode ones.
 *
 * @public
 */
export function withoutUndefined<T extends object>(o: T): T {
  const fields = o as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
