import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import StorageIcon from '@material-ui/icons/Storage';
import { InfraClient, infraApiRef } from './api';
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
 * Infra Inventory's frontend: entity pages for vSphere and NetBox resources, the sync status page
 * and MAC trace.
 *
 * @public
 */
export const infraPlugin = createFrontendPlugin({
  pluginId: 'infra',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [infraApi, infraPage],
});
