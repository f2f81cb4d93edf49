import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import StorageIcon from '@material-ui/icons/Storage';
import { InfraClient, infraApiRef } from './api';
import { vsphereEntityCards } from './components/vsphere';
import { rootRouteRef } from './routes';

const infraApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: infraApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new InfraClient(deps),
    }),
});

const infraPage = PageBlueprint.make({
  params: {
    path: '/infra',
    title: 'Infrastructure',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/StatusPage').then(m => <m.StatusPage />),
  },
});

/**
 * Infra Inventory's frontend: entity cards for vSphere resources (cluster, host, datastore, VM and
 * template), the sync status page and, as they land, NetBox pages and MAC trace.
 *
 * @public
 */
export const infraPlugin = createFrontendPlugin({
  pluginId: 'infra',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [infraApi, infraPage, ...vsphereEntityCards],
});
