/**
 * Every file in config/ synthesizes with no unacknowledged finding: the examples are what users
 * copy, so they must pass the pack exactly as `npm run synth` runs it.
 */
import { join } from 'node:path';
import { loadConfig } from '../../../../lib/app/config';
import { blockingLines, noteLines } from '../../../../lib/policy/report';
import { runPack } from '../../../../lib/policy';
import { readSynth } from '../../../../lib/app/synth-output';
import { CONFIG_DIR, configFiles, synth } from '../../../support/synth';

describe('the examples in config/ pass the pack', () => {
  test.each(configFiles())(
    '%s has no unacknowledged finding and no stale acknowledgement',
    (file) => {
      const config = loadConfig(file);
      const report = runPack(readSynth(synth(config).outdir), config.acknowledgements);
      expect(blockingLines(report)).toEqual([]);
      expect(noteLines(report).filter((l) => !l.startsWith('policy: acknowledged '))).toEqual([]);
    },
  );
});

describe('defence in depth behind config validation', () => {
  test('an EC2 host open to the internet in two halves, had validation let it through, fails LDM-SG-001', () => {
    // Config validation refuses adminCidrs wider than /8 (and the security stack refuses a
    // literal 0.0.0.0/0); bypass validation to show the pack stops the rest on its own.
    const config = loadConfig(join(CONFIG_DIR, 'ec2-remote-agent.yaml'));
    const env = config.environments[0]!;
    const halves = ['0.0.0.0/1', '128.0.0.0/1'];
    const open = {
      ...config,
      environments: [{ ...env, migrator: { ...env.migrator, adminCidrs: halves } }],
    };
    const report = runPack(readSynth(synth(open).outdir));
    const world = report.findings.filter((f) => f.rule === 'LDM-SG-001');
    expect(world.length).toBeGreaterThan(0);
    for (const finding of world) {
      expect(finding.stack).toBe(`${env.name}-security`);
      expect(finding.detail).toMatch(/allows (0\.0\.0\.0|128\.0\.0\.0)\/1$/);
    }
  });
});
