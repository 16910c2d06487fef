/**
 * The access tier's test shape, for config files and variants alike: one test per policy document
 * (it validates, with no finding) and one per call of the environment's table (the simulator's
 * verdict is the one the table expects). Synthesized while jest collects the tests, so every call
 * is a test of its own; only the simulations are asynchronous.
 */
import { accessCalls, type Call } from '../../lib/access/calls';
import { accessModels } from '../../lib/access/model';
import { type CallVerdict, evaluateCall, validateDocuments } from '../../lib/access/run';
import type { Config } from '../../lib/app/schema';
import { readSynth } from '../../lib/app/synth-output';
import { synth } from './synth';

/** `allowed` or `denied`, and the statements that decided, for a failure message a reviewer can act on. */
export function verdictLine(v: CallVerdict): string {
  const cite = v.decidedBy
    .map((d) => `${d.policy}${d.sid ? `#${d.sid}` : ''}${d.effect === 'None' ? ' (no Allow)' : ''}`)
    .join(' + ');
  const near = v.nearMisses
    .map((n) => `${n.policy}#${n.sid ?? '?'} failed ${n.failedConditions.join(', ')}`)
    .join('; ');
  return `${v.decision === 'Allowed' ? 'allowed' : 'denied'} on ${v.decidingResource} by ${cite || '-'}${near ? ` (near misses: ${near})` : ''}`;
}

/**
 * Registers the tier's tests for every environment of `config`. `knownDefects` holds
 * `<environment>/<call id>` of calls the landing zone gets wrong today: they run as `test.failing`
 * (passing while the verdict is wrong) until a fix flips them.
 */
export function describeAccess(
  config: Config,
  knownDefects: ReadonlySet<string> = new Set(),
): void {
  const models = accessModels(config, readSynth(synth(config).outdir));
  describe.each(models.map((m) => [m.environment.name, m]))('%s', (env, m) => {
    test.each(m.documents.map((d) => [d.name, d]))('%s validates', async (_doc, d) => {
      const verdicts = await validateDocuments({ ...m, documents: [d] });
      expect(verdicts[0]!.findings).toEqual([]);
    });

    const named = (cs: Call[]) => cs.map((c): [string, Call] => [`${c.expect}: ${c.id}`, c]);
    const expectVerdict = async (_id: string, call: Call) => {
      expect(verdictLine(await evaluateCall(call))).toMatch(new RegExp(`^${call.expect} `));
    };
    const calls = accessCalls(m);
    const known = (c: Call) => knownDefects.has(`${env}/${c.id}`);
    test.each(named(calls.filter((c) => !known(c))))('%s', expectVerdict);
    const wrong = calls.filter(known);
    if (wrong.length > 0) test.failing.each(named(wrong))('%s (known defect)', expectVerdict);
  });
}
