import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleInfra } from './module';

describe('catalogModuleInfra wiring', () => {
  it('starts with a vCenter configured and warns when TLS verification is off', async () => {
    const logger = mockServices.logger.mock();
    const extensionPoint = { addEntityProvider: jest.fn() };
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, extensionPoint]],
      features: [
        catalogModuleInfra,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                vsphere: {
                  lab: {
                    url: 'http://127.0.0.1:1',
                    username: 'u',
                    password: 'p',
                    tls: { skipTlsVerify: true },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    expect(logger.info).toHaveBeenCalledWith('vCenters configured: lab');
    const call = logger.child.mock.calls.findIndex(
      ([meta]) => meta.vcenter === 'lab',
    );
    expect(call).toBeGreaterThanOrEqual(0);
    const child = logger.child.mock.results[call].value;
    expect(child.warn).toHaveBeenCalledWith(
      expect.stringContaining('TLS verification is off for vCenter lab'),
    );
  });

  it('fails startup on bad provider config with a message naming the key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [catalogProcessingExtensionPoint, { addEntityProvider: jest.fn() }],
        ],
        features: [
          catalogModuleInfra,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                providers: {
                  vsphere: { url: 'not a url', username: 'u', password: 'p' },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/catalog\.providers\.vsphere\.url/);
  });
});
