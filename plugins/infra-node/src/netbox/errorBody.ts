import { NetboxFieldError } from './errors';

/** What a NetBox error body says, in the forms NetBox (DRF) sends them. */
export interface ParsedErrorBody {
  /** `detail` of `{"detail": ...}` bodies. */
  detail?: string;
  fieldErrors: NetboxFieldError[];
}

const MAX_MESSAGES_IN_TEXT = 8;

interface ItemErrors {
  index?: number;
  id?: number;
  errors: unknown;
}

function isItemErrors(value: unknown): value is ItemErrors {
  return (
    Boolean(value) && typeof value === 'object' && 'errors' in (value as object)
  );
}

function asMessages(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
    return value as string[];
  }
  return undefined;
}

// Nested serializers report errors as nested objects ({"group": {"id": [...]}}) or lists aligned to
// list fields ({"tags": [{}, {"name": [...]}]}); flatten them to dotted names a person can act on.
function flatten(
  value: unknown,
  field: string,
  index: number | undefined,
  out: NetboxFieldError[],
): void {
  const messages = asMessages(value);
  if (messages) {
    if (messages.length > 0) out.push({ index, field, messages });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, `${field}[${i}]`, index, out));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      flatten(inner, field ? `${field}.${key}` : key, index, out);
    }
    return;
  }
  if (value !== undefined && value !== null) {
    out.push({ index, field, messages: [String(value)] });
  }
}

/**
 * Reads `{"field": ["msg"]}`, `{"detail": "..."}` and the bulk form: a list aligned to the request's
 * items, `{}` for the items that were fine.
 */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  const fieldErrors: NetboxFieldError[] = [];
  if (Array.isArray(body)) {
    body.forEach((item, index) => {
      if (typeof item === 'string') {
        fieldErrors.push({
          index,
          field: 'non_field_errors',
          messages: [item],
        });
      } else {
        flatten(item, '', index, fieldErrors);
      }
    });
    return { fieldErrors };
  }
  if (body && typeof body === 'object') {
    const { detail, ...rest } = body as Record<string, unknown>;
    // NetBox after 4.6 collects bulk failures: {"detail": "1 of 3 objects failed validation.",
    // "errors": [{"index": 1, "errors": {...}}]} (creates) or [{"id": 7, "errors": {...}}] (updates)
    if (Array.isArray(rest.errors) && rest.errors.every(isItemErrors)) {
      for (const item of rest.errors as ItemErrors[]) {
        const before = fieldErrors.length;
        flatten(item.errors, '', item.index, fieldErrors);
        if (item.id !== undefined) {
          for (const e of fieldErrors.slice(before)) e.id = item.id;
        }
      }
      delete rest.errors;
    }
    flatten(rest, '', undefined, fieldErrors);
    return {
      detail: detail === undefined ? undefined : String(detail),
      fieldErrors,
    };
  }
  if (typeof body === 'string' && body.trim()) {
    return { detail: body.trim(), fieldErrors };
  }
  return { fieldErrors };
}

/** `item 2: vid: Ensure this value is less than or equal to 4094.; name: This field is required.` */
export function describeFieldErrors(errors: NetboxFieldError[]): string {
  const parts = errors.slice(0, MAX_MESSAGES_IN_TEXT).map(e => {
    let where = '';
    if (e.index !== undefined) where = `item ${e.index}: `;
    else if (e.id !== undefined) where = `object ${e.id}: `;
    return `${where}${e.field}: ${e.messages.join(' ')}`;
  });
  if (errors.length > MAX_MESSAGES_IN_TEXT) {
    parts.push(`and ${errors.length - MAX_MESSAGES_IN_TEXT} more`);
  }
  return parts.join('; ');
}
