/** The five stacks of one environment, wired in dependency order. */
import type { Construct } from 'constructs';
import type { Config, Environment } from '../lib/app/schema';
import { NetworkStack } from './network/stack';
import { SecurityStack } from './security/stack';
import { StorageStack } from './storage/stack';
import { CatalogStack } from './catalog/stack';
import { MigratorStack } from './migrator/stack';

export interface EnvironmentStacks {
  readonly network: NetworkStack;
  readonly security: SecurityStack;
  readonly storage: StorageStack;
  readonly catalog: CatalogStack;
  readonly migrator: MigratorStack;
}

export function addEnvironmentStacks(
  scope: Construct,
  config: Config,
  environment: Environment,
): EnvironmentStacks {
  const base = { config, environment };
  const network = new NetworkStack(scope, base);
  const security = new SecurityStack(scope, { ...base, network: network.outputs });
  const storage = new StorageStack(scope, {
    ...base,
    network: network.outputs,
    security: security.outputs,
  });
  const catalog = new CatalogStack(scope, {
    ...base,
    network: network.outputs,
    security: security.outputs,
    storage: storage.outputs,
  });
  const migrator = new MigratorStack(scope, {
    ...base,
    network: network.outputs,
    security: security.outputs,
    storage: storage.outputs,
    catalog: catalog.outputs,
  });
  // Dependency order even where a layer does not (yet) reference its predecessor's outputs:
  // cdktf deploy, `npm run plan` and rollout all follow it.
  security.addDependency(network);
  storage.addDependency(security);
  catalog.addDependency(storage);
  migrator.addDependency(catalog);
  return { network, security, storage, catalog, migrator };
}
