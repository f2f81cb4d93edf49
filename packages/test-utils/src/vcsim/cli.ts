/**
 * Starts a vcsim for the demo or for manual testing and prints its connection details as one JSON
 * line. Runs until SIGTERM/SIGINT, then stops vcsim and exits 0.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs packages/test-utils/src/vcsim/cli.ts \
 *     --topology demo [--delay 0] [--host 127.0.0.1] [--port 0] [--json-file path]
 */
import { rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startVcsim } from './launcher';
import { TopologyName, topologies } from './topologies';

async function main() {
  const { values } = parseArgs({
    options: {
      topology: { type: 'string', default: 'demo' },
      delay: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'json-file': { type: 'string' },
    },
  });
  const topology = values.topology as TopologyName;
  if (!(topology in topologies)) {
    throw new Error(
      `--topology must be one of ${Object.keys(topologies).join(', ')}`,
    );
  }

  const vcsim = await startVcsim({
    topology,
    delayMs: Number(values.delay),
    host: values.host,
    port: Number(values.port),
  });
  const jsonFile = values['json-file'];
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await vcsim.stop();
    // stale connection details would send readers to a dead port
    if (jsonFile) rmSync(jsonFile, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  const info = JSON.stringify({
    url: vcsim.url,
    port: vcsim.port,
    username: vcsim.username,
    password: vcsim.password,
    pid: vcsim.pid,
    topology,
    counts: vcsim.counts,
  });
  if (jsonFile) {
    // readers polling for the file never see it half-written
    const temp = `${jsonFile}.tmp-${process.pid}`;
    await writeFile(temp, `${info}\n`);
    await rename(temp, jsonFile);
  }
  process.stdout.write(`${info}\n`);
}

main().catch(e => {
  process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
