import { HttpError } from './httpError';
import { Ctx, FieldErrors, FilterDef, ModelDef } from './model';
import { Row } from './state';
import { parseTimestamp } from './timestamps';

/** Query parameters that are not filters (NetBox handles them in the view or the paginator). */
const NOT_FILTERS = new Set([
  'limit',
  'offset',
  'fields',
  'omit',
  'brief',
  'ordering',
  'format',
  'export',
  'start',
  'exclude',
]);

const INT = /^-?\d+$/;

type Matcher = (row: Row) => boolean;

function compile(
  name: string,
  def: FilterDef,
  values: string[],
  ctx: Ctx,
  errors: FieldErrors,
): Matcher | undefined {
  switch (def.kind) {
    case 'number': {
      const bad = values.find(v => !INT.test(v.trim()));
      if (bad !== undefined) {
        errors[name] = ['Enter a number.'];
        return undefined;
      }
      const wanted = new Set(values.map(v => Number(v)));
      return row => {
        const v = def.get(row, ctx);
        return typeof v === 'number' && wanted.has(v);
      };
    }
    case 'string': {
      const wanted = new Set(values);
      return row => {
        const v = def.get(row, ctx);
        return v !== null && v !== undefined && wanted.has(v);
      };
    }
    case 'choice': {
      const bad = values.find(v => !(v in def.choices));
      if (bad !== undefined) {
        errors[name] = [
          `Select a valid choice. ${bad} is not one of the available choices.`,
        ];
        return undefined;
      }
      const wanted = new Set(values);
      return row => wanted.has(def.get(row) as string);
    }
    case 'fk': {
      let wantNull = false;
      const ids = new Set<number>();
      for (const v of values) {
        if (v === 'null') {
          wantNull = true;
        } else if (!INT.test(v.trim())) {
          errors[name] = [`“${v}” is not a valid value.`];
          return undefined;
        } else if (!ctx.state.get(def.to, Number(v))) {
          errors[name] = [
            `Select a valid choice. ${v} is not one of the available choices.`,
          ];
          return undefined;
        } else if (def.tree) {
          for (const d of ctx.descendants(def.to, Number(v))) ids.add(d);
        } else {
          ids.add(Number(v));
        }
      }
      return row => {
        const v = def.get(row, ctx);
        if (v === null || v === undefined) return wantNull;
        return ids.has(v);
      };
    }
    case 'datetime': {
      const parsed = values.map(v => parseTimestamp(v));
      if (parsed.some(p => p === undefined)) {
        errors[name] = ['Enter a valid date/time.'];
        return undefined;
      }
      const bounds = parsed as number[];
      return row => {
        const v = def.get(row);
        if (v === null || v === undefined) return false;
        return bounds.some(b => (def.op === 'gte' ? v >= b : v <= b));
      };
    }
    case 'custom': {
      const used = def.single ? values.slice(-1) : values;
      return row => def.match(row, used, ctx);
    }
    default:
      return undefined;
  }
}

/**
 * Rows of `model` matching the query's filters. Repeated keys are ORed, different keys ANDed, and
 * names the model does not know are ignored: NetBox does exactly that, which is why the client
 * checks its filter names against the schema.
 */
export function applyFilters(
  model: ModelDef,
  rows: readonly Row[],
  query: URLSearchParams,
  ctx: Ctx,
): readonly Row[] {
  const errors: FieldErrors = {};
  const matchers: Matcher[] = [];
  for (const name of new Set(query.keys())) {
    if (NOT_FILTERS.has(name)) continue;
    const def = model.filters[name];
    if (!def) continue;
    const values = query.getAll(name).filter(v => v !== '');
    if (values.length === 0) continue;
    const m = compile(name, def, values, ctx, errors);
    if (m) matchers.push(m);
  }
  if (Object.keys(errors).length > 0) throw new HttpError(400, errors);
  if (matchers.length === 0) return rows;
  return rows.filter(r => matchers.every(m => m(r)));
}
