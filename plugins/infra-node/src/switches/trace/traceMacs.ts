import { getSwitchDriver } from '../drivers';
import { isPseudoPort } from '../ports';
import { SwitchSessionError, SwitchStatus, SwitchTarget } from '../ssh/types';
import { InterfaceInfo, LldpNeighbor, MacEntry } from '../types';
import { SwitchInfoCache } from './cache';
import {
  countMacsPerPort,
  decideEdgePorts,
  EdgeCandidate,
  EdgePolicy,
  SwitchFacts,
} from './edgePorts';

/** What traceMacs needs from a session pool (SwitchSessionPool fits). */
export interface CommandRunner {
  run(
    target: SwitchTarget,
    command: string,
    options?: { deadline?: number },
  ): Promise<string>;
}

export interface TraceDeadlines {
  /** One command, waiting for a session included (default 20 s). */
  commandMs?: number;
  /** The whole trace (default 60 s); switches not done by then are reported as `timeout`. */
  traceMs?: number;
}

export interface SwitchTraceResult {
  switchId: string;
  status: SwitchStatus;
  message?: string;
  /** Traced MACs found in this switch's table. */
  macsFound: number;
  /** Commands sent (cache hits are not commands). */
  commands: number;
  durationMs: number;
  /** Output was cut short (timeout or disconnect) and what arrived was used. */
  partial?: boolean;
  /** Interface or LLDP listing could not be read; the decision used less information. */
  warnings?: string[];
}

export interface MacTraceResult {
  /** 12 lower-case hex digits. */
  mac: string;
  found: boolean;
  /** The most likely edge port, if any sighting survived the exclusions. */
  edge?: EdgeCandidate;
  /** Kept sightings, best first. */
  candidates: EdgeCandidate[];
  /** Sightings ruled out (uplinks, LAGs, trunks...), with the reason. */
  excluded: EdgeCandidate[];
  /** Seen, but only on ports that are not edge ports. */
  onlyUplinks: boolean;
  /** One line for people. */
  summary: string;
}

export interface TraceProgress {
  switchId: string;
  result: SwitchTraceResult;
  done: number;
  total: number;
}

export interface TraceMacsRequest {
  /** Canonical MACs (12 lower-case hex digits; normalise with `normalizeMac` first). */
  macs: string[];
  switches: SwitchTarget[];
  pool: CommandRunner;
  cache?: SwitchInfoCache;
  deadlines?: TraceDeadlines;
  policy?: EdgePolicy;
  onProgress?: (progress: TraceProgress) => void;
}

export interface TraceResult {
  macs: MacTraceResult[];
  switches: SwitchTraceResult[];
  /** Every MAC sighting (for the sightings history), edge or not. */
  sightings: Array<{
    mac: string;
    switchId: string;
    port: string;
    vlan?: number;
    vlanName?: string;
  }>;
  startedAt: number;
  durationMs: number;
  /** All switches answered (ok or not_found). */
  complete: boolean;
}

interface SwitchOutcome {
  result: SwitchTraceResult;
  facts?: SwitchFacts;
}

const MAC12 = /^[0-9a-f]{12}$/;

/**
 * Finds where MACs are plugged in. Each switch's MAC table is read once for all MACs (a single
 * MAC is looked up directly); interface and LLDP listings are read only from switches where a
 * MAC was seen on a real port, and come from the cache when warm, so a warm trace sends one
 * command per switch.
 */
export async function traceMacs(
  request: TraceMacsRequest,
): Promise<TraceResult> {
  const startedAt = Date.now();
  const macs = [...new Set(request.macs)];
  for (const m of macs) {
    if (!MAC12.test(m)) {
      throw new TypeError(
        `traceMacs expects 12 lower-case hex digits, got ${JSON.stringify(m)}`,
      );
    }
  }
  const macSet = new Set(macs);
  const commandMs = request.deadlines?.commandMs ?? 20_000;
  const traceDeadline = startedAt + (request.deadlines?.traceMs ?? 60_000);
  const cmdDeadline = () => Math.min(Date.now() + commandMs, traceDeadline);
  const total = request.switches.length;
  let done = 0;

  const cached = async <T>(
    sw: SwitchTarget,
    kind: 'interfaces' | 'lldp',
    counter: { commands: number },
    read: (text: string) => T,
    command: string,
  ): Promise<T> => {
    const key = `${sw.id}|${sw.host}|${kind}`;
    const hit = request.cache?.get<T>(key);
    if (hit !== undefined) return hit;
    counter.commands++;
    const value = read(
      await request.pool.run(sw, command, { deadline: cmdDeadline() }),
    );
    request.cache?.set(key, value);
    return value;
  };

  const traceSwitch = async (sw: SwitchTarget): Promise<SwitchOutcome> => {
    const t0 = Date.now();
    const counter = { commands: 0 };
    const result: SwitchTraceResult = {
      switchId: sw.id,
      status: 'ok',
      macsFound: 0,
      commands: 0,
      durationMs: 0,
    };
    let entries: MacEntry[] = [];
    let facts: SwitchFacts | undefined;
    try {
      const driver = getSwitchDriver(sw.platform);
      const single = macs.length === 1;
      const command = single
        ? driver.macLookupCommand(macs[0])
        : driver.macTableCommand();
      let table: MacEntry[];
      try {
        counter.commands++;
        table = driver.parseMacTable(
          await request.pool.run(sw, command, { deadline: cmdDeadline() }),
        );
      } catch (e) {
        if (e instanceof SwitchSessionError && e.partialOutput) {
          // Keep what arrived: a sighting in half a table is still a sighting.
          entries = safeParse(() =>
            driver.parseMacTable(e.partialOutput),
          ).filter(x => macSet.has(x.mac));
          result.partial = entries.length > 0;
          if (entries.length > 0) {
            facts = { switchId: sw.id, entries, configuredUplinks: sw.uplinks };
          }
        }
        throw e;
      }
      entries = table.filter(x => macSet.has(x.mac));
      facts = {
        switchId: sw.id,
        entries,
        macsPerPort: single ? undefined : countMacsPerPort(table),
        configuredUplinks: sw.uplinks,
      };
      if (entries.some(x => !isPseudoPort(x.port))) {
        const warnings: string[] = [];
        const [ifaces, lldp] = await Promise.all([
          cached<InterfaceInfo[]>(
            sw,
            'interfaces',
            counter,
            t => driver.parseInterfaces(t),
            driver.interfaceStatusCommand(),
          ).catch((e: Error) => {
            warnings.push(`interface listing unavailable: ${e.message}`);
            return undefined;
          }),
          cached<LldpNeighbor[]>(
            sw,
            'lldp',
            counter,
            t => driver.parseLldp(t),
            driver.lldpNeighborsCommand(),
          ).catch((e: Error) => {
            warnings.push(`LLDP neighbours unavailable: ${e.message}`);
            return undefined;
          }),
        ]);
        facts.interfaces = ifaces;
        facts.lldp = lldp;
        if (warnings.length > 0) result.warnings = warnings;
      }
      result.status = entries.length > 0 ? 'ok' : 'not_found';
    } catch (e) {
      result.status = e instanceof SwitchSessionError ? e.status : 'error';
      result.message = e instanceof Error ? e.message : String(e);
    }
    result.macsFound = new Set(entries.map(x => x.mac)).size;
    result.commands = counter.commands;
    result.durationMs = Date.now() - t0;
    return { result, facts };
  };

  const outcomes = new Map<string, SwitchOutcome>();
  let finishTimer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(
      request.switches.map(async sw => {
        const outcome = await traceSwitch(sw);
        if (Date.now() > traceDeadline + 1000 || outcomes.has(sw.id)) return;
        outcomes.set(sw.id, outcome);
        done++;
        request.onProgress?.({
          switchId: sw.id,
          result: outcome.result,
          done,
          total,
        });
      }),
    ),
    new Promise<void>(resolve => {
      // Every command already ends by the trace deadline; this is the backstop.
      finishTimer = setTimeout(resolve, traceDeadline - Date.now() + 1000);
    }),
  ]);
  if (finishTimer) clearTimeout(finishTimer);

  const switches = request.switches.map(sw => {
    const o = outcomes.get(sw.id);
    if (o) return o.result;
    const r: SwitchTraceResult = {
      switchId: sw.id,
      status: 'timeout',
      message: 'The trace deadline passed',
      macsFound: 0,
      commands: 0,
      durationMs: Date.now() - startedAt,
    };
    outcomes.set(sw.id, { result: r });
    done++;
    request.onProgress?.({ switchId: sw.id, result: r, done, total });
    return r;
  });

  const allFacts = [...outcomes.values()].flatMap(o =>
    o.facts ? [o.facts] : [],
  );
  const results = macs.map(mac => {
    const decided = decideEdgePorts(mac, allFacts, request.policy);
    const candidates = decided.filter(c => !c.excludedBecause);
    const excluded = decided.filter(c => c.excludedBecause);
    const found = decided.length > 0;
    const edge = candidates[0];
    return {
      mac,
      found,
      edge,
      candidates,
      excluded,
      onlyUplinks: found && !edge,
      summary: summarise(found, edge, excluded),
    };
  });

  return {
    macs: results,
    switches,
    sightings: allFacts.flatMap(f =>
      f.entries.map(e => ({
        mac: e.mac,
        switchId: f.switchId,
        port: e.port,
        vlan: e.vlan,
        vlanName: e.vlanName,
      })),
    ),
    startedAt,
    durationMs: Date.now() - startedAt,
    complete: switches.every(
      s => s.status === 'ok' || s.status === 'not_found',
    ),
  };
}

function summarise(
  found: boolean,
  edge: EdgeCandidate | undefined,
  excluded: EdgeCandidate[],
): string {
  if (!found) return 'not seen on any switch that answered';
  if (edge) {
    const vlan = edge.vlan ? ` (VLAN ${edge.vlan})` : '';
    return `${edge.switchId} ${edge.port}${vlan}: ${edge.reasons.join('; ')}`;
  }
  return `seen only on uplinks/LAGs/trunks (${excluded
    .map(c => `${c.switchId} ${c.port}`)
    .join(', ')}); its edge switch did not answer or is not in the list`;
}

function safeParse<T>(f: () => T[]): T[] {
  try {
    return f();
  } catch {
    return [];
  }
}

/** The engine as the backend sees it: a pool, a cache and deadlines bound once. */
export interface MacTraceEngine {
  trace(
    request: Omit<TraceMacsRequest, 'pool' | 'cache'>,
  ): Promise<TraceResult>;
}

export function createMacTraceEngine(options: {
  pool: CommandRunner;
  cache?: SwitchInfoCache;
  deadlines?: TraceDeadlines;
  policy?: EdgePolicy;
}): MacTraceEngine {
  return {
    trace: request =>
      traceMacs({
        ...request,
        pool: options.pool,
        cache: options.cache,
        deadlines: { ...options.deadlines, ...request.deadlines },
        policy: request.policy ?? options.policy,
      }),
  };
}
