import { BenchSuite } from '../lib/types';
import { frontendSuite } from '../frontend/suite';
import { graphSuite } from './graph';
import { netboxSuite } from './netbox';
import { resourcesSuite } from './resources';
import { vcsimSuite } from './vcsim';
import { vsphereSuite } from './vsphere';
import { mactraceSuite } from './mactrace';
import { vsphereLiveSuite } from './vsphere-live';

/** Every suite `yarn bench` knows, in the order a full run takes them. */
export const suites: BenchSuite[] = [
  vcsimSuite,
  vsphereSuite,
  mactraceSuite,
  vsphereLiveSuite,
  netboxSuite,
  resourcesSuite,
  graphSuite,
  frontendSuite,
];
