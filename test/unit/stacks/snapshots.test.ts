/**
 * One snapshot per stack of the example, only to make changes to the synthesized Terraform visible
 * in review (`npx jest -u` accepts them). Behaviour is specified by the other tests, not by these.
 */
import { LAYER_IDS as LAYERS } from '../../../stacks';
import { configWith, synth } from '../../support/synth';

const out = synth(configWith());

test.each(LAYERS)('sandbox-%s', (layer) => {
  expect(out.stacks[`sandbox-${layer}`]).toMatchSnapshot();
});
