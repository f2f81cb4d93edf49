import { ConflictError, InputError } from '@backstage/errors';
import { SegmentItemError } from '@infra-inventory/plugin-infra-common';
import { NetboxValidationError } from '@infra-inventory/plugin-infra-node';

/** 400 with one entry per problem, each naming the item and the field. */
export class SegmentsValidationError extends InputError {
  constructor(readonly items: SegmentItemError[]) {
    super(
      `${items.length} problem${
        items.length === 1 ? '' : 's'
      } in the request: ${items
        .slice(0, 5)
        .map(
          e =>
            `${e.index === undefined ? '' : `item ${e.index}: `}${e.message}`,
        )
        .join('; ')}${items.length > 5 ? '; ...' : ''}`,
    );
  }
}

/** The same request id was used for a different body. */
export class IdempotencyConflictError extends ConflictError {}

/** What NetBox's field names are called in our requests. */
const FIELD_NAMES: Record<string, Record<string, string>> = {
  'ipam/vlans': { vid: 'vlan_id', name: 'epg_name', group: 'site' },
  'ipam/prefixes': { prefix: 'prefix', vrf: 'vrf', scope_id: 'site' },
  'ipam/vlan-groups': { name: 'site', slug: 'site' },
};

function requestField(endpoint: string, field: string, message: string) {
  if (field === 'non_field_errors' || field === '') {
    if (/group, vid/.test(message)) return 'vlan_id';
    if (/group, name/.test(message)) return 'epg_name';
    return endpoint === 'ipam/prefixes' ? 'prefix' : 'item';
  }
  const base = field.split('.')[0];
  if (base === 'custom_fields' || base === 'description') {
    return endpoint === 'ipam/prefixes' && base === 'custom_fields'
      ? 'dhcp'
      : base;
  }
  return FIELD_NAMES[endpoint]?.[base] ?? base;
}

/**
 * NetBox's 400 for a bulk body as per-item errors of our request: `itemOf[i]` is the request item of
 * body position `i` (and `idOf` the segment id, for updates).
 */
export function fromNetboxValidation(
  error: NetboxValidationError,
  endpoint: string,
  itemOf: number[],
  fieldPrefix = '',
  idOf?: Array<number | undefined>,
): SegmentItemError[] {
  const out: SegmentItemError[] = [];
  for (const fe of error.fieldErrors) {
    let position = fe.index;
    if (position === undefined && fe.id !== undefined && idOf) {
      position = idOf.indexOf(fe.id);
    }
    if (position === undefined && itemOf.length === 1) position = 0;
    for (const m of fe.messages) {
      const field = `${fieldPrefix}${requestField(endpoint, fe.field, m)}`;
      out.push({
        index:
          position === undefined || position < 0 ? undefined : itemOf[position],
        id: position === undefined || !idOf ? undefined : idOf[position],
        field,
        message: `${field}: NetBox says ${m}`,
      });
    }
  }
  if (out.length === 0) {
    out.push({
      field: 'item',
      message: `NetBox rejected the batch: ${error.message}`,
    });
  }
  return out;
}
