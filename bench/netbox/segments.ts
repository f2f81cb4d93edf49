import { ConfigReader } from '@backstage/config';
import { NetboxEmulator } from '@internal/infra-test-utils';
import { NetboxClient } from '@infra-inventory/plugin-infra-node';
import express from 'express';
import { readSegmentsConfig } from '../../plugins/infra-backend/src/segments/config';
import { createSegmentsRouter } from '../../plugins/infra-backend/src/segments/router';
import { SegmentsService } from '../../plugins/infra-backend/src/segments/SegmentsService';
import {
  allowAllHttpAuth,
  allowAllPermissions,
  listen,
} from '../resources/services';

/** The segments test's settings: the emulator has no prefix custom fields. */
export const segmentsConfig = readSegmentsConfig(
  new ConfigReader({
    infra: {
      segments: {
        tenant: 'initech',
        role: 'access-data',
        dhcp: { storage: 'descriptionTag' },
      },
    },
  }),
);

/**
 * A segments API as `segments.test.ts` sets it up (client with six read slots, so the five
 * reference reads go out at once), served on its own listening server.
 */
export async function startSegmentsApi(emulator: NetboxEmulator) {
  const netbox = new NetboxClient({
    baseUrl: emulator.url,
    token: emulator.token,
    retry: { maxAttempts: 1 },
    concurrency: { reads: 6 },
  });
  const service = new SegmentsService(netbox, segmentsConfig);
  const app = express().use(
    createSegmentsRouter({
      netbox,
      config: segmentsConfig,
      service,
      permissions: allowAllPermissions(),
      httpAuth: allowAllHttpAuth(),
    }),
  );
  const server = await listen(app);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) {
      throw new Error(
        `${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(
          0,
          500,
        )}`,
      );
    }
    return json;
  };
  return { service, call, close: () => server.close() };
}

/** `n` segments in the test's shape: site group Customer Sites, VLAN ids from `from`. */
export const segmentBatch = (from: number, n: number, vrf = 'Bravo') =>
  Array.from({ length: n }, (_, i) => ({
    site: 'customer-sites',
    vlan_id: from + i,
    epg_name: `EPG-${from + i}`,
    prefix: `10.${from % 250}.${i}.0/24`,
    vrf,
  }));
