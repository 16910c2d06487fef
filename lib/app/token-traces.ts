/**
 * Cheap token creation traces while a synth runs.
 *
 * cdktf 0.21 records a stack trace for every token it creates (Intrinsic, Lazy, references,
 * complex lists: thousands per stack): `captureStackTrace` in
 * cdktf/lib/tokens/private/stack-trace.js raises `Error.stackTraceLimit` to
 * `Number.MAX_SAFE_INTEGER`, captures, and formats the whole stack into strings. That is about a
 * quarter of a large synth. The traces are read in one place only, the text of a token resolution
 * error ("Object creation stack:"); they never reach the synthesized JSON.
 *
 * cdktf has no switch for it: the App's `stackTraces: false` (context
 * `@cdktf/disable_stack_trace_in_metadata`) only covers Annotations metadata, and lowering
 * `Error.stackTraceLimit` does nothing because cdktf raises it itself. So, for the duration of `fn`
 * only, the module's exported function (which cdktf reads on every call, `(0,
 * stack_trace_1.captureStackTrace)()`) is swapped for one that records nothing. Errors keep their
 * own, full stacks: `Error.stackTraceLimit` is untouched, and the original function is back when
 * `fn` returns or throws. `keepTraces` (LDM_TOKEN_TRACES=full) keeps cdktf's traces, to debug a
 * token resolution error.
 *
 * cdktf is archived at 0.21.0; should a release move the module, this does nothing (synth is only
 * slower), and test/unit/lib/app/token-traces.test.ts notices.
 */

type CaptureStackTrace = (below?: unknown) => string[];

interface StackTraceModule {
  captureStackTrace?: CaptureStackTrace;
}

function stackTraceModule(): StackTraceModule | undefined {
  try {
    // A deep require on purpose (cdktf has no "exports" map): the very module object cdktf's own
    // token classes read the function from, bundled or not.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('cdktf/lib/tokens/private/stack-trace') as StackTraceModule;
  } catch {
    return undefined;
  }
}

const noTrace: CaptureStackTrace = () => [];

/** Whether the traces can be made cheap with the installed cdktf. */
export function tokenTracesSwitchable(): boolean {
  return typeof stackTraceModule()?.captureStackTrace === 'function';
}

/** Runs `fn` (building and synthesizing an app) with cheap token traces, unless `keepTraces`. */
export function withCheapTokenTraces<T>(fn: () => T, keepTraces = false): T {
  const mod = stackTraceModule();
  const original = mod?.captureStackTrace;
  if (!mod || typeof original !== 'function' || keepTraces || original === noTrace) return fn();
  mod.captureStackTrace = noTrace;
  try {
    return fn();
  } finally {
    mod.captureStackTrace = original;
  }
}
