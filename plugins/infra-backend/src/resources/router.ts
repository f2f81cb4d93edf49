import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { infraAdminPermission } from '@infra-inventory/plugin-infra-common';
import express from 'express';
import Router from 'express-promise-router';
import { jsonChunks } from '../cache/frozenJson';
import { canGzipAnswers, gzipChunks } from '../cache/gzipAnswer';
import { LayeredCache } from '../cache/LayeredCache';
import { ResourcesConfig } from './config';
import { ResourcesService } from './ResourcesService';
import { VcenterClients, VimClientFactory } from './VcenterClients';

/** Paths of the resources API, relative to the plugin's base URL (`/api/infra`). */
export const RESOURCES_ROUTES = {
  datacenters: '/resources/:vcenter/datacenters',
  clusters: '/resources/:vcenter/datacenters/:dc/clusters',
  cluster: '/resources/:vcenter/clusters/:cluster',
  alarms: '/resources/:vcenter/clusters/:cluster/alarms',
  usage: '/resources/:vcenter/clusters/:cluster/usage',
  invalidate: '/resources/:vcenter/invalidate',
} as const;

export interface ResourcesRouterDeps {
  /** From {@link readResourcesConfig}. */
  settings: ResourcesConfig;
  cache: LayeredCache;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** How a vCenter's client is opened; the default logs in with VimClient.connect. */
  connect?: VimClientFactory;
}

export interface ResourcesRouter {
  router: express.Router;
  service: ResourcesService;
  /** Waits for background template reads and logs the vCenter clients out. */
  close(): Promise<void>;
}

// managed object ids (`domain-c7`) and config keys: nothing that needs escaping
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
function id(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    throw new InputError(`Invalid ${what} id`);
  }
  return value;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** Smaller answers go as they are, as Backstage's compression middleware would leave them. */
const GZIP_MIN_BYTES = 1024;

/**
 * Sends the body `res.json` would, byte for byte (this router sets no JSON replacer or spacing),
 * writing the kept bytes of the cached lists in `body` as they are: a warm answer serialises only
 * its freshness fields, and allocates no copy of the lists per request. No ETag: every answer
 * carries its age in milliseconds, so one never matches, and hashing the body cost each answer.
 *
 * To a client that takes gzip (every browser) the answer goes gzip-encoded with the kept lists
 * compressed once ({@link gzipChunks}); the root router's compression middleware leaves an
 * encoded answer alone, so warm answers are not compressed again on every request.
 */
function sendJson(res: express.Response, body: unknown): void {
  const json = jsonChunks(body);
  const gzip =
    canGzipAnswers &&
    json.length >= GZIP_MIN_BYTES &&
    res.req.acceptsEncodings('gzip', 'identity') === 'gzip';
  const { chunks, length } = gzip ? gzipChunks(json) : json;
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', length);
  res.vary('Accept-Encoding');
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  // a HEAD answer has the headers only (a server may be set to refuse body writes to it)
  if (res.req.method !== 'HEAD') {
    // the response corks the socket for the rest of the tick: the pieces leave in one write
    for (const chunk of chunks) res.write(chunk);
  }
  res.end();
}

/**
 * The hierarchical read API of the configured vCenters, every section served from the cache:
 * `GET /resources/:vcenter/datacenters`, `GET /resources/:vcenter/datacenters/:dc/clusters`,
 * `GET /resources/:vcenter/clusters/:cluster`, `GET /resources/:vcenter/clusters/:cluster/alarms`, `GET /resources/:vcenter/clusters/:cluster/usage` (both from one short-lived read), and `POST /resources/:vcenter/invalidate` (body
 * `{ cluster? }`, needs `infra.admin`).
 */
export function createResourcesRouter(
  deps: ResourcesRouterDeps,
): ResourcesRouter {
  const { httpAuth, permissions } = deps;
  const clients = new VcenterClients(
    deps.logger.child({ component: 'resources' }),
    deps.connect,
  );
  const service = new ResourcesService(
    deps.settings,
    deps.cache,
    clients,
    deps.logger.child({ component: 'resources' }),
  );
  const router = Router();
  // only the invalidation has a body: the reads do not pay for a JSON parser's checks
  const jsonBody = express.json();

  const reader = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get(RESOURCES_ROUTES.datacenters, async (req, res) => {
    await reader(req);
    sendJson(res, await service.datacenters(id(req.params.vcenter, 'vCenter')));
  });

  router.get(RESOURCES_ROUTES.clusters, async (req, res) => {
    await reader(req);
    sendJson(
      res,
      await service.clusters(
        id(req.params.vcenter, 'vCenter'),
        id(req.params.dc, 'datacenter'),
      ),
    );
  });

  router.get(RESOURCES_ROUTES.cluster, async (req, res) => {
    await reader(req);
    sendJson(
      res,
      await service.clusterResources(
        id(req.params.vcenter, 'vCenter'),
        id(req.params.cluster, 'cluster'),
      ),
    );
  });

  router.get(RESOURCES_ROUTES.alarms, async (req, res) => {
    await reader(req);
    sendJson(
      res,
      await service.clusterAlarms(
        id(req.params.vcenter, 'vCenter'),
        id(req.params.cluster, 'cluster'),
      ),
    );
  });

  router.get(RESOURCES_ROUTES.usage, async (req, res) => {
    await reader(req);
    sendJson(
      res,
      await service.clusterUsage(
        id(req.params.vcenter, 'vCenter'),
        id(req.params.cluster, 'cluster'),
      ),
    );
  });

  router.post(RESOURCES_ROUTES.invalidate, jsonBody, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: infraAdminPermission }],
      { credentials },
    );
    // AuthorizeResult.ALLOW; the enum's package is not a dependency of this plugin
    if (String(decision.result) !== 'ALLOW') {
      throw new NotAllowedError(
        'Invalidating cached resources needs the infra.admin permission',
      );
    }
    const cluster = (req.body ?? {}).cluster;
    const invalidated = await service.invalidate(
      id(req.params.vcenter, 'vCenter'),
      cluster === undefined ? undefined : id(cluster, 'cluster'),
    );
    res.json({ invalidated });
  });

  return { router, service, close: () => service.close() };
}
