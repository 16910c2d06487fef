import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkTargets,
  linearFit,
  median,
  profileSummary,
  scaledConfig,
  STOCK_ROOT_IMPORT,
  TOOLS,
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

  const m = (tool: string, environments: number, wall: number, rss = 100) => ({
    tool,
    environments,
    stacks: environments * 5,
    resources: 0,
    wallSeconds: [wall],
    peakRssMib: [rss],
  });

  test('targets: the example within 0.4 s, 30x the stock way, 100 environments within 2.5 s and 256 MiB', () => {
    const targets = checkTargets([
      m(TOOLS.npm, 1, 0.35),
      m(TOOLS.npm, 10, 0.5),
      m(TOOLS.npm, 100, 2.4, 250),
      m(TOOLS.stock, 1, 11),
    ]);
    expect(targets.map((t) => [t.name, t.ok])).toEqual([
      ['example through npm run synth', true],
      ['the stock way, in multiples of npm run synth', true],
      ['100 environments (500 stacks), wall', true],
      ['100 environments, peak RSS', true],
      ['linear growth', true],
    ]);
  });

  test('targets: each limit missed is a miss', () => {
    const targets = checkTargets([
      m(TOOLS.npm, 1, 0.5),
      m(TOOLS.npm, 100, 2.6, 300),
      m(TOOLS.stock, 1, 12),
    ]);
    expect(targets.filter((t) => !t.ok).map((t) => t.name)).toEqual([
      'example through npm run synth',
      'the stock way, in multiples of npm run synth',
      '100 environments (500 stacks), wall',
      '100 environments, peak RSS',
    ]);
  });

  test('the profile summary attributes self time to areas of the code, through the source map', () => {
    const frame = (id: number, url: string, functionName = 'f') => ({
      id,
      callFrame: { functionName, url, lineNumber: id, columnNumber: 0 },
    });
    const profile = {
      nodes: [
        frame(1, '', '(root)'),
        frame(2, 'file:///p/.cache/bundles/main-x.js'),
        frame(3, 'file:///p/.cache/bundles/main-x.js'),
        frame(4, '', '(garbage collector)'),
      ],
      samples: [2, 2, 3, 4],
      timeDeltas: [1000, 1000, 1000, 1000],
    };
    const sources: Record<number, string> = {
      2: '/p/node_modules/cdktf/lib/tokens/resolve.js',
      3: '/p/lib/policy/engine.ts',
    };
    const summary = profileSummary(profile, (_url, line) => sources[line] ?? 'x', '/p');
    expect(summary.totalSeconds).toBeCloseTo(0.004);
    expect(summary.areas).toEqual([
      { name: 'cdktf: token resolution', seconds: 0.002 },
      { name: 'the policy pack (lib/policy/)', seconds: 0.001 },
      { name: 'garbage collection', seconds: 0.001 },
    ]);
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
