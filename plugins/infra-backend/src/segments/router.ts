import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { infraSegmentsWritePermission } from '@infra-inventory/plugin-infra-common';
import { NetboxClient } from '@infra-inventory/plugin-infra-node';
import express from 'express';
import Router from 'express-promise-router';
import { SegmentsConfig } from './config';
import { SegmentsValidationError } from './errors';
import { SegmentsService } from './SegmentsService';

/** Paths of the segments routes (under the plugin's `/api/infra`). */
export const SEGMENT_ROUTES = {
  segments: '/segments',
  segment: '/segments/:vlanId',
} as const;

export interface SegmentsRouterDeps {
  /** Defaults to a client for `config.netbox`. */
  netbox?: NetboxClient;
  config: SegmentsConfig;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
  logger?: LoggerService;
  /** Share one service (and its caches) with other routers or tests. */
  service?: SegmentsService;
}

function flag(value: unknown): boolean {
  return value === 'true' || value === '1' || value === true;
}

/** `POST /segments` bodies: a segment, a list, or `{requestId?, dryRun?, items}`. */
function createBody(body: unknown): {
  items: unknown[];
  requestId?: string;
  dryRun?: boolean;
} {
  if (Array.isArray(body)) return { items: body };
  if (body && typeof body === 'object') {
    const { requestId, dryRun, items, ...rest } = body as Record<
      string,
      unknown
    >;
    if (requestId !== undefined && typeof requestId !== 'string') {
      throw new InputError('requestId must be a string');
    }
    const list = items === undefined ? [rest] : items;
    if (!Array.isArray(list)) throw new InputError('items must be a list');
    return {
      items: list,
      requestId: requestId as string | undefined,
      dryRun: dryRun === undefined ? undefined : flag(dryRun),
    };
  }
  throw new InputError(
    'The body must be a segment, a list of segments, or {items: [...]}',
  );
}

function createService(deps: SegmentsRouterDeps): SegmentsService {
  let netbox = deps.netbox;
  if (!netbox) {
    if (!deps.config.netbox) {
      throw new InputError(
        'The segments API needs a NetBox: configure infra.segments.netbox or catalog.providers.netbox',
      );
    }
    netbox = new NetboxClient({
      ...deps.config.netbox,
      logger: deps.logger,
      // the five reference reads of a cold create go out at once
      concurrency: { reads: 5, writes: 2 },
    });
  }
  return new SegmentsService(netbox, deps.config, deps.logger);
}

/**
 * `GET /segments?siteGroup=`, `POST /segments` (`?dryRun=true`, `Idempotency-Key` header or body
 * `requestId`), `PATCH /segments` (`[{id, changes}]`), `DELETE /segments/:vlanId`. Writes need
 * `infra.segments.write`.
 */
export function createSegmentsRouter(deps: SegmentsRouterDeps): express.Router {
  const { permissions, httpAuth } = deps;
  const service = deps.service ?? createService(deps);
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  async function authorizeWrite(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: infraSegmentsWritePermission }],
      { credentials },
    );
    // compared as a string: AuthorizeResult's package is not a dependency of this plugin
    if (String(decision.result) !== 'ALLOW') {
      throw new NotAllowedError(
        'Changing segments needs the infra.segments.write permission',
      );
    }
  }

  router.get(SEGMENT_ROUTES.segments, async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const siteGroup =
      typeof req.query.siteGroup === 'string' ? req.query.siteGroup : undefined;
    const segments = await service.list({ siteGroup });
    res.json({ segments });
  });

  router.post(SEGMENT_ROUTES.segments, async (req, res) => {
    await authorizeWrite(req);
    const parsed = createBody(req.body);
    const header = req.header('idempotency-key');
    const requestId = header || parsed.requestId;
    const dryRun = flag(req.query.dryRun) || Boolean(parsed.dryRun);
    const result = await service.create(parsed.items, { dryRun, requestId });
    res.status(dryRun || result.replayed ? 200 : 201).json(result);
  });

  router.patch(SEGMENT_ROUTES.segments, async (req, res) => {
    await authorizeWrite(req);
    const body = req.body;
    const items = Array.isArray(body) ? body : body?.items;
    if (!Array.isArray(items)) {
      throw new InputError('The body must be a list of {id, changes}');
    }
    const dryRun = flag(req.query.dryRun) || flag(body?.dryRun);
    res.json(await service.update(items, { dryRun }));
  });

  router.delete(SEGMENT_ROUTES.segment, async (req, res) => {
    await authorizeWrite(req);
    const id = Number(req.params.vlanId);
    if (!Number.isInteger(id) || id < 1) {
      throw new InputError('vlanId must be the NetBox id of the VLAN');
    }
    res.json(await service.delete(id, { dryRun: flag(req.query.dryRun) }));
  });

  // per-item errors as data; everything else goes to Backstage's error handler
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof SegmentsValidationError) {
        res.status(400).json({
          error: { name: error.name, message: error.message },
          items: error.items,
        });
        return;
      }
      next(error);
    },
  );
  return router;
}
