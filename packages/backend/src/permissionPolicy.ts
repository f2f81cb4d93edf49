import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/**
 * The portal's permission policy. It allows everything, which suits the demo and a first install.
 *
 * To restrict Infra Inventory, decide on these permissions (from
 * `@infra-inventory/plugin-infra-common`): `infra.mactrace.run` (start a MAC trace),
 * `infra.mactrace.uplinks.read` (see uplinks and trunk VLANs in results), `infra.segments.write`
 * (create, change and delete NetBox segments) and `infra.admin` (sync now, cache invalidation), for
 * example by returning DENY unless `user.info.ownershipEntityRefs` contains your network team.
 */
export class InfraPortalPolicy implements PermissionPolicy {
  async handle(
    _request: PolicyQuery,
    _user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'infra-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new InfraPortalPolicy());
      },
    });
  },
});
