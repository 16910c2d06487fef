/**
 * The synth output folder and the disk it is on (lib/app/publish.ts): whatever state the disk is
 * in, a synth either replaces cdktf.out/ whole, or says in one line why not and leaves it as it
 * was, with no staging folder behind. Saved plans of the stacks a new synth still has are carried
 * over.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { synthesizeChecked } from '../../../../lib/app/synth';
import { Fail } from '../../../../lib/core/errors';
import { PLAN_FILE, PLAN_JSON_FILE, PLAN_RECORD_FILE } from '../../../../lib/gitops/record';
import { tree } from '../../../support/cli';
import { lockPath } from '../../../support/disk';
import { configWith, problemsOf } from '../../../support/synth';

const config = configWith();
const quiet = () => {};
const temp = () => mkdtempSync(join(tmpdir(), 'ldm-publish-'));
const synthInto = (outdir: string, c = config) => synthesizeChecked(c, outdir, quiet);
const stackDir = (outdir: string, id: string) => join(outdir, 'stacks', id);

/** A synth in `dir/cdktf.out` with a saved plan beside the network and storage stacks. */
function synthWithPlans(): string {
  const outdir = join(temp(), 'cdktf.out');
  synthInto(outdir);
  for (const id of ['sandbox-network', 'sandbox-storage']) {
    for (const file of [PLAN_FILE, PLAN_JSON_FILE, PLAN_RECORD_FILE])
      writeFileSync(join(stackDir(outdir, id), file), `${file} of ${id}`);
  }
  return outdir;
}

describe('saved plans survive a synth', () => {
  test('a new synth carries over the saved plans of every stack it still has', () => {
    const outdir = synthWithPlans();
    const before = tree(outdir);
    synthInto(outdir);
    const after = tree(outdir);
    for (const id of ['sandbox-network', 'sandbox-storage']) {
      for (const file of [PLAN_FILE, PLAN_JSON_FILE, PLAN_RECORD_FILE]) {
        const path = `stacks/${id}/${file}`;
        expect(after[path]).toBe(before[path]);
      }
    }
    expect(after).toEqual(before);
  });

  test('drops the plans of a stack the new synth no longer has', () => {
    const outdir = synthWithPlans();
    const renamed = configWith((raw) => (raw.environments[0].name = 'other'));
    synthInto(outdir, renamed);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(
      ['catalog', 'migrator', 'network', 'security', 'storage'].map((l) => `other-${l}`).sort(),
    );
  });

  test('carries regular files only: a symbolic link planted as a plan is not a saved plan', () => {
    const outdir = synthWithPlans();
    const planted = join(stackDir(outdir, 'sandbox-security'), PLAN_FILE);
    symlinkSync('/etc/hostname', planted);
    synthInto(outdir);
    expect(existsSync(planted)).toBe(false);
  });
});

describe('the disk as it is', () => {
  test('removes a staging folder an interrupted synth left', () => {
    const outdir = synthWithPlans();
    mkdirSync(`${outdir}.staging/stacks`, { recursive: true });
    writeFileSync(`${outdir}.staging/half-written`, '');
    synthInto(outdir);
    expect(readdirSync(dirname(outdir))).toEqual(['cdktf.out']);
  });

  test('fails if a staging folder left behind cannot be removed, changing nothing', () => {
    const outdir = synthWithPlans();
    const staging = `${outdir}.staging`;
    mkdirSync(staging);
    const before = tree(outdir);
    const unlock = lockPath(staging);
    try {
      expect(problemsOf(() => synthInto(outdir))).toEqual([
        expect.stringMatching(
          new RegExp(`^${escape(staging)}: left by an interrupted run and cannot be removed \\(`),
        ),
      ]);
    } finally {
      unlock();
    }
    expect(tree(outdir)).toEqual(before);
  });

  test('fails if cdktf.out cannot be replaced (read-only or immutable): one line, no staging folder, output unchanged', () => {
    const outdir = synthWithPlans();
    const before = tree(outdir);
    const unlock = lockPath(join(outdir, 'stacks'));
    try {
      expect(problemsOf(() => synthInto(outdir))).toEqual([
        expect.stringMatching(
          new RegExp(`^${escape(outdir)}: cannot be replaced by the new synth \\(.*stacks: `),
        ),
      ]);
    } finally {
      unlock();
    }
    expect(tree(outdir)).toEqual(before);
    expect(readdirSync(dirname(outdir))).toEqual(['cdktf.out']);
  });

  test('fails if the folder above cdktf.out cannot be written', () => {
    const parent = temp();
    const outdir = join(parent, 'cdktf.out');
    const unlock = lockPath(parent);
    try {
      expect(problemsOf(() => synthInto(outdir))).toEqual([
        expect.stringContaining(`${outdir}: cannot be replaced by the new synth (${parent}: `),
      ]);
    } finally {
      unlock();
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  test('fails if the folder CDKTF_OUTDIR is in does not exist, creating nothing', () => {
    const base = temp();
    const outdir = join(base, 'missing', 'cdktf.out');
    expect(problemsOf(() => synthInto(outdir))).toEqual([
      Fail.outdirParentMissing(outdir, join(base, 'missing')),
    ]);
    expect(readdirSync(base)).toEqual([]);
  });

  test('fails if cdktf.out is a file', () => {
    const outdir = join(temp(), 'cdktf.out');
    writeFileSync(outdir, 'not a folder');
    expect(problemsOf(() => synthInto(outdir))).toEqual([Fail.outdirNotFolder(outdir)]);
  });

  test('fails if cdktf.out is a folder of other files (no manifest.json), touching none of them', () => {
    const outdir = join(temp(), 'my-documents');
    mkdirSync(outdir);
    writeFileSync(join(outdir, 'thesis.tex'), 'years of work');
    expect(problemsOf(() => synthInto(outdir))).toEqual([Fail.outdirNotSynth(outdir)]);
    expect(tree(outdir)).toEqual({ 'thesis.tex': 'years of work' });
  });

  test('fails if cdktf.out is the working directory or one of its parents', () => {
    for (const outdir of ['.', '..', '/', process.cwd()]) {
      expect(problemsOf(() => synthInto(outdir))).toEqual([Fail.outdirNotOwn(outdir)]);
    }
  });

  test('an empty folder is a fine place for a first synth', () => {
    const outdir = join(temp(), 'empty');
    mkdirSync(outdir);
    synthInto(outdir);
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
