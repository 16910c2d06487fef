/**
 * How many terraform processes run at once (lib/gitops/slots.ts): from cores and memory, within a
 * process and across processes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mapTerraform,
  PROVIDER_BYTES,
  terraformConcurrency,
  withTerraformSlots,
} from '../../../../lib/gitops/slots';
import { ROOT } from '../../../support/synth';

const GiB = 1024 ** 3;

describe('terraform concurrency', () => {
  test('one per core, fewer when memory is short, never none', () => {
    expect(terraformConcurrency(2, 20 * GiB)).toBe(2);
    expect(terraformConcurrency(8, 2 * PROVIDER_BYTES)).toBe(2);
    expect(terraformConcurrency(4, 100 * 1024 ** 2)).toBe(1);
  });

  test('mapTerraform keeps the order, and runs at most the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapTerraform(
      [5, 1, 3, 2],
      async (n) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, n * 5));
        running -= 1;
        return n * 10;
      },
      { limit: 2, slotDir: mkdtempSync(join(tmpdir(), 'ldm-slots-')) },
    );
    expect(results).toEqual([50, 10, 30, 20]);
    expect(most).toBe(2);
  });

  test('mapTerraform starts nothing after the first failure, and rejects with it', async () => {
    const started: number[] = [];
    await expect(
      mapTerraform(
        [1, 2, 3, 4, 5],
        async (n) => {
          started.push(n);
          if (n === 1) throw new Error('init failed');
          await new Promise((r) => setTimeout(r, 20));
          return n;
        },
        { limit: 1, slotDir: mkdtempSync(join(tmpdir(), 'ldm-slots-')) },
      ),
    ).rejects.toThrow('init failed');
    expect(started).toEqual([1]);
  });

  test('slots are machine-wide: another process waits while this one holds them all', async () => {
    // A folder of slots of its own: the test never waits for (or holds up) a real terraform run.
    const dir = mkdtempSync(join(tmpdir(), 'ldm-slots-'));
    const script = [
      `const { withTerraformSlots } = require(${JSON.stringify(join(ROOT, 'lib/gitops/slots.ts'))});`,
      // The clock starts before `ready`, so however late this process runs after writing it, the
      // wait it measures covers the whole time the parent holds the slots after reading it.
      'const t = Date.now();',
      "process.stderr.write('ready\\n');",
      `withTerraformSlots(1, async () => process.stdout.write(String(Date.now() - t)), 2, ${JSON.stringify(dir)});`,
    ].join('\n');
    let output = '';
    let closed!: Promise<void>;
    await withTerraformSlots(
      2,
      async () => {
        const child = spawn(
          process.execPath,
          [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '-e', script],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        closed = new Promise((resolve) => child.on('close', () => resolve()));
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        // Hold both slots a while after the child is up and asking for one.
        await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
        await new Promise((r) => setTimeout(r, 500));
        expect(output).toBe('');
      },
      2,
      dir,
    );
    await closed;
    expect(Number(output)).toBeGreaterThanOrEqual(400);
  });
});
