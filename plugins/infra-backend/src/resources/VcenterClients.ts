import { LoggerService } from '@backstage/backend-plugin-api';
import { VimClient } from '@infra-inventory/plugin-infra-node';
import { ResourcesVcenter } from './config';

/** Opens the client of one vCenter; replaceable so tests can watch or slow a real client. */
export type VimClientFactory = (
  vcenter: ResourcesVcenter,
  logger: LoggerService,
) => Promise<VimClient>;

export const defaultVimClientFactory: VimClientFactory = (vcenter, logger) =>
  VimClient.connect({
    url: vcenter.url,
    username: vcenter.username,
    password: vcenter.password,
    tls: vcenter.tls,
    requestTimeoutMs: vcenter.requestTimeoutMs,
    logger,
  });

/**
 * One VimClient per vCenter, opened on first use and reused (it logs in again by itself when its
 * session is lost). A failed connect is not remembered: the next request tries again.
 */
export class VcenterClients {
  private readonly clients = new Map<string, Promise<VimClient>>();
  private closed = false;

  constructor(
    private readonly logger: LoggerService,
    private readonly factory: VimClientFactory = defaultVimClientFactory,
  ) {}

  get(vcenter: ResourcesVcenter): Promise<VimClient> {
    if (this.closed) {
      return Promise.reject(new Error('The resources API is shutting down'));
    }
    let client = this.clients.get(vcenter.id);
    if (!client) {
      client = this.factory(
        vcenter,
        this.logger.child({ vcenter: vcenter.id }),
      );
      this.clients.set(vcenter.id, client);
      client.catch(() => {
        if (this.clients.get(vcenter.id) === client) {
          this.clients.delete(vcenter.id);
        }
      });
    }
    return client;
  }

  /** Logs every client out. */
  async close(): Promise<void> {
    this.closed = true;
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(
      clients.map(async pending => {
        const client = await pending.catch(() => undefined);
        await client?.close().catch(() => undefined);
      }),
    );
  }
}
