import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The plugin's page: sync status (and, as they land, MAC trace). @public */
export const rootRouteRef = createRouteRef();
