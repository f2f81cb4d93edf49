import { existsSync } from 'node:fs';
import { Requirement } from './requirements';

/** Debian's Chromium; playwright-core never downloads a browser of its own here. */
export const CHROMIUM_PATH =
  process.env.INFRA_CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumRequirement: Requirement = {
  name: 'Chromium',
  check: () =>
    existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found`,
  hint: 'apt-get install chromium (scripts/bootstrap.sh does), or set INFRA_CHROMIUM_PATH',
};

/** Launch arguments that work on these closed-network, root-run machines. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
