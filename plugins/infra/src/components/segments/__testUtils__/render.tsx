import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen } from '@testing-library/react';
import { SegmentsApi, segmentsApiRef } from '../../../api/SegmentsApi';
import { SegmentsPage } from '../SegmentsPage';

/**
 * Renders the page with the given API and permission answer; with ALLOW, waits until the
 * permission has arrived (the Create segment button is there).
 * `AuthorizeResult`'s package is not a dependency of this plugin; its values are these strings.
 */
export async function renderSegmentsPage(
  api: SegmentsApi,
  authorize: 'ALLOW' | 'DENY' = 'ALLOW',
) {
  const decide = jest.fn(() => authorize as never);
  await act(async () => {
    await renderInTestApp(<SegmentsPage />, {
      apis: [[segmentsApiRef, api], mockApis.permission({ authorize: decide })],
    });
  });
  if (authorize === 'ALLOW') await screen.findByText('Create segment');
  return { decide };
}

/** The segments table, once loaded. */
export async function findSegmentsTable(): Promise<HTMLElement> {
  return screen.findByRole('table', { name: 'Segments' });
}
