import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

export type Delta = Extract<EntityProviderMutation, { type: 'delta' }>;

/** What the catalog would receive, with the moment each mutation arrived (performance.now()). */
export class TimedConnection implements EntityProviderConnection {
  readonly mutations: Array<{ at: number; mutation: EntityProviderMutation }> =
    [];
  private listeners = new Set<() => void>();

  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push({ at: performance.now(), mutation });
    for (const l of [...this.listeners]) l();
  }

  async refresh() {}

  /** Calls `fn` on every mutation from now on until the returned function is called. */
  onMutation(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The arrival time of the first delta at index ≥ `from` that `match` accepts. */
  async deltaAt(
    match: (d: Delta) => boolean,
    from: number,
    timeoutMs: number,
  ): Promise<number> {
    const find = () =>
      this.mutations
        .slice(from)
        .find(m => m.mutation.type === 'delta' && match(m.mutation));
    const now = find();
    if (now) return now.at;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no matching delta within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onMutation(() => {
        const hit = find();
        if (!hit) return;
        clearTimeout(timer);
        off();
        resolve(hit.at);
      });
    });
  }
}
