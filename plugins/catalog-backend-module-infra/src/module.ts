import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { createSyncStatusRouter, SYNC_ROUTES } from './sync/router';
import { SyncStore } from './sync/SyncStore';
import { SyncSources } from './sync/SyncSources';
import {
  NetboxEntityProvider,
  netboxTaskId,
  readNetboxProviderConfigs,
} from './netbox';
import { readVsphereProviderConfigs } from './vsphere/config';
import { LinkIndex, readLinkConfigs } from './links';
import { LiveLeaseStore } from './vsphere/live/LeaseStore';
import { VsphereChangePublisher } from './vsphere/events';
import { registerVsphereLiveMetrics } from './vsphere/live/liveMetrics';
import {
  VsphereEntityProvider,
  vsphereTaskId,
} from './vsphere/VsphereEntityProvider';

/** Runs still marked running after this long were left by a backend that died. */
const ABANDONED_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * Registers the Infra Inventory entity providers with the catalog: one per configured vCenter
 * (`catalog.providers.vsphere`), and the sync status routes under `/api/catalog/infra`.
 *
 * @public
 */
export const catalogModuleInfra = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'infra',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        metrics: metricsServiceRef,
        catalog: catalogProcessingExtensionPoint,
        events: eventsServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        permissions,
        httpAuth,
        httpRouter,
        lifecycle,
        metrics,
        catalog,
        events,
      }) {
        // both read before anything else, so a config error fails startup at once
        const vcenters = readVsphereProviderConfigs(config);
        const netboxes = readNetboxProviderConfigs(config);
        // vSphere ↔ NetBox links, joined in memory from lists both providers already read
        const links = new LinkIndex(
          readLinkConfigs(
            config,
            netboxes.map(n => n.id),
          ),
        );
        const store = await SyncStore.create({ database });
        // one live loop per vCenter across replicas, through a lease in the database
        const leases = await LiveLeaseStore.create({ database });
        await store.failStale(Date.now() - ABANDONED_AFTER_MS);
        const sources = new SyncSources();
        const vsphereProviders: VsphereEntityProvider[] = [];

        for (const vc of vcenters) {
          sources.register({
            kind: 'vsphere',
            id: vc.id,
            url: vc.url,
            taskId: vsphereTaskId(vc.id),
          });
          const provider = new VsphereEntityProvider(vc, {
            logger,
            // created here and run in connect(): scheduling in init raced connect()
            taskRunner: scheduler.createScheduledTaskRunner(vc.schedule),
            store,
            sources,
            live: { config: vc.live, leases },
            links,
            // which clusters changed, for the resources API's cache (infra.vsphere.changed)
            onApplied: new VsphereChangePublisher({
              events,
              vcenterId: vc.id,
              logger,
            }).hook,
          });
          catalog.addEntityProvider(provider);
          vsphereProviders.push(provider);
          lifecycle.addShutdownHook(() => provider.close());
        }
        // the status API's live figures, as metrics
        lifecycle.addShutdownHook(
          registerVsphereLiveMetrics(metrics, {
            sources,
            vcenters: () =>
              vsphereProviders.map((p, i) => ({
                id: vcenters[i].id,
                loop: p.live,
              })),
          }),
        );

        for (const nb of netboxes) {
          sources.register({
            kind: 'netbox',
            id: nb.id,
            url: nb.url,
            taskId: netboxTaskId(nb.id),
          });
          catalog.addEntityProvider(
            new NetboxEntityProvider(nb, {
              logger,
              taskRunner: scheduler.createScheduledTaskRunner(nb.schedule),
              incrementalTaskRunner: nb.incremental
                ? scheduler.createScheduledTaskRunner(nb.incremental)
                : undefined,
              store,
              sources,
              links,
            }),
          );
        }

        httpRouter.use(
          createSyncStatusRouter({
            runs: store,
            sources,
            scheduler,
            permissions,
            httpAuth,
          }),
        );
        logger.info(
          `Infra sources: vCenters ${
            vcenters.map(v => v.id).join(', ') || 'none'
          } (catalog.providers.vsphere), NetBox ${
            netboxes.map(n => n.id).join(', ') || 'none'
          } (catalog.providers.netbox); status at ${SYNC_ROUTES.status}`,
        );
      },
    });
  },
});
