/**
 * The layers, in dependency order: the one place the order is written. Each entry names the layer
 * (stack ids are `<env>-<layer>`, a contract), the config section it reads, the schema of its
 * outputs, and how its stack is made from the environment context and the outputs of the layers
 * before it — a layer can only consume what comes earlier, which the types enforce. `main`, the
 * plan and rollout tooling, host-config and the tests all read this list.
 *
 * Adding a layer: docs/architecture.md, "Add a layer".
 */
import type { Construct } from 'constructs';
import type { TerraformStack } from 'cdktf';
import type { z } from 'zod';
import type { EnvironmentContext } from '../lib/core/context';
import { stackId } from '../lib/core/naming';
import { NetworkStack } from './network/stack';
import { networkOutputs } from './network/outputs';
import { SecurityStack } from './security/stack';
import { securityOutputs } from './security/outputs';
import { StorageStack } from './storage/stack';
import { storageOutputs } from './storage/outputs';
import { CatalogStack } from './catalog/stack';
import { catalogOutputs } from './catalog/outputs';
import { MigratorStack } from './migrator/stack';
import { migratorOutputs } from './migrator/outputs';

/** The config section of an environment a layer is configured by. */
export type Section = 'network' | 'migrator' | 'storage' | 'catalog';

/** A stack with the typed outputs it hands to the layers after it. */
type LayerStack<O> = TerraformStack & { readonly outputs: O };

export interface LayerDefinition<Id extends string = string, O = unknown, Up = object> {
  readonly id: Id;
  /** The config section the layer is configured by (security reads `migrator`'s credentials). */
  readonly section: Section;
  /** Its outputs, declared once: type, published Terraform outputs, runtime check. */
  readonly outputs: z.ZodType<O>;
  /** Its page in docs/. */
  readonly docs: string;
  /** Its stack, from the context and the outputs of every layer before it. */
  readonly create: (scope: Construct, context: EnvironmentContext, upstream: Up) => LayerStack<O>;
}

/** Builds the list so each `create` sees exactly the outputs of the layers added before it. */
class Registry<Up extends object, Ids extends string> {
  constructor(readonly layers: readonly LayerDefinition<Ids, unknown, never>[]) {}

  add<Id extends string, O>(
    layer: Omit<LayerDefinition<Id, O, Up>, 'create'>,
    create: (scope: Construct, context: EnvironmentContext, upstream: Up) => LayerStack<O>,
  ): Registry<Up & { readonly [K in Id]: O }, Ids | Id> {
    // The one place types are erased: `addEnvironmentStacks` hands each `create` exactly the
    // outputs of the layers before it, which is what the type parameters above promise.
    const added = { ...layer, create } as unknown as LayerDefinition<Ids | Id, unknown, never>;
    return new Registry([...this.layers, added]);
  }
}

const REGISTRY = new Registry<object, never>([])
  .add(
    { id: 'network', section: 'network', outputs: networkOutputs, docs: 'docs/network.md' },
    (scope, context) => new NetworkStack(scope, { context }),
  )
  .add(
    { id: 'security', section: 'migrator', outputs: securityOutputs, docs: 'docs/security.md' },
    (scope, context, up) => new SecurityStack(scope, { context, ...up }),
  )
  .add(
    { id: 'storage', section: 'storage', outputs: storageOutputs, docs: 'docs/storage.md' },
    (scope, context, up) => new StorageStack(scope, { context, ...up }),
  )
  .add(
    { id: 'catalog', section: 'catalog', outputs: catalogOutputs, docs: 'docs/catalog.md' },
    (scope, context, up) => new CatalogStack(scope, { context, ...up }),
  )
  .add(
    {
      id: 'migrator',
      section: 'migrator',
      outputs: migratorOutputs,
      docs: 'docs/host-configuration.md',
    },
    (scope, context, up) => new MigratorStack(scope, { context, ...up }),
  );

/** The layers, in dependency order. */
export const LAYERS = REGISTRY.layers;
export type Layer = (typeof LAYERS)[number]['id'];
export const LAYER_IDS: readonly Layer[] = LAYERS.map((l) => l.id);

/** Parses `<env>-<layer>` back; `undefined` for anything else. */
export function parseStackId(id: string): { envName: string; layer: Layer } | undefined {
  const layer = LAYER_IDS.find((l) => id.endsWith(`-${l}`));
  if (!layer) return undefined;
  return { envName: id.slice(0, -(layer.length + 1)), layer };
}

/** The stacks of one environment by layer, in dependency order. */
export function addEnvironmentStacks(
  scope: Construct,
  context: EnvironmentContext,
): Map<Layer, LayerStack<unknown>> {
  const stacks = new Map<Layer, LayerStack<unknown>>();
  const upstream: Record<string, unknown> = {};
  let previous: TerraformStack | undefined;
  for (const layer of LAYERS) {
    const stack = layer.create(scope, context, upstream as never);
    // Dependency order even where a layer does not (yet) read its predecessor's outputs: cdktf
    // deploy, `npm run plan` and rollout all follow it.
    if (previous) stack.addDependency(previous);
    upstream[layer.id] = stack.outputs;
    stacks.set(layer.id, stack);
    previous = stack;
  }
  return stacks;
}

/** The stack ids of an environment, in dependency order. */
export function environmentStackIds(envName: string): string[] {
  return LAYER_IDS.map((layer) => stackId(envName, layer));
}
