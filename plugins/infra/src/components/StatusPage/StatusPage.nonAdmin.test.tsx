import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { InfraApi, infraApiRef } from '../../api';
import { StatusPage } from './StatusPage';

const api: InfraApi = {
  getStatus: async () => ({
    plugin: 'infra',
    database: { client: 'pg', ok: true },
    cache: { redis: 'connected' },
  }),
  getSyncStatus: async () => ({
    sources: [
      {
        kind: 'vsphere',
        id: 'lab',
        url: 'https://vc.example.com/sdk',
        mode: 'live',
        runs: [],
      },
    ],
  }),
  triggerSync: jest.fn(),
  getClusterResources: jest.fn(),
  getClusterAlarms: jest.fn(),
  getClusterUsage: jest.fn(),
};

describe('StatusPage without infra.admin', () => {
  it('shows the sources but offers no "Sync now"', async () => {
    // 'DENY' is AuthorizeResult.DENY, whose package is no dependency of this plugin
    const authorize = jest.fn(async () => ({ result: 'DENY' }));
    const permissionApi = { authorize } as unknown as PermissionApi;
    await renderInTestApp(<StatusPage />, {
      apis: [
        [infraApiRef, api],
        [permissionApiRef, permissionApi],
      ],
    });
    expect(await screen.findByText('vCenter lab')).toBeInTheDocument();
    expect(await screen.findByText('pg')).toBeInTheDocument();
    expect(screen.getByText('Live: following changes')).toBeInTheDocument();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'infra.admin' }),
      }),
    );
    expect(
      screen.queryByRole('button', { name: /Sync .* now/ }),
    ).not.toBeInTheDocument();
  });
});
