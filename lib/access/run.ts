/**
 * Runs the access tier over a synth: validates every document of every environment and simulates
 * every call of its table (lib/access/calls.ts). Pure apart from the simulator; the test tier
 * and `npm run access` both call `evaluateAccess`.
 */
import type { Config } from '../app/schema';
import type { SynthesizedJson } from '../app/synth-output';
import { type Call, accessCalls, type Expectation } from './calls';
import {
  type DecidingStatement,
  type Decision,
  type Finding,
  type NearMiss,
  simulate,
  validateDocument,
} from './harness';
import { type AccessDocument, accessModels, type EnvironmentModel } from './model';

export interface DocumentVerdict {
  readonly document: AccessDocument;
  readonly findings: readonly Finding[];
}

export interface CallVerdict {
  readonly call: Call;
  /** The call as AWS authorises it: allowed only when every resource allows it. */
  readonly decision: Decision;
  /** The resource whose simulation decided (the first that denied, else the last). */
  readonly decidingResource: string;
  readonly decidedBy: readonly DecidingStatement[];
  readonly nearMisses: readonly NearMiss[];
  /** The verdict is what the table expects. */
  readonly ok: boolean;
}

export interface EnvironmentAccess {
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly documents: readonly DocumentVerdict[];
  readonly calls: readonly CallVerdict[];
}

const outcome = (d: Decision): Expectation => (d === 'Allowed' ? 'allowed' : 'denied');

/** Simulates one call of a table. */
export async function evaluateCall(call: Call): Promise<CallVerdict> {
  let last: CallVerdict | undefined;
  for (const resource of call.resources) {
    const r = await simulate({ ...call, resource });
    last = {
      call,
      decision: r.decision,
      decidingResource: resource,
      decidedBy: r.decidedBy,
      nearMisses: r.nearMisses,
      ok: outcome(r.decision) === call.expect,
    };
    if (r.decision !== 'Allowed') break;
  }
  if (!last) throw new Error(`${call.id}: a call needs at least one resource`);
  return last;
}

/** Validates every document of an environment, resource policies against what they are attached to. */
export async function validateDocuments(m: EnvironmentModel): Promise<DocumentVerdict[]> {
  const verdicts: DocumentVerdict[] = [];
  for (const document of m.documents) {
    const attachedTo =
      document.kind === 'resource' && !document.address.startsWith('aws_kms_key.')
        ? document.attachedTo
        : undefined;
    const findings = await validateDocument(document.document, document.kind, attachedTo);
    verdicts.push({ document, findings });
  }
  return verdicts;
}

/** The access tier over one synth of `config` (stacks as `readSynth` returns them). */
export async function evaluateAccess(
  config: Config,
  synth: readonly SynthesizedJson[],
): Promise<EnvironmentAccess[]> {
  const results: EnvironmentAccess[] = [];
  for (const m of accessModels(config, synth)) {
    const documents = await validateDocuments(m);
    const calls: CallVerdict[] = [];
    for (const call of accessCalls(m)) calls.push(await evaluateCall(call));
    results.push({
      environment: m.environment.name,
      accountId: m.environment.accountId,
      region: m.environment.region,
      documents,
      calls,
    });
  }
  return results;
}
