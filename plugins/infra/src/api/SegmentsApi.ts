import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  SegmentInput,
  SegmentsListResponse,
  SegmentsWriteResult,
  SegmentUpdate,
} from '@infra-inventory/plugin-infra-common';

/** Options of every write. @public */
export interface SegmentWriteOptions {
  /** Plan only: the answer lists the NetBox calls that would be made, nothing changes. */
  dryRun?: boolean;
}

/** Options of a create. @public */
export interface SegmentCreateOptions extends SegmentWriteOptions {
  /**
   * Sent as `Idempotency-Key`: the backend answers a repeat of the same key with the first result
   * instead of creating again (a double click, a retry after a lost answer).
   */
  idempotencyKey?: string;
}

/**
 * The segments routes of the infra backend (`/api/infra/segments`). Every call rejects with a
 * `ResponseError`: 403 without `infra.segments.write`; a 400 for bad items carries
 * `body.items`, a list of `SegmentItemError` naming the item and the field.
 *
 * @public
 */
export interface SegmentsApi {
  /** `GET /segments?siteGroup=`: the segments, optionally of one site group (id, name or slug). */
  listSegments(options?: { siteGroup?: string }): Promise<SegmentsListResponse>;
  /** `POST /segments`: creates the segments (all or none), or plans it with `dryRun`. */
  createSegments(
    items: SegmentInput[],
    options?: SegmentCreateOptions,
  ): Promise<SegmentsWriteResult>;
  /** `PATCH /segments`: applies `changes` to segments named by id. */
  updateSegments(
    updates: SegmentUpdate[],
    options?: SegmentWriteOptions,
  ): Promise<SegmentsWriteResult>;
  /** `DELETE /segments/:vlanId`: deletes a VLAN (NetBox id) and its prefixes. */
  deleteSegment(
    vlanId: number,
    options?: SegmentWriteOptions,
  ): Promise<SegmentsWriteResult>;
}

/** @public */
export const segmentsApiRef = createApiRef<SegmentsApi>().with({
  id: 'plugin.infra.segments',
  pluginId: 'infra',
});
