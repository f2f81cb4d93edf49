import { BenchSuite } from '../lib/types';
import { graphSuite } from './graph';
import { netboxSuite } from './netbox';
import { resourcesSuite } from './resources';
import { vcsimSuite } from './vcsim';
import { vsphereSuite } from './vsphere';

/** Every suite `yarn bench` knows, in the order a full run takes them. */
export const suites: BenchSuite[] = [
  vcsimSuite,
  vsphereSuite,
  netboxSuite,
  resourcesSuite,
  graphSuite,
];
