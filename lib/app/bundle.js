#!/usr/bin/env node
// @ts-check
/**
 * How every npm script runs: `node lib/app/bundle.js <entry> [arguments...]`, where the entry is
 * main.ts (the cdktf app: `npm run synth`, cdktf.json) or a command of lib/cli/. It runs a bundle
 * of the entry and everything it imports, built by esbuild into .cache/bundles/, with plain
 * `node`: no TypeScript compiler on the way, so a synth of the example takes a fraction of a
 * second (docs/performance.md). Types are checked by `npm run build`, lint and the tests.
 *
 * Before it runs a bundle it checks, in a few milliseconds, that the bundle was built from the
 * sources as they are now: the stamp beside it lists every input (each project file and folder the
 * bundle came from, the package.json of each bundled package, the lock files, this file) with the
 * hash of its content, and every input is hashed again (about 1.3 MB: a few milliseconds). Any
 * difference, whatever the files' times say, means the bundle is built again first (about a
 * second). A stale bundle is never run, and nothing needs to be built by hand after an edit. (Edits
 * inside node_modules are not looked for, except through the lock file npm rewrites on every
 * install: LDM_BUNDLE_REBUILD=1 builds anyway.)
 *
 * Builds are safe to run at once: every file is written under a temporary name and renamed into
 * place, the bundle named by its content hash, the stamp (which names the bundle) last.
 *
 * On Node.js 20 the bundle runs from V8's code cache (vm.Script cachedData, kept beside the
 * bundle): later runs skip most of the parsing and compiling. Stack traces of internal errors are
 * mapped back to the TypeScript sources with the bundle's source map (lib/app/stack-trace.ts).
 *
 *   LDM_BUNDLE_REBUILD=1   build even if the bundle looks fresh
 */
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'bundles');
/** Bumped when the stamp's format or the build options change in a way the inputs do not show. */
const STAMP_VERSION = 2;

/**
 * Left to Node.js's own `require`: development-only packages that load files of their own at run
 * time (the IAM simulator's data, prettier's plugins) or are build tools themselves.
 */
const EXTERNAL = ['@cloud-copilot/*', 'prettier', 'esbuild', 'typescript'];

/**
 * Packages cdktf requires when it loads but a synth never calls (archiver zips TerraformAsset
 * folders and pulls in ~700 KiB of code): each becomes a stand-in that requires the real package
 * on first use.
 */
const LAZY = ['archiver'];

/** Files that change what a build makes but are not imported by any entry. */
const EXTRA_INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'lib/app/bundle.js',
  // npm rewrites it on every install or ci: a cheap sign that node_modules changed.
  'node_modules/.package-lock.json',
];

/** @param {string | Uint8Array} data */
const sha1 = (data) => createHash('sha1').update(data).digest('hex');

/**
 * @typedef {{ path: string, dir: boolean, sha1: string }} Input
 * @typedef {{ version: number, entry: string, bundle: string, builtAtMs: number, buildMs: number, inputs: Input[] }} Stamp
 */

/** The bundle's name: `main` for main.ts, the command's name for lib/cli/<name>.ts. */
function entryName(/** @type {string} */ entry) {
  const normal = entry.replace(/\\/g, '/').replace(/^\.\//, '');
  if (normal === 'main.ts') return 'main';
  const cli = /^lib\/cli\/([a-z0-9-]+)\.ts$/.exec(normal);
  if (cli && fs.existsSync(path.join(ROOT, normal))) return cli[1];
  return undefined;
}

/** What esbuild bundles: main.ts itself, or a few lines that run a command's `main`. */
function entrySource(/** @type {string} */ name) {
  if (name === 'main') return { entryPoints: [path.join(ROOT, 'main.ts')] };
  return {
    stdin: {
      contents: [
        `import { main } from './lib/cli/${name}';`,
        `import { runCli } from './lib/app/run-cli';`,
        `void runCli(() => main(process.argv.slice(2), process.env));`,
      ].join('\n'),
      resolveDir: ROOT,
      loader: /** @type {const} */ ('ts'),
    },
  };
}

/** @param {string} file @param {string | Uint8Array} data */
function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** The content hash of a file, or of a folder's listing. */
function describe(/** @type {string} */ abs) {
  const dir = fs.statSync(abs).isDirectory();
  const hash = dir ? sha1(fs.readdirSync(abs).sort().join('\n')) : sha1(fs.readFileSync(abs));
  return { path: abs, dir, sha1: hash };
}

const lazyRequire = {
  name: 'lazy-require',
  /** @param {import('esbuild').PluginBuild} b */
  setup(b) {
    const filter = new RegExp(`^(${LAZY.join('|')})$`);
    b.onResolve({ filter }, async (args) => {
      if (args.pluginData === 'lazy-require') return undefined;
      const real = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'lazy-require',
      });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-require' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-require' }, (args) => ({
      loader: 'js',
      contents: [
        'let real;',
        `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        'module.exports = new Proxy(function lazy() {}, {',
        '  apply: (_target, self, argv) => Reflect.apply(load(), self, argv),',
        '  construct: (_target, argv) => Reflect.construct(load(), argv),',
        '  get: (_target, key) => load()[key],',
        '  has: (_target, key) => key in load(),',
        '});',
      ].join('\n'),
    }));
    // The stand-in's own require of the real file stays a require at run time.
    b.onResolve({ filter: /.*/, namespace: 'lazy-require' }, (args) => ({
      path: args.path,
      external: true,
    }));
  },
};

/**
 * Builds the bundle of `name` and commits its stamp. The project's sources are read through a
 * plugin, so the stamp holds the hash of the very text that went into the bundle: an edit during
 * the build shows up as stale on the next run, never as a stale bundle taken for fresh.
 */
async function build(/** @type {string} */ name) {
  const esbuild = require('esbuild');
  const started = Date.now();
  fs.mkdirSync(CACHE, { recursive: true });
  /** @type {Map<string, Input>} */
  const seen = new Map();
  const hashSources = {
    name: 'hash-sources',
    /** @param {import('esbuild').PluginBuild} b */
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const contents = fs.readFileSync(args.path);
        seen.set(args.path, { path: args.path, dir: false, sha1: sha1(contents) });
        return { contents, loader: 'ts' };
      });
    },
  };
  const outfile = path.join(CACHE, `${name}.js`);
  const result = await esbuild.build({
    ...entrySource(name),
    absWorkingDir: ROOT,
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    // A linked map, read only to print an internal error (lib/app/stack-trace.ts) or when run
    // with --enable-source-maps: mapping every stack trace would cost a tenth of a second a run.
    sourcemap: 'linked',
    sourcesContent: false,
    // keepNames wraps every function in __name(): about 15 % of a large synth. Nothing on these
    // paths reads function names.
    keepNames: false,
    legalComments: 'none',
    // Less text to read and parse; names stay as they are.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'silent',
    metafile: true,
    write: false,
    plugins: [lazyRequire, hashSources],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!js || !map) throw new Error('esbuild wrote no bundle');
  const id = `${name}-${sha1(js.contents).slice(0, 16)}`;
  const code = js.text.replace(
    new RegExp(`//# sourceMappingURL=${name}\\.js\\.map\\s*$`),
    `//# sourceMappingURL=${id}.js.map\n`,
  );

  /** @type {Map<string, Input>} */
  const inputs = new Map(seen);
  const dirs = new Set();
  for (const key of Object.keys(result.metafile.inputs)) {
    if (key.startsWith('<stdin>')) continue;
    const abs = path.resolve(ROOT, key.replace(/^lazy-require:/, ''));
    // A bundled package stands for all its files: its package.json (the version) is checked, and
    // node_modules/.package-lock.json changes on every install. Checking each of its files would
    // cost ~10 ms a run; an edit inside node_modules needs LDM_BUNDLE_REBUILD=1.
    const pkg = /^(.*?[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(abs);
    const file = pkg ? path.join(pkg[1], 'package.json') : abs;
    if (!inputs.has(file)) inputs.set(file, describe(file));
    // A file added beside an import (x.ts next to x/index.ts) changes what it resolves to.
    if (!pkg) dirs.add(path.dirname(abs));
  }
  for (const dir of dirs) inputs.set(dir, describe(dir));
  for (const rel of EXTRA_INPUTS) {
    const abs = path.join(ROOT, rel);
    if (fs.existsSync(abs)) inputs.set(abs, describe(abs));
  }

  writeAtomic(path.join(CACHE, `${id}.js.map`), map.contents);
  writeAtomic(path.join(CACHE, `${id}.js`), code);
  /** @type {Stamp} */
  const stamp = {
    version: STAMP_VERSION,
    entry: name,
    bundle: `${id}.js`,
    builtAtMs: Date.now(),
    buildMs: Date.now() - started,
    inputs: [...inputs.values()],
  };
  writeAtomic(path.join(CACHE, `${name}.json`), JSON.stringify(stamp));
  collectGarbage(name, id);
  return path.join(CACHE, stamp.bundle);
}

/** Removes bundles of `name` that its stamp no longer names, once they are 10 minutes old. */
function collectGarbage(/** @type {string} */ name, /** @type {string} */ id) {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const file of fs.readdirSync(CACHE)) {
    const ours =
      file.startsWith(`${name}-`) && /^[0-9a-f]{16}[.]/.test(file.slice(name.length + 1));
    const stray = file.endsWith('.tmp');
    if ((!ours && !stray) || file.startsWith(`${id}.`)) continue;
    try {
      const abs = path.join(CACHE, file);
      if (fs.statSync(abs).mtimeMs < cutoff) fs.rmSync(abs, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/** The bundle of `name` when every input hashes as its stamp records, else undefined. */
function freshBundle(/** @type {string} */ name) {
  /** @type {Stamp} */
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(CACHE, `${name}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  if (stamp.version !== STAMP_VERSION || stamp.entry !== name) return undefined;
  for (const input of stamp.inputs) {
    try {
      const current = describe(input.path);
      if (current.sha1 !== input.sha1 || current.dir !== input.dir) return undefined;
    } catch {
      return undefined; // an input is gone
    }
  }
  const bundle = path.join(CACHE, stamp.bundle);
  return fs.existsSync(bundle) ? bundle : undefined;
}

/** Runs the bundle as the CommonJS module it is, from V8's code cache when there is one. */
function runBundle(/** @type {string} */ bundle) {
  if (/** @type {any} */ (process).sourceMapsEnabled) {
    // --enable-source-maps maps only what the CommonJS loader compiled.
    require(bundle);
    return;
  }
  const vm = require('node:vm');
  // The bundle's name is its content hash: a cache file can only ever belong to this bundle.
  const cacheFile = `${bundle}.${process.version}-${process.arch}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), {
    filename: bundle,
    cachedData,
  });
  if (!cachedData || script.cachedDataRejected) {
    // At exit the cache holds every function the run compiled, not only the top level.
    process.once('exit', () => {
      try {
        writeAtomic(cacheFile, script.createCachedData());
      } catch {
        // A read-only checkout: no cache, no harm.
      }
    });
  }
  const mod = { exports: {}, id: bundle, filename: bundle, loaded: false, children: [], paths: [] };
  const wrapper = script.runInThisContext({ displayErrors: true });
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, CACHE);
}

/** The bundle of `name`, built first when it is missing or stale. */
async function bundleFor(/** @type {string} */ name) {
  return (!process.env.LDM_BUNDLE_REBUILD && freshBundle(name)) || (await build(name));
}

async function launch(/** @type {string[]} */ argv) {
  const [entry, ...args] = argv;
  const name = entry === undefined ? undefined : entryName(entry);
  if (!name) {
    process.stderr.write(
      `error: Invalid arguments\n  - ${entry ?? '(no entry)'}: expected main.ts or lib/cli/<command>.ts; usage: node lib/app/bundle.js <entry> [arguments...]\n`,
    );
    process.exitCode = 1;
    return;
  }
  let bundle;
  try {
    bundle = await bundleFor(name);
  } catch (err) {
    // A syntax error in a source is a build failure, with esbuild's file:line messages.
    const errors =
      /** @type {{ errors?: { text: string, location?: { file: string, line: number, column: number } | null }[] }} */ (
        err
      ).errors;
    if (!errors) throw err;
    process.stderr.write('error: The TypeScript sources do not build\n');
    for (const e of errors) {
      const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
      process.stderr.write(`  - ${at}${e.text}\n`);
    }
    process.exitCode = 1;
    return;
  }
  // The command sees its own arguments, as if it had been run directly.
  process.argv = [process.argv[0] ?? 'node', bundle, ...args];
  runBundle(bundle);
}

module.exports = { ROOT, CACHE, EXTERNAL, build, freshBundle, entryName };

if (require.main === module) {
  launch(process.argv.slice(2)).catch((err) => {
    process.stderr.write(
      `internal error (please report it with the command you ran): ${err?.stack ?? err}\n`,
    );
    process.exitCode = 2;
  });
}
