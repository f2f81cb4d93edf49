/** Metrics of one scenario: metric key to a measured number. */
export type ScenarioMetrics = Record<string, number>;

export interface BenchContext {
  /** Tiny sizes: proves the suite runs, measures nothing worth quoting. */
  smoke: boolean;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  /** One line for docs/benchmarks.md: what the suite measures and against what. */
  description: string;
  run(ctx: BenchContext): Promise<Record<string, ScenarioMetrics>>;
}

export interface BenchResult {
  suite: string;
  date: string;
  machine: { cpus: number; node: string };
  smoke?: boolean;
  command: string;
  scenarios: Record<string, ScenarioMetrics>;
}
