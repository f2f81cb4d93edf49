import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  HostKeyStore,
  MacTraceResult,
  SwitchStatus,
  SwitchTraceResult,
  TraceResult,
} from '@infra-inventory/plugin-infra-node';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@infra-inventory/plugin-infra-backend',
  'migrations',
);

export type MacTraceJobState = 'queued' | 'running' | 'done' | 'failed';

export interface MacTraceJobFilter {
  site?: string;
  floor?: string;
  switches?: string[];
}

export interface MacTraceSwitchProgress {
  switchId: string;
  status: SwitchStatus | 'pending';
  message?: string;
  macsFound: number;
  commands: number;
  durationMs?: number;
  partial: boolean;
}

export interface MacTraceJob {
  id: string;
  state: MacTraceJobState;
  requestedBy: string;
  macs: string[];
  filter: MacTraceJobFilter;
  totalSwitches: number;
  doneSwitches: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  error?: string;
  switches: MacTraceSwitchProgress[];
  /** Per-MAC results, once done. */
  results?: MacTraceResult[];
}

export interface MacSighting {
  mac: string;
  switchId: string;
  port: string;
  vlan?: number;
  /** `edge`, or why the port is not an edge port (lag, trunk, lldp_uplink...). */
  portKind: string;
  firstSeen: number;
  lastSeen: number;
}

export interface MacTraceAuditEntry {
  at?: number;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  jobId?: string;
  outcome: string;
  durationMs?: number;
}

const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

/** SQL of the MAC trace; tables are prefixed `infra_mactrace_`. */
export class MacTraceStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<MacTraceStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'infra_knex_migrations',
      });
    }
    return new MacTraceStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  async createJob(job: {
    id: string;
    requestedBy: string;
    macs: string[];
    filter: MacTraceJobFilter;
    switchIds: string[];
    now?: number;
  }): Promise<void> {
    const now = job.now ?? Date.now();
    await this.knex.transaction(async tx => {
      await tx('infra_mactrace_jobs').insert({
        id: job.id,
        state: 'queued',
        requested_by: job.requestedBy,
        macs: JSON.stringify(job.macs),
        filter: JSON.stringify(job.filter),
        total_switches: job.switchIds.length,
        done_switches: 0,
        created_at: now,
      });
      const rows = job.switchIds.map(switchId => ({
        job_id: job.id,
        switch_id: switchId,
        status: 'pending',
        macs_found: 0,
        commands: 0,
        partial: false,
        updated_at: now,
      }));
      for (let i = 0; i < rows.length; i += 200) {
        await tx('infra_mactrace_switch_results').insert(
          rows.slice(i, i + 200),
        );
      }
    });
  }

  async markRunning(id: string, now = Date.now()): Promise<void> {
    await this.knex('infra_mactrace_jobs')
      .where({ id })
      .update({ state: 'running', started_at: now });
  }

  async recordSwitch(
    jobId: string,
    r: SwitchTraceResult,
    now = Date.now(),
  ): Promise<void> {
    const updated = await this.knex('infra_mactrace_switch_results')
      .where({ job_id: jobId, switch_id: r.switchId, status: 'pending' })
      .update({
        status: r.status,
        message: r.message ?? null,
        macs_found: r.macsFound,
        commands: r.commands,
        duration_ms: r.durationMs,
        partial: Boolean(r.partial),
        updated_at: now,
      });
    if (updated > 0) {
      await this.knex('infra_mactrace_jobs')
        .where({ id: jobId })
        .increment('done_switches', updated);
    }
  }

  async finishJob(
    id: string,
    result: TraceResult,
    now = Date.now(),
  ): Promise<void> {
    await this.knex('infra_mactrace_jobs')
      .where({ id })
      .update({
        state: 'done',
        result: JSON.stringify(result.macs),
        finished_at: now,
      });
  }

  async failJob(id: string, error: string, now = Date.now()): Promise<void> {
    await this.knex('infra_mactrace_jobs')
      .where({ id })
      .update({
        state: 'failed',
        error: error.slice(0, 2000),
        finished_at: now,
      });
  }

  /**
   * Fails the unfinished jobs created before `cutoff`: traces are bounded by a deadline, so one
   * still unfinished long after it can only belong to a replica that stopped mid-trace. The state
   * guard keeps a job that finished meanwhile as it is. Returns how many were failed.
   */
  async failAbandoned(
    cutoff: number,
    error: string,
    options: { id?: string; now?: number } = {},
  ): Promise<number> {
    let query = this.knex('infra_mactrace_jobs')
      .whereIn('state', ['queued', 'running'])
      .where('created_at', '<', cutoff);
    if (options.id) query = query.where({ id: options.id });
    return query.update({
      state: 'failed',
      error: error.slice(0, 2000),
      finished_at: options.now ?? Date.now(),
    });
  }

  async getJob(id: string): Promise<MacTraceJob | undefined> {
    const row = await this.knex('infra_mactrace_jobs').where({ id }).first();
    if (!row) return undefined;
    const switches = await this.knex('infra_mactrace_switch_results')
      .where({ job_id: id })
      .orderBy('switch_id');
    return {
      id: row.id,
      state: row.state,
      requestedBy: row.requested_by,
      macs: JSON.parse(row.macs),
      filter: JSON.parse(row.filter),
      totalSwitches: Number(row.total_switches),
      doneSwitches: Number(row.done_switches),
      createdAt: Number(row.created_at),
      startedAt: num(row.started_at),
      finishedAt: num(row.finished_at),
      error: row.error ?? undefined,
      results: row.result ? JSON.parse(row.result) : undefined,
      switches: switches.map(s => ({
        switchId: s.switch_id,
        status: s.status,
        message: s.message ?? undefined,
        macsFound: Number(s.macs_found),
        commands: Number(s.commands),
        durationMs: num(s.duration_ms),
        partial: Boolean(s.partial),
      })),
    };
  }

  /** Records sightings: a new row, or a later `last_seen` on an existing one. */
  async recordSightings(
    sightings: Array<{
      mac: string;
      switchId: string;
      port: string;
      vlan?: number;
      portKind: string;
    }>,
    now = Date.now(),
  ): Promise<void> {
    const rows = sightings.map(s => ({
      mac: s.mac,
      switch_id: s.switchId,
      port: s.port.slice(0, 128),
      vlan: s.vlan ?? 0,
      port_kind: s.portKind,
      first_seen: now,
      last_seen: now,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await this.knex('infra_mactrace_sightings')
        .insert(rows.slice(i, i + 200))
        .onConflict(['mac', 'switch_id', 'port', 'vlan'])
        .merge(['last_seen', 'port_kind']);
    }
  }

  async getSightings(mac: string, limit = 100): Promise<MacSighting[]> {
    const rows = await this.knex('infra_mactrace_sightings')
      .where({ mac })
      .orderBy('last_seen', 'desc')
      .limit(limit);
    return rows.map(r => ({
      mac: r.mac,
      switchId: r.switch_id,
      port: r.port,
      vlan: Number(r.vlan) || undefined,
      portKind: r.port_kind,
      firstSeen: Number(r.first_seen),
      lastSeen: Number(r.last_seen),
    }));
  }

  async audit(entry: MacTraceAuditEntry): Promise<void> {
    await this.knex('infra_mactrace_audit').insert({
      at: entry.at ?? Date.now(),
      actor: entry.actor.slice(0, 255),
      action: entry.action,
      detail: JSON.stringify(entry.detail),
      job_id: entry.jobId ?? null,
      outcome: entry.outcome,
      duration_ms: entry.durationMs ?? null,
    });
  }

  async listAudit(
    limit = 100,
  ): Promise<Array<MacTraceAuditEntry & { at: number }>> {
    const rows = await this.knex('infra_mactrace_audit')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(r => ({
      at: Number(r.at),
      actor: r.actor,
      action: r.action,
      detail: JSON.parse(r.detail),
      jobId: r.job_id ?? undefined,
      outcome: r.outcome,
      durationMs: num(r.duration_ms),
    }));
  }

  /** Trust-on-first-use host keys, for `SwitchSessionPool({ hostKeys })`. */
  hostKeyStore(): HostKeyStore {
    return {
      get: async switchId =>
        (
          await this.knex('infra_mactrace_host_keys')
            .where({ switch_id: switchId })
            .first()
        )?.fingerprint,
      set: async (switchId, fingerprint) => {
        // The first key wins: a concurrent first use never overwrites a stored key.
        await this.knex('infra_mactrace_host_keys')
          .insert({ switch_id: switchId, fingerprint, first_seen: Date.now() })
          .onConflict('switch_id')
          .ignore();
      },
    };
  }

  /** Remembers that a switch presented another key (for the operator to review). */
  async recordHostKeyMismatch(
    switchId: string,
    presented: string,
  ): Promise<void> {
    await this.knex('infra_mactrace_host_keys')
      .where({ switch_id: switchId })
      .update({ last_mismatch: presented, last_mismatch_at: Date.now() });
  }

  /** Accepts a new key after review (re-keyed switch). */
  async replaceHostKey(switchId: string, fingerprint: string): Promise<void> {
    await this.knex('infra_mactrace_host_keys')
      .insert({ switch_id: switchId, fingerprint, first_seen: Date.now() })
      .onConflict('switch_id')
      .merge({ fingerprint, last_mismatch: null, last_mismatch_at: null });
  }
}
