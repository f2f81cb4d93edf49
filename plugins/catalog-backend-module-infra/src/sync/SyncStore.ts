import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  RunOutcome,
  RunPhase,
  SyncRun,
} from '@infra-inventory/plugin-infra-common';

const migrationsDir = resolvePackagePath(
  '@infra-inventory/plugin-catalog-backend-module-infra',
  'migrations',
);

const TABLE = 'infra_sync_runs';

type Row = Record<string, any>;

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (v: string | null) => (v ? JSON.parse(v) : undefined);
const num = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);

function toRun(row: Row): SyncRun {
  return {
    id: Number(row.id),
    sourceKind: row.source_kind,
    sourceId: row.source_id,
    mode: row.mode,
    status: row.status,
    phase: row.phase ?? undefined,
    startedAt: Number(row.started_at),
    finishedAt: num(row.finished_at),
    fetchMs: num(row.fetch_ms),
    processMs: num(row.process_ms),
    calls: num(row.calls),
    pages: num(row.pages),
    bytes: num(row.bytes),
    counts: parse(row.counts),
    progress: parse(row.progress),
    error: row.error ?? undefined,
  };
}

/** Entity name to `[spec.type, hash of the rendered entity]`. */
export type EntityHashes = Record<string, [string, string]>;

/**
 * All SQL of the catalog module, in the catalog's database: sync run records and the hashes of
 * what each source last applied. Tables are prefixed `infra_` and migrations tracked in their own
 * table so they never mix with the catalog's.
 */
export class SyncStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<SyncStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'infra_catalog_knex_migrations',
      });
    }
    return new SyncStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async start(run: {
    sourceKind: SyncRun['sourceKind'];
    sourceId: string;
    mode: SyncRun['mode'];
    startedAt?: number;
  }): Promise<number> {
    const [row] = await this.knex(TABLE)
      .insert({
        source_kind: run.sourceKind,
        source_id: run.sourceId,
        mode: run.mode,
        status: 'running',
        phase: 'connect',
        started_at: run.startedAt ?? Date.now(),
      })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async progress(
    id: number,
    phase: RunPhase,
    progress?: { done: number; total?: number },
  ): Promise<void> {
    await this.knex(TABLE)
      .where({ id })
      .update({ phase, progress: json(progress) });
  }

  async finish(
    id: number,
    outcome: RunOutcome,
    finishedAt = Date.now(),
  ): Promise<void> {
    await this.knex(TABLE)
      .where({ id })
      .update({
        status: outcome.status,
        phase: 'done',
        finished_at: finishedAt,
        fetch_ms: outcome.fetchMs ?? null,
        process_ms: outcome.processMs ?? null,
        calls: outcome.calls ?? null,
        pages: outcome.pages ?? null,
        bytes: outcome.bytes ?? null,
        counts: json(outcome.counts),
        progress: null,
        error: outcome.error ?? null,
      });
  }

  /** The newest runs of one source, newest first. */
  async recent(
    sourceKind: SyncRun['sourceKind'],
    sourceId: string,
    limit = 10,
  ): Promise<SyncRun[]> {
    const rows = await this.knex(TABLE)
      .where({ source_kind: sourceKind, source_id: sourceId })
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toRun);
  }

  /**
   * Marks runs left `running` by a process that died as failed, so the status page never shows a
   * run in progress for ever.
   */
  async failStale(olderThan: number): Promise<number> {
    return this.knex(TABLE)
      .where({ status: 'running' })
      .andWhere('started_at', '<', olderThan)
      .update({
        status: 'failed',
        phase: 'done',
        error: 'abandoned: the backend running it stopped',
      });
  }

  /** Deletes all but the newest `keep` runs per source. */
  async prune(keep = 100): Promise<void> {
    const sources = await this.knex(TABLE).distinct('source_kind', 'source_id');
    for (const s of sources) {
      const cutoff = await this.knex(TABLE)
        .where({ source_kind: s.source_kind, source_id: s.source_id })
        .orderBy('id', 'desc')
        .offset(keep)
        .first('id');
      if (cutoff) {
        await this.knex(TABLE)
          .where({ source_kind: s.source_kind, source_id: s.source_id })
          .andWhere('id', '<=', cutoff.id)
          .delete();
      }
    }
  }

  /** What the source last applied, or undefined before its first successful run. */
  async getHashes(
    sourceKind: SyncRun['sourceKind'],
    sourceId: string,
  ): Promise<EntityHashes | undefined> {
    return (await this.getVersionedHashes(sourceKind, sourceId))?.hashes;
  }

  /**
   * {@link SyncStore.getHashes} with the id of the write that stored them and when the state
   * they describe was read.
   */
  async getVersionedHashes(
    sourceKind: SyncRun['sourceKind'],
    sourceId: string,
  ): Promise<
    { hashes: EntityHashes; version?: string; snapshotAt?: number } | undefined
  > {
    const row = await this.knex('infra_entity_hashes')
      .where({ source_kind: sourceKind, source_id: sourceId })
      .first('hashes', 'version', 'snapshot_at');
    return row
      ? {
          hashes: JSON.parse(row.hashes),
          version: row.version ?? undefined,
          snapshotAt:
            row.snapshot_at === null || row.snapshot_at === undefined
              ? undefined
              : Number(row.snapshot_at),
        }
      : undefined;
  }

  /** The id of the last write of the source's hashes, without reading them (a cheap check). */
  async getHashesVersion(
    sourceKind: SyncRun['sourceKind'],
    sourceId: string,
  ): Promise<string | undefined> {
    const row = await this.knex('infra_entity_hashes')
      .where({ source_kind: sourceKind, source_id: sourceId })
      .first('version');
    return row?.version ?? undefined;
  }

  /**
   * Stores what the source applied; returns the id of this write. `snapshotAt`: when the state
   * was read (a full read's start), now by default.
   */
  async setHashes(
    sourceKind: SyncRun['sourceKind'],
    sourceId: string,
    hashes: EntityHashes,
    options: { snapshotAt?: number } = {},
  ): Promise<string> {
    const version = randomUUID();
    const now = Date.now();
    await this.knex('infra_entity_hashes')
      .insert({
        source_kind: sourceKind,
        source_id: sourceId,
        hashes: JSON.stringify(hashes),
        updated_at: now,
        version,
        snapshot_at: options.snapshotAt ?? now,
      })
      .onConflict(['source_kind', 'source_id'])
      .merge();
    return version;
  }
}
