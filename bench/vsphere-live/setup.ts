import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  RunningVcsim,
  startVcsim,
  TopologyName,
} from '@internal/infra-test-utils';
import { MoRef, VimClient } from '@infra-inventory/plugin-infra-node';
import { knex as createKnex } from 'knex';
import { SyncSources } from '../../plugins/catalog-backend-module-infra/src/sync/SyncSources';
import { SyncStore } from '../../plugins/catalog-backend-module-infra/src/sync/SyncStore';
import { readVsphereProviderConfigs } from '../../plugins/catalog-backend-module-infra/src/vsphere/config';
import { readVsphereLiveConfig } from '../../plugins/catalog-backend-module-infra/src/vsphere/live/config';
import { VsphereEntityProvider } from '../../plugins/catalog-backend-module-infra/src/vsphere/VsphereEntityProvider';
import { TimedConnection } from './timedConnection';

/** Warnings and errors go to the bench log; the rest is dropped. */
function benchLogger(log: (m: string) => void): LoggerService {
  const logger: LoggerService = {
    error: m => log(`provider error: ${m}`),
    warn: m => log(`provider warning: ${m}`),
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

export interface LiveRig {
  vc: RunningVcsim;
  /** A second session that makes the changes (an operator in the vSphere client). */
  admin: VimClient;
  provider: VsphereEntityProvider;
  connection: TimedConnection;
  maxWaitSeconds: number;
  /** SOAP calls the live loop's own session has made so far. */
  loopSoapCalls(): number;
  stop(): Promise<void>;
}

export interface LiveProvider {
  provider: VsphereEntityProvider;
  connection: TimedConnection;
  /** SOAP calls the live loop's own session has made so far. */
  loopSoapCalls(): number;
  close(): Promise<void>;
}

/**
 * A provider with the live loop on an in-memory SQLite store, reading the vCenter at `url`;
 * resolves once its first full read is applied and the loop is live.
 */
export async function startLiveProvider(options: {
  url: string;
  username: string;
  password: string;
  maxWaitSeconds: number;
  log: (m: string) => void;
  id?: string;
}): Promise<LiveProvider> {
  const id = options.id ?? 'sim';
  const knex = createKnex({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  let provider: VsphereEntityProvider | undefined;
  try {
    const store = await SyncStore.create({
      database: { getClient: async () => knex },
    });
    // production defaults (batch window 250 ms, maxObjectUpdates 500...) but a short
    // maxWaitSeconds for the idle figure
    const block = new ConfigReader({
      url: options.url,
      username: options.username,
      password: options.password,
      live: { maxWaitSeconds: options.maxWaitSeconds },
    });
    const [config] = readVsphereProviderConfigs(
      new ConfigReader({
        catalog: { providers: { vsphere: { [id]: block.get() } } },
      }),
    );
    const sources = new SyncSources();
    sources.register({ kind: 'vsphere', id, url: config.url, taskId: 't' });
    provider = new VsphereEntityProvider(config, {
      logger: benchLogger(options.log),
      // the first full read runs when the provider connects, like the scheduler's first run
      taskRunner: { run: async ({ fn }) => fn(new AbortController().signal) },
      store,
      sources,
      live: { config: readVsphereLiveConfig(block) },
    });
    const connection = new TimedConnection();
    await provider.connect(connection);
    const deadline = Date.now() + 120_000;
    while (!provider.live?.isLive) {
      if (Date.now() > deadline) throw new Error('live loop did not start');
      await new Promise(r => setTimeout(r, 25));
    }
    const live = provider.live;
    const p = provider;
    return {
      provider,
      connection,
      loopSoapCalls: () => {
        // the loop's session is private: read its client's counters (bench only)
        const session = (
          live as unknown as {
            session?: { client: { stats?: { soapCalls: number } } };
          }
        ).session;
        const calls = session?.client.stats?.soapCalls;
        if (calls === undefined) throw new Error('live loop has no session');
        return calls;
      },
      close: async () => {
        // a vcsim still busy may not answer CancelWaitForUpdates: do not wait long
        await Promise.race([
          p.close().catch(() => undefined),
          new Promise(r => setTimeout(r, 5000).unref()),
        ]);
        await knex.destroy();
      },
    };
  } catch (e) {
    await provider?.close().catch(() => undefined);
    await knex.destroy();
    throw e;
  }
}

/** vcsim, a provider with the live loop on an in-memory SQLite store, connected and live. */
export async function startLiveRig(options: {
  topology: TopologyName;
  maxWaitSeconds: number;
  log: (m: string) => void;
}): Promise<LiveRig> {
  const vc = await startVcsim({ topology: options.topology });
  let admin: VimClient | undefined;
  let live: LiveProvider | undefined;
  try {
    admin = await VimClient.connect({
      url: vc.url,
      username: vc.username,
      password: vc.password,
    });
    live = await startLiveProvider({
      url: vc.url,
      username: vc.username,
      password: vc.password,
      maxWaitSeconds: options.maxWaitSeconds,
      log: options.log,
    });
    const a = admin;
    const l = live;
    return {
      vc,
      admin,
      provider: live.provider,
      connection: live.connection,
      maxWaitSeconds: options.maxWaitSeconds,
      loopSoapCalls: live.loopSoapCalls,
      stop: async () => {
        await l.close();
        await a.close().catch(() => undefined);
        await vc.stop();
      },
    };
  } catch (e) {
    await live?.close().catch(() => undefined);
    await admin?.close().catch(() => undefined);
    await vc.stop();
    throw e;
  }
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Calls a vim25 task method (`PowerOffVM_Task`, `Rename_Task`...) on `obj`; vcsim answers with
 * the task, which it may finish a moment later. The bench waits for the delta, not the task.
 */
export async function invokeTask(
  client: VimClient,
  method: string,
  obj: MoRef,
  inner = '',
): Promise<void> {
  await client.invoke(
    method,
    () =>
      `<${method} xmlns="urn:vim25"><_this type="${obj.type}">${esc(
        obj.value,
      )}</_this>${inner}</${method}>`,
  );
}

export const xmlText = esc;
