/**
 * The access tier over every file in config/: every IAM-bearing document of every stack is
 * validated (structure, actions, condition keys, ARNs), and every call of every environment's
 * table (lib/access/calls.ts) is simulated over the synthesized policies — identity, resource and
 * VPC endpoint policies together — and must get the verdict the table expects.
 */
import { basename } from 'node:path';
import { loadConfig } from '../../lib/app/config';
import { describeAccess } from '../support/access';
import { configFiles } from '../support/synth';

describe.each(configFiles().map((f) => [basename(f), f]))('%s', (_name, file) => {
  describeAccess(loadConfig(file));
});
