import {
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  infraAdminPermission,
  SyncStatusResponse,
} from '@infra-inventory/plugin-infra-common';
import express from 'express';
import Router from 'express-promise-router';
import { SyncStore } from './SyncStore';
import { SyncSources } from './SyncSources';

/** Paths under the catalog plugin (`/api/catalog`), in one place. */
export const SYNC_ROUTES = {
  status: '/infra/sync-status',
  trigger: '/infra/sync-status/:kind/:id/run',
} as const;

export function createSyncStatusRouter(options: {
  runs: SyncStore;
  sources: SyncSources;
  scheduler: SchedulerService;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { runs, sources, scheduler, permissions, httpAuth } = options;
  const router = Router();

  router.get(SYNC_ROUTES.status, async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const body: SyncStatusResponse = {
      sources: await Promise.all(
        sources.list().map(async s => ({
          kind: s.kind,
          id: s.id,
          url: s.url,
          ...s.state,
          runs: await runs.recent(s.kind, s.id, 10),
        })),
      ),
    };
    res.json(body);
  });

  router.post(SYNC_ROUTES.trigger, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: infraAdminPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Starting a sync needs the infra.admin permission',
      );
    }
    const source = sources.get(req.params.kind, req.params.id);
    if (!source) {
      throw new NotFoundError(
        `No ${req.params.kind} source '${req.params.id}' is configured`,
      );
    }
    await scheduler.triggerTask(source.taskId);
    res.status(202).json({ triggered: source.taskId });
  });

  return router;
}
