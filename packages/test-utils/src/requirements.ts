// This module builds suites for test files, so it both exports and calls jest's globals.
/* eslint-disable jest/no-export, jest/valid-title */
/**
 * Real-service tests name what they need. On a developer machine a missing requirement skips the
 * suite with a loud notice naming what to install; under CI (where every requirement is provided by
 * the project's own scripts) it fails the suite instead, so a broken install step cannot pass green.
 */
export interface Requirement {
  /** Short name used in messages, for example "PostgreSQL" or "Go toolchain". */
  name: string;
  /** Returns undefined when available, otherwise why it is not. Must be cheap and synchronous. */
  check(): string | undefined;
  /** What a developer runs to provide it. */
  hint: string;
}

const isCi = () => Boolean(process.env.CI) && process.env.CI !== 'false';

/** The reasons that make any of `requirements` unavailable (empty when all are met). */
export function missingRequirements(requirements: Requirement[]): string[] {
  return requirements.flatMap(r => {
    const reason = r.check();
    return reason ? [`${r.name}: ${reason} (${r.hint})`] : [];
  });
}

/**
 * `describe` when every requirement is met; otherwise a `describe.skip` with a warning, or under CI
 * a suite with one failing test that explains what is missing.
 */
export function describeWith(...requirements: Requirement[]): jest.Describe {
  const missing = missingRequirements(requirements);
  if (missing.length === 0) return describe;
  if (isCi()) {
    const failing = ((name: string) =>
      describe(name, () => {
        it('has its requirements (missing ones listed below)', () => {
          expect(missing).toEqual([]);
        });
      })) as unknown as jest.Describe;
    return failing;
  }
  // eslint-disable-next-line no-console
  console.warn(
    `\n!!! SKIPPING real-service tests, missing:\n!!!   ${missing.join(
      '\n!!!   ',
    )}\n`,
  );
  return describe.skip;
}

/** A requirement on a file outside the repository, such as a fixture in ../shared. */
export function fileRequirement(
  name: string,
  path: string,
  hint: string,
): Requirement {
  return {
    name,
    hint,
    check: () =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('node:fs').existsSync(path) ? undefined : `${path} not found`,
  };
}
