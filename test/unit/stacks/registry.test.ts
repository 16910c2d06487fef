/**
 * The layer registry (stacks/index.ts) is the one list of layers: this walks it, so a layer added
 * there without its docs, outputs schema, snapshot or host-config outputs fixture fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenOutputs } from '../../../lib/core/outputs';
import { LAYERS } from '../../../stacks';
import { configWith, ROOT, synth } from '../../support/synth';

const out = synth(configWith());
const stackOf = (layer: string) => out.stacks[`sandbox-${layer}`];

describe.each(LAYERS.map((l) => [l.id, l] as const))('layer %s', (id, layer) => {
  test('has a page in docs/ and a row in the README', () => {
    expect(existsSync(join(ROOT, layer.docs))).toBe(true);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\`E-${id}\``);
  });

  test('publishes exactly the outputs its schema declares', () => {
    const stack = stackOf(id);
    const published = Object.keys(stack.output ?? {}).filter(
      (o) => !o.startsWith('cross-stack-output-'),
    );
    // Every published name is a leaf of the schema, spelled as flattenOutputs spells it.
    const shape = (layer.outputs as any).shape as Record<string, unknown>;
    const leaves = flattenOutputs(exampleOf(shape)).map(([name]) => name);
    expect(published.length).toBeGreaterThan(0);
    for (const name of published) expect(leaves).toContain(name);
  });

  test('has a snapshot and a terraform output -json fixture', () => {
    const snapshots = readFileSync(
      join(ROOT, 'test', 'unit', 'stacks', '__snapshots__', 'snapshots.test.ts.snap'),
      'utf8',
    );
    expect(snapshots).toContain(`exports[\`sandbox-${id} 1\`]`);
    expect(
      existsSync(join(ROOT, 'test', 'fixtures', 'host-config', 'outputs', `sandbox-${id}.json`)),
    ).toBe(true);
  });
});

test('stacks depend on each other in registry order', () => {
  LAYERS.slice(1).forEach((layer, i) => {
    expect(out.dependencies[`sandbox-${layer.id}`]).toContain(`sandbox-${LAYERS[i]!.id}`);
  });
});

/** An object with every field of a zod object shape present (strings for leaves, nested objects). */
function exampleOf(shape: Record<string, unknown>): object {
  return Object.fromEntries(
    Object.entries(shape).map(([field, schema]) => {
      let node: any = schema;
      while (['optional', 'nonoptional'].includes(node._zod.def.type))
        node = node._zod.def.innerType;
      return [field, node._zod.def.type === 'object' ? exampleOf(node._zod.def.shape) : 'x'];
    }),
  );
}
