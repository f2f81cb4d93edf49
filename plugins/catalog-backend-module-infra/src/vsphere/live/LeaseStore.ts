import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const TABLE = 'infra_live_leases';

/**
 * Leases of the live loops: one row per source, held by one loop at a time, renewed while it
 * runs and taken over by another replica once it expired. Every change is one conditional
 * statement, so two replicas racing for a lease cannot both win it.
 */
export class LiveLeaseStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient'> & {
      migrations?: { skip?: boolean };
    };
    skipMigrations?: boolean;
  }): Promise<LiveLeaseStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@infra-inventory/plugin-catalog-backend-module-infra',
          'migrations',
        ),
        tableName: 'infra_catalog_knex_migrations',
      });
    }
    return new LiveLeaseStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  /**
   * Takes or renews the lease of `sourceId` for `ttlMs`. True when `holder` has it now: it was
   * free, expired or already its own.
   */
  async acquire(
    sourceId: string,
    holder: string,
    ttlMs: number,
    now = Date.now(),
  ): Promise<boolean> {
    const inserted = await this.knex(TABLE)
      .insert({
        source_id: sourceId,
        holder,
        expires_at: now + ttlMs,
        acquired_at: now,
      })
      .onConflict('source_id')
      .ignore()
      .returning('holder');
    if (inserted.length > 0) {
      // SQLite reports ignored rows too: check who holds it
      const row = await this.knex(TABLE)
        .where({ source_id: sourceId })
        .first('holder');
      if (row?.holder === holder) return true;
    }
    const renewed = await this.knex(TABLE)
      .where({ source_id: sourceId, holder })
      .update({ expires_at: now + ttlMs });
    if (renewed > 0) return true;
    const taken = await this.knex(TABLE)
      .where({ source_id: sourceId })
      .andWhere('expires_at', '<', now)
      .update({ holder, expires_at: now + ttlMs, acquired_at: now });
    return taken > 0;
  }

  /** Gives the lease up at once (a clean stop), if `holder` has it. */
  async release(sourceId: string, holder: string): Promise<void> {
    await this.knex(TABLE).where({ source_id: sourceId, holder }).delete();
  }

  async holder(
    sourceId: string,
  ): Promise<{ holder: string; expiresAt: number } | undefined> {
    const row = await this.knex(TABLE).where({ source_id: sourceId }).first();
    return row
      ? { holder: row.holder, expiresAt: Number(row.expires_at) }
      : undefined;
  }
}
