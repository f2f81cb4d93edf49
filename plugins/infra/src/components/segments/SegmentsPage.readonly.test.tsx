import { act, screen, within } from '@testing-library/react';
import { fakeSegmentsApi } from './__testUtils__/fixtures';
import { findSegmentsTable, renderSegmentsPage } from './__testUtils__/render';

// a file of its own: usePermission caches answers per permission for the whole module
describe('SegmentsPage without infra.segments.write', () => {
  it('shows the table only: no create, edit or delete', async () => {
    const { decide } = await renderSegmentsPage(fakeSegmentsApi(), 'DENY');
    const table = await findSegmentsTable();
    expect(decide).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'infra.segments.write' }),
      }),
    );
    // the denial has been rendered, not just the loading state before it
    await act(async () => {});
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).not.toContain('Actions');
    expect(screen.queryByRole('button', { name: 'Create segment' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });
});
