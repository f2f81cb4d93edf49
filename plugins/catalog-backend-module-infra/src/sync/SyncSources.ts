import {
  SyncMode,
  SyncSourceStatus,
} from '@infra-inventory/plugin-infra-common';

/** What a provider registers about itself for the status API and "sync now". */
export interface SyncSource {
  kind: SyncSourceStatus['kind'];
  id: string;
  /** Without credentials. */
  url: string;
  /** The scheduler task that runs its full read. */
  taskId: string;
}

type LiveState = Pick<
  SyncSourceStatus,
  'mode' | 'lastUpdateAt' | 'updatesApplied' | 'lastError'
>;

/**
 * The configured sources and their live state in this replica. Run history comes from the
 * database (any replica's runs); the mode and live figures are this process's own.
 */
export class SyncSources {
  private readonly sources = new Map<
    string,
    SyncSource & { state: LiveState }
  >();

  private static key(kind: string, id: string) {
    return `${kind}:${id}`;
  }

  register(source: SyncSource): void {
    this.sources.set(SyncSources.key(source.kind, source.id), {
      ...source,
      state: { mode: 'idle' },
    });
  }

  update(
    kind: SyncSource['kind'],
    id: string,
    patch: Partial<LiveState> & { mode?: SyncMode },
  ): void {
    const entry = this.sources.get(SyncSources.key(kind, id));
    if (entry) entry.state = { ...entry.state, ...patch };
  }

  get(kind: string, id: string) {
    return this.sources.get(SyncSources.key(kind, id));
  }

  list() {
    return [...this.sources.values()];
  }
}
