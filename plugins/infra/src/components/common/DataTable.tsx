import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import { CSSProperties, ReactNode, useMemo, useState } from 'react';

export interface DataColumn<T> {
  title: string;
  /** the row's value this column sorts and searches by */
  field: keyof T & string;
  /** what the cell shows; the field's value when absent */
  render?: (row: T) => ReactNode;
  cellStyle?: CSSProperties;
  /** ascending order; the field's value compared as text (numbers numerically) when absent */
  customSort?: (a: T, b: T) => number;
}

const text = (v: unknown) =>
  v === undefined || v === null ? '' : String(v).toLowerCase();

const show = (v: unknown) =>
  v === undefined || v === null || v === '' ? '—' : String(v);

function compareBy<T>(column: DataColumn<T>) {
  if (column.customSort) return column.customSort;
  return (a: T, b: T) => {
    const x = a[column.field];
    const y = b[column.field];
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return text(x).localeCompare(text(y), undefined, { numeric: true });
  };
}

/**
 * A small sortable table with optional search and paging, on plain MUI parts: for the short lists
 * of the entity cards, where the catalog's `Table` (material-table, date pickers, ~0.5 MB of
 * script) would be most of what the card loads and renders. Headers sort (click again for
 * descending); the search box filters on every column's field; only one page of rows is rendered.
 */
export function DataTable<T extends { id: string }>(props: {
  columns: DataColumn<T>[];
  data: T[];
  'aria-label': string;
  /** rows per page; no paging when the data fit in one page */
  pageSize?: number;
  /** show the search box */
  search?: boolean;
  size?: 'small' | 'medium';
}) {
  const { columns, data, pageSize = 20, search = false } = props;
  const [sort, setSort] = useState<{ index: number; desc: boolean }>();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const found = q
      ? data.filter(row => columns.some(c => text(row[c.field]).includes(q)))
      : data;
    if (!sort) return found;
    const cmp = compareBy(columns[sort.index]);
    const sorted = [...found].sort(cmp);
    return sort.desc ? sorted.reverse() : sorted;
  }, [data, columns, sort, query]);

  const paged = rows.length > pageSize;
  const lastPage = Math.max(0, Math.ceil(rows.length / pageSize) - 1);
  const current = Math.min(page, lastPage);
  const shown = paged
    ? rows.slice(current * pageSize, (current + 1) * pageSize)
    : rows;

  const sortDirection = (i: number) => {
    if (sort?.index !== i) return false;
    return sort.desc ? 'desc' : 'asc';
  };

  return (
    <>
      {search && (
        <TextField
          size="small"
          margin="dense"
          placeholder="Filter"
          inputProps={{ 'aria-label': `Filter ${props['aria-label']}` }}
          value={query}
          onChange={e => {
            setQuery(e.target.value);
            setPage(0);
          }}
        />
      )}
      <MuiTable size={props.size ?? 'small'} aria-label={props['aria-label']}>
        <TableHead>
          <TableRow>
            {columns.map((c, i) => (
              <TableCell key={c.field} sortDirection={sortDirection(i)}>
                <TableSortLabel
                  active={sort?.index === i}
                  direction={sort?.index === i && sort.desc ? 'desc' : 'asc'}
                  onClick={() =>
                    setSort(
                      sort?.index === i
                        ? { index: i, desc: !sort.desc }
                        : { index: i, desc: false },
                    )
                  }
                >
                  {c.title}
                </TableSortLabel>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map(row => (
            <TableRow key={row.id}>
              {columns.map(c => (
                <TableCell key={c.field} style={c.cellStyle}>
                  {c.render ? c.render(row) : show(row[c.field])}
                </TableCell>
              ))}
            </TableRow>
          ))}
          {shown.length === 0 && (
            <TableRow>
              <TableCell colSpan={columns.length}>No rows match.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </MuiTable>
      {paged && (
        <TablePagination
          component="div"
          count={rows.length}
          page={current}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[pageSize]}
          onPageChange={(_, p) => setPage(p)}
        />
      )}
    </>
  );
}
