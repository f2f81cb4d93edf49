import { InfraBackendStatus } from '@infra-inventory/plugin-infra-common';
import express from 'express';
import Router from 'express-promise-router';
import { LayeredCache } from '../cache/LayeredCache';
import { InfraStore } from '../database/InfraStore';

/** Paths of the infra backend's routes, in one place. */
export const ROUTES = {
  health: '/health',
  status: '/status',
} as const;

export interface RouterOptions {
  store: InfraStore;
  cache: LayeredCache;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, cache } = options;
  const router = Router();
  router.use(express.json());

  router.get(ROUTES.health, (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(ROUTES.status, async (_req, res) => {
    const status: InfraBackendStatus = {
      plugin: 'infra',
      database: { client: store.client, ok: await store.ping() },
      cache: { redis: cache.stats().redis.state, stats: cache.stats() },
    };
    res.json(status);
  });

  return router;
}
