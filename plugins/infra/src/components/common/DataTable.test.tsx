import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { DataColumn, DataTable } from './DataTable';

interface Row {
  id: string;
  name: string;
  cpu?: number;
  state: string;
}

const columns: DataColumn<Row>[] = [
  { title: 'Host', field: 'name' },
  {
    title: 'CPU',
    field: 'cpu',
    customSort: (a, b) => (a.cpu ?? -1) - (b.cpu ?? -1),
    render: r => (r.cpu === undefined ? 'unknown' : `${r.cpu} GHz`),
  },
  { title: 'State', field: 'state' },
];

const rows = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `h${i}`,
    name: `esx-${i + 1}`,
    cpu: i === 2 ? undefined : (i * 7) % 11,
    state: i % 3 === 0 ? 'maintenance' : 'connected',
  }));

/** The text of the first cell of each body row, in order. */
const firstCells = () =>
  within(screen.getByRole('table', { name: 'Hosts' }))
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[0].textContent);

describe('DataTable', () => {
  it('shows the rows in the given order, rendered cells and a dash for missing values', async () => {
    await renderInTestApp(
      <DataTable<Row>
        aria-label="Hosts"
        columns={columns}
        data={[
          { id: 'a', name: 'b-host', cpu: 2, state: '' },
          { id: 'b', name: 'a-host', state: 'connected' },
        ]}
      />,
    );
    expect(firstCells()).toEqual(['b-host', 'a-host']);
    const b = screen.getByText('b-host').closest('tr')!;
    expect(within(b).getByText('2 GHz')).toBeInTheDocument();
    expect(within(b).getByText('—')).toBeInTheDocument();
    expect(
      within(screen.getByText('a-host').closest('tr')!).getByText('unknown'),
    ).toBeInTheDocument();
    // neither search nor paging for a short list
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByText(/1-2 of/)).not.toBeInTheDocument();
  });

  it('sorts by a header, numerically and with its custom order, descending on a second click', async () => {
    await renderInTestApp(
      <DataTable<Row> aria-label="Hosts" columns={columns} data={rows(12)} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Host' }));
    // numeric-aware: esx-2 before esx-10
    expect(firstCells().slice(0, 3)).toEqual(['esx-1', 'esx-2', 'esx-3']);
    fireEvent.click(screen.getByRole('button', { name: 'Host' }));
    expect(firstCells().slice(0, 2)).toEqual(['esx-12', 'esx-11']);
    fireEvent.click(screen.getByRole('button', { name: 'CPU' }));
    // the host without a figure (esx-3) sorts first by the custom order
    expect(firstCells()[0]).toBe('esx-3');
    expect(screen.getByRole('columnheader', { name: /CPU/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
  });

  it('filters on every column with the search box and pages long lists', async () => {
    await renderInTestApp(
      <DataTable<Row>
        aria-label="Hosts"
        columns={columns}
        data={rows(45)}
        pageSize={20}
        search
      />,
    );
    // one page of rows rendered, not 45
    expect(firstCells()).toHaveLength(20);
    expect(screen.getByText('1-20 of 45')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(firstCells()[0]).toBe('esx-21');
    expect(screen.getByText('21-40 of 45')).toBeInTheDocument();

    fireEvent.change(screen.getByRole('textbox', { name: 'Filter Hosts' }), {
      target: { value: 'MAINT' },
    });
    // 15 of 45 in maintenance: one page, back to the first
    expect(firstCells()).toHaveLength(15);
    expect(firstCells()[0]).toBe('esx-1');
    expect(screen.queryByText(/of 45/)).not.toBeInTheDocument();

    fireEvent.change(screen.getByRole('textbox', { name: 'Filter Hosts' }), {
      target: { value: 'nothing like it' },
    });
    expect(screen.getByText('No rows match.')).toBeInTheDocument();
  });
});
