/**
 * Runs a benchmark script's `main` and exits with its outcome: vcsim children, sockets and timers
 * must not keep a finished run alive. A failure is written to stderr after `label`, if any.
 */
export function runTool(main: () => Promise<unknown>, label?: string): void {
  main().then(
    () => process.exit(0),
    error => {
      process.stderr.write(
        `${label ? `${label} ` : ''}${error?.stack ?? error}\n`,
      );
      process.exit(1);
    },
  );
}
