import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import SettingsEthernetIcon from '@material-ui/icons/SettingsEthernet';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import StorageIcon from '@material-ui/icons/Storage';
import { InfraClient, infraApiRef } from './api';
import { macTraceApiRef } from './api/InfraApi';
import { segmentsApiRef } from './api/SegmentsApi';
import { SegmentsClient } from './api/SegmentsClient';
import {
  vsphereClusterPagePrefetch,
  vsphereEntityCards,
} from './components/vsphere';
import { netboxEntityCards } from './components/netbox';
import { macTraceRouteRef } from './components/mactrace/routes';
import { segmentsRouteRef } from './components/segments/routes';
import { rootRouteRef } from './routes';

const infraApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: infraApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new InfraClient(deps),
    }),
});

/** The MAC trace routes, served by the same client under their own ref. */
const macTraceApi = ApiBlueprint.make({
  name: 'mactrace',
  params: defineParams =>
    defineParams({
      api: macTraceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new InfraClient(deps),
    }),
});

const segmentsApi = ApiBlueprint.make({
  name: 'segments',
  params: defineParams =>
    defineParams({
      api: segmentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SegmentsClient(deps),
    }),
});

const segmentsPage = PageBlueprint.make({
  name: 'segments',
  params: {
    path: '/infra/segments',
    title: 'Segments',
    icon: <AccountTreeIcon />,
    routeRef: segmentsRouteRef,
    loader: () => import('./components/segments').then(m => <m.SegmentsPage />),
  },
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

const macTracePage = PageBlueprint.make({
  name: 'mactrace',
  params: {
    path: '/infra/mactrace',
    title: 'MAC trace',
    icon: <SettingsEthernetIcon />,
    routeRef: macTraceRouteRef,
    loader: () => import('./components/mactrace').then(m => <m.MacTracePage />),
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
  routes: {
    root: rootRouteRef,
    macTrace: macTraceRouteRef,
    segments: segmentsRouteRef,
  },
  extensions: [
    infraApi,
    macTraceApi,
    segmentsApi,
    infraPage,
    macTracePage,
    segmentsPage,
    vsphereClusterPagePrefetch,
    ...vsphereEntityCards,
    ...netboxEntityCards,
  ],
});
