import { randomUUID } from 'node:crypto';
import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  serializeError,
} from '@backstage/errors';
import {
  infraMacTracePermission,
  infraMacTraceUplinksPermission,
  parseMacList,
  tryNormalizeMac,
} from '@infra-inventory/plugin-infra-common';
import type {
  MacTraceEngine,
  MacTraceResult,
  SwitchTarget,
  TraceResult,
} from '@infra-inventory/plugin-infra-node';
import express from 'express';
import Router from 'express-promise-router';
import { MacTraceJob, MacTraceJobFilter, MacTraceStore } from './MacTraceStore';

/** The switches a trace may use: a fixed list, or a function reading the inventory. */
export type MacTraceSwitchSource =
  | SwitchTarget[]
  | (() => Promise<SwitchTarget[]>);

export interface MacTraceRouterOptions {
  store: MacTraceStore;
  engine: MacTraceEngine;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
  switches: MacTraceSwitchSource;
  logger?: LoggerService;
  /** Most MACs in one job (default 500). */
  maxMacs?: number;
  /**
   * After how long an unfinished job counts as abandoned by a replica that stopped (default
   * 2 min: the trace deadline plus slack for queueing and the final writes).
   */
  abandonedAfterMs?: number;
}

/** What a reader of an abandoned job is told. */
export const ABANDONED_JOB_ERROR =
  'The backend replica running this trace stopped before it finished; start the trace again';

/** The router, plus `drain()` to wait for the jobs it started (shutdown hook, tests). */
export type MacTraceRouter = express.Router & { drain(): Promise<void> };

/** Paths, relative to the plugin's router. */
export const MACTRACE_ROUTES = {
  jobs: '/mactrace/jobs',
  job: '/mactrace/jobs/:id',
  sightings: '/mactrace/sightings',
  switches: '/mactrace/switches',
} as const;

/** `GET /mactrace/switches`: what the site/floor pickers offer. Never hosts or credentials. */
export interface MacTraceSwitchesResponse {
  sites: Array<{
    site: string;
    floors: Array<{ floor: string; switches: number }>;
  }>;
  switches: Array<{
    id: string;
    site?: string;
    floor?: string;
    platform: string;
  }>;
}

/** Sites and floors (sorted), with the number of switches on each floor; only public fields. */
export function summarizeSwitches(
  targets: SwitchTarget[],
): MacTraceSwitchesResponse {
  const bySite = new Map<string, Map<string, number>>();
  for (const t of targets) {
    if (!t.site) continue;
    const floors = bySite.get(t.site) ?? new Map<string, number>();
    bySite.set(t.site, floors);
    if (t.floor) floors.set(t.floor, (floors.get(t.floor) ?? 0) + 1);
  }
  const cmp = (a: string, b: string) =>
    a.localeCompare(b, undefined, { numeric: true });
  return {
    sites: [...bySite.keys()].sort(cmp).map(site => ({
      site,
      floors: [...bySite.get(site)!.entries()]
        .sort(([a], [b]) => cmp(a, b))
        .map(([floor, switches]) => ({ floor, switches })),
    })),
    switches: targets.map(t => ({
      id: t.id,
      ...(t.site ? { site: t.site } : {}),
      ...(t.floor ? { floor: t.floor } : {}),
      platform: t.platform,
    })),
  };
}

const ERROR_STATUS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
};

class InvalidMacsError extends InputError {
  constructor(
    message: string,
    readonly invalid: Array<{ input: string; reason: string }>,
  ) {
    super(message);
  }
}

function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p?.type === 'user') return p.userEntityRef ?? 'user:unknown';
  if (p?.type === 'service') return `service:${p.subject ?? 'unknown'}`;
  return 'unknown';
}

function outcomeOf(result: TraceResult | undefined): string {
  if (!result) return 'failed';
  return result.complete ? 'complete' : 'partial';
}

function optionalString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > 200) {
    throw new InputError(`${name} must be a string of at most 200 characters`);
  }
  return v;
}

function switchList(v: unknown): string[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  let list: unknown[] | undefined;
  if (Array.isArray(v)) list = v;
  else if (typeof v === 'string') list = v.split(/[\s,]+/);
  if (!list || list.some(s => typeof s !== 'string' || s.length > 255)) {
    throw new InputError(
      'switches must be a list of switch ids (array or comma-separated string)',
    );
  }
  const ids = (list as string[]).filter(Boolean);
  return ids.length ? ids : undefined;
}

/** Hides what only `infra.mactrace.uplinks.read` may see: uplink/LAG/trunk ports and their VLANs. */
function redactUplinks(results: MacTraceResult[]): unknown[] {
  return results.map(r => ({
    mac: r.mac,
    found: r.found,
    edge: r.edge,
    candidates: r.candidates,
    onlyUplinks: r.onlyUplinks,
    excludedCount: r.excluded.length,
    summary: r.onlyUplinks
      ? 'seen only on uplink, LAG or trunk ports; its edge switch did not answer or is not in the list'
      : r.summary,
  }));
}

/**
 * The MAC-trace API: start a job (202), read its progress and results from the database (any
 * replica), and read the last sightings of a MAC. Jobs run in the background of the replica that
 * accepted them.
 */
export async function createMacTraceRouter(
  options: MacTraceRouterOptions,
): Promise<MacTraceRouter> {
  const { store, engine, permissions, httpAuth, logger } = options;
  const maxMacs = options.maxMacs ?? 500;
  const abandonedAfterMs = options.abandonedAfterMs ?? 120_000;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  const allowed = async (
    credentials: BackstageCredentials,
    permission: typeof infraMacTracePermission,
  ) => {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === 'ALLOW';
  };
  const requireRun = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (!(await allowed(credentials, infraMacTracePermission))) {
      throw new NotAllowedError(`Not allowed: ${infraMacTracePermission.name}`);
    }
    return credentials;
  };
  const listSwitches = async () =>
    typeof options.switches === 'function'
      ? options.switches()
      : options.switches;

  const runJob = async (
    jobId: string,
    macs: string[],
    targets: SwitchTarget[],
    actor: string,
    filter: MacTraceJobFilter,
  ) => {
    const started = Date.now();
    let result: TraceResult | undefined;
    try {
      await store.markRunning(jobId);
      // Progress writes are chained so they land in order and are all done before "done".
      let writes = Promise.resolve();
      result = await engine.trace({
        macs,
        switches: targets,
        onProgress: p => {
          writes = writes
            .then(() => store.recordSwitch(jobId, p.result))
            .catch(e =>
              logger?.warn(`mactrace ${jobId}: progress not saved: ${e}`),
            );
        },
      });
      await writes;
      const kinds = new Map<string, string>();
      for (const m of result.macs) {
        for (const c of [...m.candidates, ...m.excluded]) {
          kinds.set(
            `${m.mac}|${c.switchId}|${c.port}|${c.vlan ?? 0}`,
            c.excludedBecause ?? 'edge',
          );
        }
      }
      await store.recordSightings(
        result.sightings.map(s => ({
          ...s,
          portKind:
            kinds.get(`${s.mac}|${s.switchId}|${s.port}|${s.vlan ?? 0}`) ??
            'edge',
        })),
      );
      await store.finishJob(jobId, result);
    } catch (e) {
      logger?.error(`mactrace ${jobId} failed: ${e}`);
      await store.failJob(jobId, String(e)).catch(() => undefined);
    }
    await store
      .audit({
        actor,
        action: 'mactrace.finish',
        jobId,
        detail: {
          macs,
          ...filter,
          switchCount: targets.length,
          statuses: result?.switches.reduce<Record<string, number>>(
            (acc, s) => {
              acc[s.status] = (acc[s.status] ?? 0) + 1;
              return acc;
            },
            {},
          ),
        },
        outcome: outcomeOf(result),
        durationMs: Date.now() - started,
      })
      .catch(e => logger?.warn(`mactrace ${jobId}: audit not saved: ${e}`));
  };

  const running = new Set<Promise<void>>();

  router.post(MACTRACE_ROUTES.jobs, async (req, res) => {
    const credentials = await requireRun(req);
    const actor = actorOf(credentials);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.macs !== 'string') {
      throw new InputError(
        'macs must be a string: one or more MAC addresses in any notation',
      );
    }
    const { valid, invalid } = parseMacList(body.macs);
    if (invalid.length > 0) {
      throw new InvalidMacsError(
        `${invalid.length} of the MAC addresses are not valid: ${invalid
          .slice(0, 5)
          .map(i => `"${i.input}" (${i.reason})`)
          .join(', ')}${invalid.length > 5 ? ', ...' : ''}`,
        invalid,
      );
    }
    if (valid.length === 0) throw new InputError('No MAC address given');
    if (valid.length > maxMacs) {
      throw new InputError(
        `At most ${maxMacs} MAC addresses per trace, got ${valid.length}`,
      );
    }
    const filter: MacTraceJobFilter = {
      site: optionalString(body.site, 'site'),
      floor: optionalString(body.floor, 'floor'),
      switches: switchList(body.switches),
    };
    const all = await listSwitches();
    if (filter.switches) {
      const known = new Set(all.map(s => s.id));
      const unknown = filter.switches.filter(s => !known.has(s));
      if (unknown.length)
        throw new InputError(`Unknown switches: ${unknown.join(', ')}`);
    }
    const targets = all.filter(
      s =>
        (!filter.site || s.site === filter.site) &&
        (!filter.floor || s.floor === filter.floor) &&
        (!filter.switches || filter.switches.includes(s.id)),
    );
    if (targets.length === 0) {
      throw new InputError(
        'No switch matches the given site, floor and switches',
      );
    }
    const jobId = randomUUID();
    await store.createJob({
      id: jobId,
      requestedBy: actor,
      macs: valid,
      filter,
      switchIds: targets.map(t => t.id),
    });
    await store.audit({
      actor,
      action: 'mactrace.start',
      jobId,
      detail: { macs: valid, ...filter, switchCount: targets.length },
      outcome: 'accepted',
    });
    const p = runJob(jobId, valid, targets, actor, filter).finally(() =>
      running.delete(p),
    );
    running.add(p);
    res.status(202).json({ jobId });
  });

  router.get(MACTRACE_ROUTES.job, async (req, res) => {
    const credentials = await requireRun(req);
    let job = await store.getJob(req.params.id);
    if (!job) throw new NotFoundError(`No MAC trace job ${req.params.id}`);
    if (
      (job.state === 'queued' || job.state === 'running') &&
      Date.now() - job.createdAt > abandonedAfterMs
    ) {
      // without this the page would poll a job that no replica will ever finish
      await store.failAbandoned(
        Date.now() - abandonedAfterMs,
        ABANDONED_JOB_ERROR,
        {
          id: job.id,
        },
      );
      job = (await store.getJob(job.id)) ?? job;
    }
    const uplinks = await allowed(credentials, infraMacTraceUplinksPermission);
    const out: MacTraceJob | Record<string, unknown> = uplinks
      ? job
      : { ...job, results: job.results && redactUplinks(job.results) };
    res.json(out);
  });

  router.get(MACTRACE_ROUTES.sightings, async (req, res) => {
    const credentials = await requireRun(req);
    const mac = tryNormalizeMac(String(req.query.mac ?? ''));
    if (!mac)
      throw new InputError(
        `mac is not a valid MAC address: ${JSON.stringify(
          String(req.query.mac ?? '').slice(0, 40),
        )}`,
      );
    const uplinks = await allowed(credentials, infraMacTraceUplinksPermission);
    const sightings = (await store.getSightings(mac)).filter(
      s => uplinks || s.portKind === 'edge',
    );
    res.json({ mac, sightings });
  });

  router.get(MACTRACE_ROUTES.switches, async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(summarizeSwitches(await listSwitches()));
  });

  // Errors as Backstage serialises them, with the per-MAC list for invalid input.
  router.use(
    (
      err: Error,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) {
        next(err);
        return;
      }
      const status = ERROR_STATUS[err.name] ?? 500;
      if (status === 500) {
        next(err);
        return;
      }
      res.status(status).json({
        error: serializeError(err),
        ...(err instanceof InvalidMacsError ? { invalid: err.invalid } : {}),
      });
    },
  );

  const out = router as MacTraceRouter;
  out.drain = async () => {
    await Promise.all([...running]);
  };
  return out;
}
