import { resolve } from 'node:path';
import { fileRequirement, Requirement } from './requirements';

/**
 * `../shared` beside the checkout holds fixtures, schemas and notes that are not part of the repo.
 * INFRA_SHARED_DIR overrides where it is looked for.
 */
export const sharedDir: string =
  process.env.INFRA_SHARED_DIR ?? resolve(__dirname, '../../../../shared');

export function sharedPath(...parts: string[]): string {
  return resolve(sharedDir, ...parts);
}

export const sharedFixtures: Requirement = fileRequirement(
  'shared fixtures',
  sharedDir,
  'check out the shared/ folder beside the repository, or set INFRA_SHARED_DIR',
);
