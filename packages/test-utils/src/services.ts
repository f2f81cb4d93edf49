import { spawnSync } from 'node:child_process';
import { Requirement } from './requirements';

/**
 * The PostgreSQL and Redis that run on every machine of this project (CI included). Override with
 * INFRA_TEST_POSTGRES / INFRA_TEST_REDIS to point tests elsewhere.
 */
export const POSTGRES_CONNECTION =
  process.env.INFRA_TEST_POSTGRES ?? 'postgresql://postgres@127.0.0.1:5432';
export const REDIS_CONNECTION =
  process.env.INFRA_TEST_REDIS ?? 'redis://127.0.0.1:6379';

const probeScript = `
const [host, port] = process.argv.slice(1);
const s = require('node:net').connect({ host, port: Number(port) });
s.setTimeout(2000);
s.on('connect', () => { s.destroy(); process.exit(0); });
s.on('timeout', () => process.exit(2));
s.on('error', () => process.exit(1));
`;

const reachable = new Map<string, string | undefined>();

/**
 * Whether something listens at the URL's host and port, checked synchronously (jest decides
 * `describe` vs `describe.skip` at collection time) and once per process.
 */
export function tcpUnreachableReason(
  url: string,
  defaultPort: number,
): string | undefined {
  const { hostname, port } = new URL(url);
  const target = `${hostname}:${port || defaultPort}`;
  if (!reachable.has(target)) {
    const result = spawnSync(
      process.execPath,
      ['-e', probeScript, hostname, String(port || defaultPort)],
      { timeout: 5000 },
    );
    reachable.set(
      target,
      result.status === 0 ? undefined : `nothing answers at ${target}`,
    );
  }
  return reachable.get(target);
}

export const postgresRequirement: Requirement = {
  name: 'PostgreSQL',
  check: () => tcpUnreachableReason(POSTGRES_CONNECTION, 5432),
  hint: 'apt-get install postgresql, trust auth for 127.0.0.1, or set INFRA_TEST_POSTGRES',
};

export const redisRequirement: Requirement = {
  name: 'Redis',
  check: () => tcpUnreachableReason(REDIS_CONNECTION, 6379),
  hint: 'apt-get install redis-server, or set INFRA_TEST_REDIS',
};

const isCi = () => Boolean(process.env.CI) && process.env.CI !== 'false';

/**
 * The `TestDatabases` ids to run store tests on: SQLite always, PostgreSQL 15 through the running
 * server (never docker). Missing PostgreSQL skips it loudly on a developer machine and throws
 * under CI, failing the test file.
 */
export function realDatabaseIds(): Array<'SQLITE_3' | 'POSTGRES_15'> {
  process.env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';
  const missing = postgresRequirement.check();
  if (!missing) {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
      POSTGRES_CONNECTION;
    return ['SQLITE_3', 'POSTGRES_15'];
  }
  const message = `PostgreSQL: ${missing} (${postgresRequirement.hint})`;
  if (isCi()) throw new Error(`Required under CI and missing: ${message}`);
  // eslint-disable-next-line no-console
  console.warn(`\n!!! Store tests run on SQLite only. ${message}\n`);
  return ['SQLITE_3'];
}

/** The `TestCaches` ids for Redis through the running server, with the same CI rule. */
export function realCacheIds(): Array<'REDIS_7'> {
  process.env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';
  const missing = redisRequirement.check();
  if (!missing) {
    process.env.BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING =
      REDIS_CONNECTION;
    return ['REDIS_7'];
  }
  const message = `Redis: ${missing} (${redisRequirement.hint})`;
  if (isCi()) throw new Error(`Required under CI and missing: ${message}`);
  // eslint-disable-next-line no-console
  console.warn(`\n!!! Redis cache tests skipped. ${message}\n`);
  return [];
}
