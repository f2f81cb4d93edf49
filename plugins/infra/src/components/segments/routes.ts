import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The segments page; its own route ref gives it its own nav item. @public */
export const segmentsRouteRef = createRouteRef();
