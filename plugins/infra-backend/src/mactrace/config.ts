import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  isSwitchPlatformId,
  switchPlatformIds,
  SwitchTarget,
} from '@infra-inventory/plugin-infra-node';

const ROOT = 'infra.mactrace';

/** MAC-trace settings with defaults applied. */
export interface MacTraceConfig {
  switches: SwitchTarget[];
  /** SSH sessions at once over all switches. */
  maxSessions: number;
  maxSessionsPerSwitch: number;
  commandTimeoutMs: number;
  traceTimeoutMs: number;
  /** How long LLDP neighbours, port modes and descriptions are reused. */
  portInfoTtlMs: number;
}

/**
 * Reads `infra.mactrace`: the switch inventory (credentials per switch or shared defaults) and the
 * engine's limits. Errors name the key and say how to fix it.
 */
export function readMacTraceConfig(config: Config): MacTraceConfig {
  const root = config.getOptionalConfig(ROOT);
  const defaults = {
    username: root?.getOptionalString('defaults.username'),
    password: root?.getOptionalString('defaults.password'),
  };
  const switches = (root?.getOptionalConfigArray('switches') ?? []).map(
    (s, i) => {
      const path = `${ROOT}.switches[${i}]`;
      const platform = s.getString('platform');
      if (!isSwitchPlatformId(platform)) {
        throw new InputError(
          `${path}.platform '${platform}' is not supported; use one of ${switchPlatformIds.join(
            ', ',
          )}`,
        );
      }
      const username = s.getOptionalString('username') ?? defaults.username;
      const password = s.getOptionalString('password') ?? defaults.password;
      if (!username || !password) {
        throw new InputError(
          `${path} has no credentials: set username and password on it or under ${ROOT}.defaults`,
        );
      }
      return {
        id: s.getString('name'),
        host: s.getString('host'),
        port: s.getOptionalNumber('port'),
        platform,
        username,
        password,
        hostKeyFingerprint: s.getOptionalString('hostKey'),
        uplinks: s.getOptionalStringArray('uplinks'),
        site: s.getOptionalString('site'),
        floor: s.getOptionalString('floor'),
      };
    },
  );
  const ids = new Set<string>();
  for (const s of switches) {
    if (ids.has(s.id))
      throw new InputError(
        `${ROOT}.switches: the name '${s.id}' is used twice`,
      );
    ids.add(s.id);
  }
  return {
    switches,
    // two per switch for a 50-switch floor: a lower global cap queues traces behind each other
    maxSessions: root?.getOptionalNumber('maxSessions') ?? 100,
    maxSessionsPerSwitch: root?.getOptionalNumber('maxSessionsPerSwitch') ?? 2,
    commandTimeoutMs: root?.getOptionalNumber('commandTimeoutMs') ?? 20_000,
    traceTimeoutMs: root?.getOptionalNumber('traceTimeoutMs') ?? 60_000,
    portInfoTtlMs: root?.getOptionalNumber('portInfoTtlMs') ?? 15 * 60_000,
  };
}
