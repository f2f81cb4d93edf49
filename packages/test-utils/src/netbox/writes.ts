import { formatCidr, parseCidr } from './cidr';
import { detail, HttpError } from './httpError';
import { Ctx, FieldErrors, FieldSpec, Json, ModelDef } from './model';
import { Row } from './state';

type Input = Record<string, unknown>;

/** Python's repr of a small dict, as NetBox quotes lookup attributes in its messages. */
function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `'${k}': ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function pyTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

function isObject(value: unknown): value is Input {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

const TRUE = new Set([
  true,
  'true',
  'True',
  'TRUE',
  '1',
  1,
  'yes',
  'on',
  'y',
  't',
]);
const FALSE = new Set([
  false,
  'false',
  'False',
  'FALSE',
  '0',
  0,
  'no',
  'off',
  'n',
  'f',
]);

function resolveFk(
  spec: { to: string },
  value: unknown,
  ctx: Ctx,
): number | string {
  let id: unknown = value;
  if (typeof value === 'string' && /^\d+$/.test(value)) id = Number(value);
  if (isObject(value)) {
    if (Object.keys(value).length === 1 && 'id' in value) {
      id = value.id;
    } else {
      const matches = ctx.state
        .rows(spec.to)
        .filter(r => Object.entries(value).every(([k, v]) => r[k] === v));
      if (matches.length === 1) return matches[0].id;
      return matches.length === 0
        ? `Related object not found using the provided attributes: ${pyRepr(
            value,
          )}`
        : `Multiple objects match the provided attributes: ${pyRepr(value)}`;
    }
  }
  if (typeof id === 'number' && Number.isInteger(id)) {
    return ctx.state.get(spec.to, id)
      ? id
      : `Related object not found using the provided numeric ID: ${id}`;
  }
  return `Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: ${String(
    value,
  )}`;
}

/** One field's input converted to what is stored, or the message DRF would give. */
function convert(
  model: ModelDef,
  name: string,
  spec: FieldSpec,
  value: unknown,
  required: boolean,
  existing: Row | undefined,
  ctx: Ctx,
): { value: unknown } | { error: string } {
  if (value === null) {
    const nullable = 'nullable' in spec && spec.nullable;
    return nullable
      ? { value: null }
      : { error: 'This field may not be null.' };
  }
  switch (spec.kind) {
    case 'int': {
      const text =
        typeof value === 'boolean'
          ? 'x'
          : String(value).trim().replace(/\.0*$/, '');
      if (
        !/^-?\d+$/.test(text) ||
        (typeof value !== 'number' && typeof value !== 'string')
      ) {
        return { error: 'A valid integer is required.' };
      }
      const n = Number(text);
      if (spec.min !== undefined && n < spec.min) {
        return {
          error: `Ensure this value is greater than or equal to ${spec.min}.`,
        };
      }
      if (spec.max !== undefined && n > spec.max) {
        return {
          error: `Ensure this value is less than or equal to ${spec.max}.`,
        };
      }
      return { value: n };
    }
    case 'decimal': {
      const n =
        typeof value === 'number' || typeof value === 'string'
          ? Number(value)
          : NaN;
      return Number.isFinite(n) && value !== ''
        ? { value: n }
        : { error: 'A valid number is required.' };
    }
    case 'string': {
      if (typeof value !== 'string' && typeof value !== 'number') {
        return { error: 'Not a valid string.' };
      }
      const s = String(value).trim();
      if (s === '' && required)
        return { error: 'This field may not be blank.' };
      if (spec.max !== undefined && s.length > spec.max) {
        return {
          error: `Ensure this field has no more than ${spec.max} characters.`,
        };
      }
      if (spec.slug && !/^[-a-zA-Z0-9_]+$/.test(s)) {
        return {
          error:
            'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
        };
      }
      return { value: s };
    }
    case 'bool':
      if (TRUE.has(value as never)) return { value: true };
      if (FALSE.has(value as never)) return { value: false };
      return { error: 'Must be a valid boolean.' };
    case 'choice':
      if (value === '' && spec.nullable) return { value: null };
      return typeof value === 'string' && value in spec.choices
        ? { value }
        : { error: `"${String(value)}" is not a valid choice.` };
    case 'fk': {
      const id = resolveFk(spec, value, ctx);
      return typeof id === 'number' ? { value: id } : { error: id };
    }
    case 'cidr': {
      const c = typeof value === 'string' ? parseCidr(value) : undefined;
      return c
        ? { value: formatCidr(c) }
        : { error: `Invalid IP prefix format: ${String(value)}` };
    }
    case 'contentType':
      if (typeof value !== 'string' || !/^\w+\.\w+$/.test(value)) {
        return {
          error:
            "Invalid value. Specify a content type as '<app_label>.<model_name>'.",
        };
      }
      return spec.allowed.includes(value)
        ? { value }
        : { error: `Object type ${value} not found` };
    case 'ranges': {
      const ok =
        Array.isArray(value) &&
        value.every(
          r =>
            Array.isArray(r) &&
            r.length === 2 &&
            r.every(n => Number.isInteger(n)),
        );
      return ok
        ? { value: (value as number[][]).map(([lo, hi]) => [lo, hi]) }
        : { error: 'Ranges must be specified in the form (lower, upper).' };
    }
    case 'customFields': {
      if (!isObject(value)) return { error: 'Expected a dictionary of items.' };
      const unknown = Object.keys(value).filter(
        k => !(model.customFields ?? []).includes(k),
      );
      if (unknown.length > 0) {
        return {
          error: `Custom field '${unknown[0]}' does not exist for this object type.`,
        };
      }
      // NetBox merges a partial custom_fields object into the stored data
      return {
        value: { ...((existing?.custom_fields as Input) ?? {}), ...value },
      };
    }
    case 'emptyList':
      if (!Array.isArray(value))
        return {
          error: `Expected a list of items but got type "${pyTypeName(
            value,
          )}".`,
        };
      return value.length === 0
        ? { value: undefined }
        : {
            error: `The NetBox emulator does not model ${name}; only [] is accepted.`,
          };
    case 'ignored':
    default:
      return { value: undefined };
  }
}

/** A body item checked and merged with the stored row (or defaults), not yet saved. */
export interface Candidate {
  row: Row;
  changed: string[];
}

/**
 * DRF's order: field errors first; only a clean set of fields reaches the unique validators, and only
 * then the model's clean().
 */
export function validate(
  model: ModelDef,
  input: unknown,
  existing: Row | undefined,
  partial: boolean,
  ctx: Ctx,
  batch: Row[] = [],
): { candidate?: Candidate; errors?: FieldErrors } {
  if (!isObject(input)) {
    return {
      errors: {
        non_field_errors: [
          `Invalid data. Expected a dictionary, but got ${pyTypeName(input)}.`,
        ],
      },
    };
  }
  const errors: FieldErrors = {};
  const values: Input = {};
  for (const [name, spec] of Object.entries(model.fields)) {
    const required = model.required.includes(name);
    if (!(name in input)) {
      if (required && !partial) errors[name] = ['This field is required.'];
      continue;
    }
    const result = convert(
      model,
      name,
      spec,
      input[name],
      required,
      existing,
      ctx,
    );
    if ('error' in result) errors[name] = [result.error];
    else if (result.value !== undefined) values[name] = result.value;
  }
  if (Object.keys(errors).length > 0) return { errors };

  const row: Row = {
    ...(existing
      ? structuredClone(existing)
      : { ...(model.defaults?.() ?? {}), id: 0 }),
    ...values,
  } as Row;
  const others = [...ctx.state.rows(model.endpoint), ...batch].filter(
    r => !existing || r.id !== existing.id,
  );

  for (const fields of model.uniqueTogether ?? []) {
    const wanted = fields.map(f => row[f]);
    if (wanted.some(v => v === null || v === undefined)) continue;
    if (others.some(o => fields.every((f, i) => o[f] === wanted[i]))) {
      return {
        errors: {
          non_field_errors: [
            `The fields ${fields.join(', ')} must make a unique set.`,
          ],
        },
      };
    }
  }
  for (const { field, label } of model.unique ?? []) {
    const v = row[field];
    if (v === null || v === undefined || v === '') continue;
    if (others.some(o => o[field] === v)) {
      errors[field] = [
        `${model.verboseName} with this ${label} already exists.`,
      ];
    }
  }
  if (Object.keys(errors).length > 0) return { errors };

  const cleaned = model.clean?.(row, ctx);
  if (typeof cleaned === 'string')
    return { errors: { non_field_errors: [cleaned] } };
  if (cleaned) return { errors: cleaned };
  return { candidate: { row, changed: Object.keys(values) } };
}

function save(
  model: ModelDef,
  candidate: Candidate,
  existing: Row | undefined,
  ctx: Ctx,
): Row {
  if (existing) {
    const before = structuredClone(existing);
    const changes = Object.fromEntries(
      candidate.changed.map(k => [k, candidate.row[k]]),
    );
    const row = ctx.state.update(model.endpoint, existing.id, changes);
    model.afterSave?.(row, before, ctx);
    return row;
  }
  const {
    id: _ignored,
    created: _c,
    last_updated: _u,
    ...values
  } = candidate.row;
  const row = ctx.state.insert(model.endpoint, values);
  model.afterSave?.(row, undefined, ctx);
  return row;
}

export function createOne(model: ModelDef, input: unknown, ctx: Ctx): Row {
  const { candidate, errors } = validate(model, input, undefined, false, ctx);
  if (errors) throw new HttpError(400, errors as Json);
  return save(model, candidate!, undefined, ctx);
}

/** A list body: all items are validated first, then all saved, or nothing is (400 aligned to items). */
export function createMany(
  model: ModelDef,
  inputs: unknown[],
  ctx: Ctx,
): Row[] {
  const batch: Row[] = [];
  const candidates: Candidate[] = [];
  const errors: FieldErrors[] = [];
  let failed = false;
  inputs.forEach((input, i) => {
    const result = validate(model, input, undefined, false, ctx, batch);
    errors.push(result.errors ?? {});
    if (result.errors) {
      failed = true;
      return;
    }
    candidates.push(result.candidate!);
    // a stand-in id so unique checks see earlier items of the same request
    batch.push({ ...result.candidate!.row, id: -1 - i });
  });
  if (failed) throw new HttpError(400, errors as Json);
  return candidates.map(c => save(model, c, undefined, ctx));
}

export function updateOne(
  model: ModelDef,
  existing: Row,
  input: unknown,
  partial: boolean,
  ctx: Ctx,
): Row {
  const { candidate, errors } = validate(model, input, existing, partial, ctx);
  if (errors) throw new HttpError(400, errors as Json);
  return save(model, candidate!, existing, ctx);
}

/** `[{"id": 1}, ...]` bodies: errors of BulkOperationSerializer, aligned to the items. */
function requireIds(inputs: unknown[]): number[] {
  const errors = inputs.map(item => {
    if (!isObject(item)) {
      return {
        non_field_errors: [
          `Invalid data. Expected a dictionary, but got ${pyTypeName(item)}.`,
        ],
      };
    }
    if (!('id' in item)) return { id: ['This field is required.'] };
    return Number.isInteger(item.id)
      ? {}
      : { id: ['A valid integer is required.'] };
  });
  if (errors.some(e => Object.keys(e).length > 0))
    throw new HttpError(400, errors as Json);
  return inputs.map(i => (i as Input).id as number);
}

/**
 * NetBox 4.3 bulk PATCH/PUT: ids it does not find are skipped; the rest are saved one after another
 * in table order (each validation sees the earlier saves), all rolled back on the first failure,
 * whose field errors become the (unindexed) 400 body.
 */
export function updateMany(
  model: ModelDef,
  inputs: unknown[],
  partial: boolean,
  ctx: Ctx,
): Row[] {
  const ids = requireIds(inputs);
  const byId = new Map(ids.map((id, i) => [id, inputs[i] as Input]));
  const targets = ctx.state.rows(model.endpoint).filter(r => byId.has(r.id));
  const undo: Array<{ row: Row; before: Row }> = [];
  try {
    for (const row of targets) {
      const { id: _id, ...changes } = byId.get(row.id)!;
      const before = structuredClone(row);
      updateOne(model, row, changes, partial, ctx);
      undo.push({ row, before });
    }
  } catch (error) {
    for (const { row, before } of undo.reverse()) {
      const current = structuredClone(row);
      Object.assign(row, before);
      model.afterSave?.(row, current, ctx);
    }
    throw error;
  }
  return targets;
}

interface Doomed {
  model: ModelDef;
  row: Row;
}

/** What deleting `ids` would remove (cascades included) and which objects forbid it. */
function collect(
  model: ModelDef,
  ids: Set<number>,
  ctx: Ctx,
  doomed: Doomed[],
  blockers: Doomed[],
  seen: Set<string>,
): void {
  for (const id of ids) {
    const key = `${model.endpoint}:${id}`;
    const row = ctx.state.get(model.endpoint, id);
    if (!row || seen.has(key)) continue;
    seen.add(key);
    doomed.push({ model, row });
  }
  for (const rel of model.relations ?? []) {
    const from = ctx.model(rel.from);
    const refs = ctx.state
      .rows(rel.from)
      .filter(r => ids.has(r[rel.field] as number));
    if (rel.onDelete === 'protect') {
      for (const r of refs) {
        if (!(rel.from === model.endpoint && ids.has(r.id)))
          blockers.push({ model: from, row: r });
      }
    } else if (rel.onDelete === 'cascade' && refs.length > 0) {
      collect(from, new Set(refs.map(r => r.id)), ctx, doomed, blockers, seen);
    }
  }
}

/** Deletes rows (a list body is all or none); 409 naming the dependents that PROTECT them. */
export function deleteRows(model: ModelDef, ids: number[], ctx: Ctx): void {
  const doomed: Doomed[] = [];
  const blockers: Doomed[] = [];
  collect(model, new Set(ids), ctx, doomed, blockers, new Set());
  const doomedKeys = new Set(
    doomed.map(d => `${d.model.endpoint}:${d.row.id}`),
  );
  const real = blockers.filter(
    b => !doomedKeys.has(`${b.model.endpoint}:${b.row.id}`),
  );
  if (real.length > 0) {
    throw detail(
      409,
      `Unable to delete object. ${
        real.length
      } dependent objects were found: ${real
        .map(b => `${b.model.display(b.row, ctx)} (${b.row.id})`)
        .join(', ')}`,
    );
  }
  for (const { model: m, row } of doomed) {
    for (const rel of m.relations ?? []) {
      if (rel.onDelete !== 'setNull') continue;
      for (const r of ctx.state.rows(rel.from))
        if (r[rel.field] === row.id) r[rel.field] = null;
    }
  }
  for (const { model: m, row } of doomed) {
    ctx.state.remove(m.endpoint, row.id);
    m.afterDelete?.(row, ctx);
  }
}

export function bulkDeleteIds(inputs: unknown[]): number[] {
  return requireIds(inputs);
}
