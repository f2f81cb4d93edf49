import { ResponseError } from '@backstage/errors';
import {
  checkCidr,
  checkCreateItem,
  checkUpdateItem,
  Segment,
  SegmentInput,
  SegmentItemError,
  SegmentUpdate,
} from '@infra-inventory/plugin-infra-common';

/** The form's fields, named as the API names them so backend errors land on the right one. */
export type SegmentField =
  | 'vlan_id'
  | 'epg_name'
  | 'site'
  | 'prefix'
  | 'vrf'
  | 'dhcp'
  | 'description';

/** What the inputs hold: text as typed, so a bad VLAN id can be shown and explained. */
export type SegmentFormValues = Record<
  Exclude<SegmentField, 'dhcp'>,
  string
> & {
  dhcp: boolean;
};

/** Messages per field; `form` holds those naming no field of the form. */
export interface FormErrors {
  fields: Partial<Record<SegmentField, string>>;
  form: string[];
}

const FIELDS: readonly string[] = [
  'vlan_id',
  'epg_name',
  'site',
  'prefix',
  'vrf',
  'dhcp',
  'description',
];

export const EMPTY_VALUES: SegmentFormValues = {
  vlan_id: '',
  epg_name: '',
  site: '',
  prefix: '',
  vrf: '',
  dhcp: false,
  description: '',
};

export const NO_ERRORS: FormErrors = { fields: {}, form: [] };

/** The values of an existing segment, for its edit form. */
export function valuesOf(segment: Segment): SegmentFormValues {
  return {
    vlan_id: String(segment.vlanId),
    epg_name: segment.epgName,
    site: segment.siteGroup?.name ?? '',
    prefix: segment.prefix,
    vrf: segment.vrf?.name ?? '',
    dhcp: segment.dhcp,
    description: segment.description,
  };
}

// digits become a number; anything else stays text so the check says what is wrong with it
function vid(text: string): unknown {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * Errors as the form shows them: `changes.vlan_id` and `vlan_id` both go under the VLAN id, and
 * the field name the backend puts in front of its messages is dropped (the label says it).
 */
export function formErrorsOf(items: SegmentItemError[]): FormErrors {
  const out: FormErrors = { fields: {}, form: [] };
  for (const item of items) {
    const field = item.field.replace(/^changes\./, '');
    const message = item.message.startsWith(item.field)
      ? item.message.slice(item.field.length).replace(/^:?\s+/, '')
      : item.message;
    if (FIELDS.includes(field)) {
      const key = field as SegmentField;
      out.fields[key] = out.fields[key]
        ? `${out.fields[key]}; ${message}`
        : message;
    } else {
      out.form.push(item.message);
    }
  }
  return out;
}

/** The create body of the form, checked with the backend's own rules. */
export function checkCreate(
  values: SegmentFormValues,
  epgPattern: RegExp,
): { input?: SegmentInput; errors: FormErrors } {
  const errors: SegmentItemError[] = [];
  const input = checkCreateItem(
    {
      site: values.site.trim(),
      vlan_id: vid(values.vlan_id),
      epg_name: values.epg_name.trim(),
      prefix: values.prefix.trim(),
      vrf: values.vrf.trim(),
      dhcp: values.dhcp,
      description: values.description,
    },
    0,
    epgPattern,
    errors,
  );
  return { input, errors: formErrorsOf(errors) };
}

/**
 * The update of the form: only what differs from the segment (a prefix written differently but
 * meaning the same network is no change). `unchanged` when there is nothing to send.
 */
export function checkUpdate(
  segment: Segment,
  values: SegmentFormValues,
  epgPattern: RegExp,
): { update?: SegmentUpdate; unchanged?: boolean; errors: FormErrors } {
  const changes: Record<string, unknown> = {};
  const vlanId = vid(values.vlan_id);
  if (vlanId !== segment.vlanId) changes.vlan_id = vlanId;
  const epgName = values.epg_name.trim();
  if (epgName !== segment.epgName) changes.epg_name = epgName;
  const prefix = values.prefix.trim();
  const cidr = checkCidr(prefix);
  if (!cidr.ok || cidr.text !== segment.prefix) changes.prefix = prefix;
  if (values.dhcp !== segment.dhcp) changes.dhcp = values.dhcp;
  if (values.description !== segment.description) {
    changes.description = values.description;
  }
  if (Object.keys(changes).length === 0) {
    return { unchanged: true, errors: NO_ERRORS };
  }
  const errors: SegmentItemError[] = [];
  const update = checkUpdateItem(
    { id: segment.id, changes },
    0,
    epgPattern,
    errors,
  );
  return { update, errors: formErrorsOf(errors) };
}

/** The per-item errors of a 400 from the segments API, if the error is one. */
export function itemErrorsOf(error: unknown): SegmentItemError[] | undefined {
  if (!ResponseError.is(error) || error.statusCode !== 400) return undefined;
  const items = (error.body as { items?: unknown }).items;
  return Array.isArray(items) && items.length > 0
    ? (items as SegmentItemError[])
    : undefined;
}
