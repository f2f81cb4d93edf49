/**
 * A map by moref, found by type, then value: no `type:value` key string is built and hashed per
 * lookup, and a value the decoder read again is the same string, whose hash is kept. For maps
 * looked up once per object of an inventory.
 */
export class MoRefMap<V> {
  private readonly byType = new Map<string, Map<string, V>>();

  get(ref: { type: string; value: string }): V | undefined {
    return this.byType.get(ref.type)?.get(ref.value);
  }

  has(ref: { type: string; value: string }): boolean {
    return this.byType.get(ref.type)?.has(ref.value) ?? false;
  }

  set(ref: { type: string; value: string }, value: V): void {
    let byValue = this.byType.get(ref.type);
    if (!byValue) this.byType.set(ref.type, (byValue = new Map()));
    byValue.set(ref.value, value);
  }
}
