import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkTargets,
  linearFit,
  median,
  scaledConfig,
  STOCK_ROOT_IMPORT,
  toRootImports,
} from '../../../../lib/app/bench';
import { parseConfig } from '../../../../lib/app/config';
import { CONFIG_DIR } from '../../../support/synth';

describe('benchmark helpers', () => {
  test('scaled configs hold the requested number of valid, distinct environments', () => {
    const yaml = scaledConfig(readFileSync(join(CONFIG_DIR, 'example.yaml'), 'utf8'), 12);
    const config = parseConfig(yaml, 'scaled');
    expect(config.environments).toHaveLength(12);
    expect(new Set(config.environments.map((e) => e.name)).size).toBe(12);
    expect(new Set(config.environments.map((e) => e.network.vpcCidr)).size).toBe(12);
  });

  test('median and linear fit', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(
      linearFit([
        { x: 1, y: 1.1 },
        { x: 10, y: 2 },
        { x: 100, y: 11 },
      ]),
    ).toEqual({
      slope: expect.closeTo(0.1, 2),
      intercept: expect.closeTo(1, 1),
    });
  });

  test('targets: a 100-environment synth over 20 s is a miss', () => {
    const m = (environments: number, wall: number) => ({
      tool: 'ours',
      environments,
      stacks: environments * 5,
      resources: 0,
      wallSeconds: [wall],
      peakRssMb: [100],
    });
    const targets = checkTargets([m(1, 1), m(10, 3), m(100, 25)], 'ours', 'ours');
    expect(targets.find((t) => t.name === '100 environments wall')).toMatchObject({ ok: false });
    expect(targets.find((t) => t.name === 'example via npm run synth')).toMatchObject({ ok: true });
  });

  test('the stock baseline rewrites deep provider imports to the package root', () => {
    const source = [
      "import { Vpc } from '@cdktf/provider-aws/lib/vpc';",
      "import { S3Bucket, type S3BucketConfig } from '@cdktf/provider-aws/lib/s3-bucket';",
      "import { App } from 'cdktf';",
    ].join('\n');
    expect(STOCK_ROOT_IMPORT).toMatch(/^import \* as stockAws from "@cdktf\/provider-aws";$/);
    expect(toRootImports(source).split('\n')).toEqual([
      STOCK_ROOT_IMPORT,
      'import Vpc = stockAws.vpc.Vpc;',
      'import S3Bucket = stockAws.s3Bucket.S3Bucket;',
      'import S3BucketConfig = stockAws.s3Bucket.S3BucketConfig;',
      "import { App } from 'cdktf';",
    ]);
  });
});
