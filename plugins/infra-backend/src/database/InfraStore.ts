import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@infra-inventory/plugin-infra-backend',
  'migrations',
);

/** A cache entry as stored: the bytes are opaque to the store. */
export interface StoredCacheEntry {
  key: string;
  value: Buffer;
  encoding: 'json' | 'gzip';
  storedAt: number;
  expiresAt: number;
}

/** All SQL of the infra backend plugin lives here; tables are prefixed `infra_`. */
export class InfraStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<InfraStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'infra_knex_migrations',
      });
    }
    return new InfraStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  get client(): string {
    return String(this.knex.client.config.client);
  }

  async ping(): Promise<boolean> {
    try {
      await this.knex.raw('select 1');
      return true;
    } catch {
      return false;
    }
  }

  async getCacheEntry(key: string): Promise<StoredCacheEntry | undefined> {
    const row = await this.knex('infra_cache_entries').where({ key }).first();
    if (!row) return undefined;
    return {
      key: row.key,
      value: Buffer.from(row.value),
      encoding: row.encoding,
      storedAt: Number(row.stored_at),
      expiresAt: Number(row.expires_at),
    };
  }

  async setCacheEntry(entry: StoredCacheEntry): Promise<void> {
    await this.knex('infra_cache_entries')
      .insert({
        key: entry.key,
        value: entry.value,
        encoding: entry.encoding,
        stored_at: entry.storedAt,
        expires_at: entry.expiresAt,
      })
      .onConflict('key')
      .merge();
  }

  /** Deletes exactly one entry. */
  async deleteCacheEntry(key: string): Promise<number> {
    return this.knex('infra_cache_entries').where({ key }).delete();
  }

  /** Deletes every entry whose key starts with `prefix`; returns how many went. */
  async deleteCacheEntries(prefix: string): Promise<number> {
    const escaped = prefix.replace(/[\\%_]/g, c => `\\${c}`);
    return this.knex('infra_cache_entries')
      .whereRaw(`key like ? escape '\\'`, [`${escaped}%`])
      .delete();
  }
}
