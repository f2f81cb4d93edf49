import { renderInTestApp } from '@backstage/frontend-test-utils';
import { InfraBackendStatus } from '@infra-inventory/plugin-infra-common';
import { screen } from '@testing-library/react';
import { InfraApi, infraApiRef } from '../../api';
import { StatusPage } from './StatusPage';

const api = (impl: () => Promise<InfraBackendStatus>): InfraApi => ({
  getStatus: impl,
});

describe('StatusPage', () => {
  it('shows the database and a Redis outage as the backend reports them', async () => {
    await renderInTestApp(<StatusPage />, {
      apis: [
        [
          infraApiRef,
          api(async () => ({
            plugin: 'infra',
            database: { client: 'pg', ok: true },
            cache: { redis: 'unavailable' },
          })),
        ],
      ],
    });
    expect(await screen.findByText('pg')).toBeInTheDocument();
    expect(
      screen.getByText(/unavailable: serving from memory and database/),
    ).toBeInTheDocument();
  });

  it("shows the backend's message, not a stack, when the backend fails", async () => {
    await renderInTestApp(<StatusPage />, {
      apis: [
        [
          infraApiRef,
          api(async () => Promise.reject(new Error('infra backend is down'))),
        ],
      ],
    });
    expect(
      await screen.findByText(/infra backend is down/),
    ).toBeInTheDocument();
    expect(screen.getByText('Infra backend unavailable')).toBeInTheDocument();
  });
});
