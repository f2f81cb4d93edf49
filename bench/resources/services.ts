import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import knexFactory, { Knex } from 'knex';

/** A logger that drops everything (benchmarks must not pay for log output). */
export function silentLogger(): LoggerService {
  const logger: LoggerService = {
    error: () => {},
    warn: () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

/** Every caller is the same user; outside jest, so not mockServices. */
export function allowAllHttpAuth(): HttpAuthService {
  const credentials = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/bench' },
  };
  return {
    credentials: async () => credentials,
    issueUserCookie: async () => ({ expiresAt: new Date() }),
  } as unknown as HttpAuthService;
}

/** Every permission is granted. */
export function allowAllPermissions(): PermissionsService {
  return {
    authorize: async (requests: unknown[]) =>
      requests.map(() => ({ result: 'ALLOW' })),
    authorizeConditional: async (requests: unknown[]) =>
      requests.map(() => ({ result: 'ALLOW' })),
  } as unknown as PermissionsService;
}

/** In-memory SQLite through knex, as TestDatabases' SQLITE_3 gives the tests. */
export function memorySqlite(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
}

/** A DatabaseService over a ready knex. */
export const databaseOf = (knex: Knex) => ({
  getClient: async () => knex,
});

/** Serves `app` on 127.0.0.1 once, so request times never include starting a server. */
export async function listen(
  app: express.Express | http.RequestListener,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A bare node:http server answering every request with `body` as JSON: no framework, routing or
 * cache, the floor under any Node.js route on this machine. `url` ends with `/`.
 */
export async function serveBytes(body: Buffer) {
  const served = await listen(
    (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', body.length);
      res.end(body);
    },
  );
  return { ...served, url: `${served.url}/` };
}

/**
 * The configuration the resources router reads, for one vCenter: a user name of its own per
 * call, so every cache built from it has a key namespace nobody else uses.
 */
export function resourcesConfig(vc: { url: string; password: string }) {
  return new ConfigReader({
    catalog: {
      providers: {
        vsphere: {
          url: vc.url,
          username: `bench-${randomUUID()}`,
          password: vc.password,
        },
      },
    },
  });
}
