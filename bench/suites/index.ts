import { BenchSuite } from '../lib/types';
import { vcsimSuite } from './vcsim';

/** Every suite `yarn bench` knows, in the order a full run takes them. */
export const suites: BenchSuite[] = [vcsimSuite];
