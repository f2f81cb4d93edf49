import { InfraBackendStatus } from '@infra-inventory/plugin-infra-common';
import express from 'express';
import Router from 'express-promise-router';
import { RedisLayer } from '../cache/RedisLayer';
import { InfraStore } from '../database/InfraStore';

/** Paths of the infra backend's routes, in one place. */
export const ROUTES = {
  health: '/health',
  status: '/status',
} as const;

export interface RouterOptions {
  store: InfraStore;
  redis?: RedisLayer;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, redis } = options;
  const router = Router();
  router.use(express.json());

  router.get(ROUTES.health, (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(ROUTES.status, async (_req, res) => {
    const status: InfraBackendStatus = {
      plugin: 'infra',
      database: { client: store.client, ok: await store.ping() },
      cache: { redis: redis ? redis.state : 'disabled' },
    };
    res.json(status);
  });

  return router;
}
