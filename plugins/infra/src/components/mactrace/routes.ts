import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The MAC trace page; with a route ref of its own the page gets its own nav item. @public */
export const macTraceRouteRef = createRouteRef();
