/**
 * Cheap token creation traces (lib/app/token-traces.ts): cdktf records none while a synth runs,
 * errors keep their stacks, and the output is the same.
 */
import { Lazy } from 'cdktf';
import { tokenTracesSwitchable, withCheapTokenTraces } from '../../../../lib/app/token-traces';
import { readSynth } from '../../../../lib/app/synth-output';
import { digestsOf } from '../../../../lib/app/digest';
import { synthesize } from '../../../../lib/app/synth';
import { configWith } from '../../../support/synth';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The creation stack cdktf records for a token made now (a Lazy keeps it as `creationStack`). */
const creationStack = () =>
  (Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] }).creationStack;

describe('token creation traces', () => {
  test('the installed cdktf has the function to switch (a cdktf upgrade that moves it fails here)', () => {
    expect(tokenTracesSwitchable()).toBe(true);
  });

  test('none are recorded inside, full ones outside and when asked to keep them', () => {
    expect(creationStack().length).toBeGreaterThan(0);
    expect(withCheapTokenTraces(() => creationStack())).toEqual([]);
    expect(creationStack().length).toBeGreaterThan(0);
    expect(withCheapTokenTraces(() => creationStack(), true).length).toBeGreaterThan(0);
  });

  test('errors thrown inside keep their stack, and the function is back after them', () => {
    let stack = '';
    try {
      withCheapTokenTraces(() => {
        throw new Error('boom');
      });
    } catch (err) {
      stack = (err as Error).stack ?? '';
    }
    expect(stack.split('\n').filter((l) => l.trim().startsWith('at ')).length).toBeGreaterThan(3);
    expect(creationStack().length).toBeGreaterThan(0);
  });

  test('the synthesized output is the same either way', () => {
    const config = configWith();
    const outdir = (keep: boolean) => {
      const dir = mkdtempSync(join(tmpdir(), 'ldm-traces-'));
      synthesize(config, dir, { keepTokenTraces: keep });
      return digestsOf(readSynth(dir));
    };
    expect(outdir(false)).toEqual(outdir(true));
  });
});
