import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The infra backend's settings with defaults applied. */
export interface InfraBackendConfig {
  /** A Redis URL such as `redis://:password@redis:6379/0`, or undefined for memory + database only. */
  redisConnection?: string;
}

export function readInfraBackendConfig(config: Config): InfraBackendConfig {
  const redisConnection = config.getOptionalString(
    'infra.cache.redis.connection',
  );
  if (redisConnection !== undefined && !/^rediss?:\/\//.test(redisConnection)) {
    throw new InputError(
      `infra.cache.redis.connection must be a redis:// or rediss:// URL; remove the key to run without Redis`,
    );
  }
  return { redisConnection: redisConnection || undefined };
}
