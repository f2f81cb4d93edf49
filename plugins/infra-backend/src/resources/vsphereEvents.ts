import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  VSPHERE_CHANGED_TOPIC,
  VsphereChangedEvent,
} from '@infra-inventory/plugin-infra-common';
import { ResourcesService } from './ResourcesService';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** The payload of an `infra.vsphere.changed` event, or undefined when it is not one. */
export function parseVsphereChangedEvent(
  payload: unknown,
): VsphereChangedEvent | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const { vcenter, clusters, datacenters } = payload as Record<string, unknown>;
  if (typeof vcenter !== 'string' || !ID.test(vcenter)) return undefined;
  if (
    !Array.isArray(clusters) ||
    !clusters.every(c => typeof c === 'string' && ID.test(c))
  ) {
    return undefined;
  }
  return {
    vcenter,
    clusters: clusters as string[],
    ...(datacenters === true ? { datacenters: true } : {}),
  };
}

/**
 * Subscribes the resources cache to the catalog's vSphere sync (`infra.vsphere.changed`, from
 * catalog-backend-module-infra): the entries of exactly the clusters a full sync or live batch
 * changed are dropped, on every replica (the layered cache fans out through Redis pub/sub).
 */
export async function subscribeToVsphereChanges(options: {
  events: EventsService;
  service: ResourcesService;
  logger: LoggerService;
}): Promise<void> {
  const { events, service, logger } = options;
  await events.subscribe({
    id: 'infra-resources-cache',
    topics: [VSPHERE_CHANGED_TOPIC],
    async onEvent({ eventPayload }) {
      const event = parseVsphereChangedEvent(eventPayload);
      if (!event) {
        logger.warn(
          `Ignoring a malformed ${VSPHERE_CHANGED_TOPIC} event: ${JSON.stringify(
            eventPayload,
          )?.slice(0, 200)}`,
        );
        return;
      }
      try {
        const dropped = await service.vsphereChanged(event);
        logger.debug(
          `${VSPHERE_CHANGED_TOPIC} from ${event.vcenter}: dropped ${dropped.length} cache entries`,
        );
      } catch (error) {
        logger.warn(
          `Could not drop the cache entries of ${
            event.vcenter
          } after a vSphere change: ${stringifyError(error)}`,
        );
      }
    },
  });
}
