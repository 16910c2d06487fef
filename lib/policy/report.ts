/**
 * What the pack's results look like to people and pipelines: lines for the terminal, a JSON
 * report, and SARIF 2.1.0 for code-scanning dashboards (hand-written: the shape is small).
 */
import { PolicyMessages } from '../core/errors';
import { findingTarget } from './acknowledgements';
import { blockingFindings, type PolicyReport } from './engine';
import { PACK } from './rules';
import type { Finding, Rule } from './types';

/** Lines printed on every synth: acknowledged findings, warnings, unused acknowledgements. */
export function noteLines(report: PolicyReport): string[] {
  return [
    ...report.findings
      .filter((f) => f.acknowledged)
      .map((f) => PolicyMessages.acknowledged(f, f.acknowledged!.reason)),
    ...report.findings
      .filter((f) => f.severity === 'warning' && !f.acknowledged)
      .map((f) => PolicyMessages.warning(f)),
    ...report.unusedAcknowledgements.map((u) =>
      PolicyMessages.unusedAcknowledgement(
        u.index,
        u.acknowledgement.rule,
        u.acknowledgement.resource,
      ),
    ),
  ];
}

/** The problem lines of the UserError a failing synth throws: one per blocking finding. */
export function blockingLines(report: PolicyReport): string[] {
  return blockingFindings(report).map((f) => PolicyMessages.finding(f));
}

export interface ReportSource {
  /** The config file the stacks came from (where acknowledgements live). */
  readonly config: string;
}

export const REPORT_FORMAT_VERSION = 1;

/** The JSON report `npm run policy -- --report <file>` writes. */
export function jsonReport(
  report: PolicyReport,
  source: ReportSource,
  rules: readonly Rule[] = PACK,
) {
  const blocking = blockingFindings(report).length;
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    tool: 'ldm-policy-pack',
    config: source.config,
    passed: blocking === 0,
    summary: {
      stacks: report.stacks.length,
      findings: report.findings.length,
      blocking,
      errors: report.findings.filter((f) => f.severity === 'error').length,
      warnings: report.findings.filter((f) => f.severity === 'warning').length,
      acknowledged: report.findings.filter((f) => f.acknowledged).length,
    },
    stacks: report.stacks,
    findings: report.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      stack: f.stack,
      resource: f.resource,
      target: findingTarget(f),
      reason: f.reason,
      detail: f.detail,
      fix: f.fix,
      acknowledged: f.acknowledged ?? null,
    })),
    unusedAcknowledgements: report.unusedAcknowledgements,
    rules: rules.map(describeRule),
  };
}

function describeRule(rule: Rule) {
  const { id, title, reason, severity, fix, checkov, cdkNag } = rule;
  return { id, title, reason, severity, fix, checkov, cdkNag };
}

/** SARIF 2.1.0: one run, the pack's rules, one result per finding; acknowledged ones suppressed. */
export function sarifReport(
  report: PolicyReport,
  source: ReportSource,
  rules: readonly Rule[] = PACK,
) {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ldm-policy-pack',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: r.reason },
              help: { text: `${r.fix} See docs/policy.md.` },
              defaultConfiguration: { level: r.severity },
              properties: { checkov: r.checkov, cdkNag: r.cdkNag },
            })),
          },
        },
        results: report.findings.map((f) => sarifResult(f, index.get(f.rule), source)),
      },
    ],
  };
}

function sarifResult(f: Finding, ruleIndex: number | undefined, source: ReportSource) {
  return {
    ruleId: f.rule,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: f.severity,
    message: { text: `${f.detail}. ${f.reason} Fix: ${f.fix}` },
    locations: [
      {
        // The config is what a user edits to fix or acknowledge a finding.
        physicalLocation: { artifactLocation: { uri: source.config } },
        logicalLocations: [
          { fullyQualifiedName: findingTarget(f), name: f.resource, kind: 'resource' },
        ],
      },
    ],
    ...(f.acknowledged
      ? {
          suppressions: [
            { kind: 'external', status: 'accepted', justification: f.acknowledged.reason },
          ],
        }
      : {}),
    partialFingerprints: { ldmFinding: `${f.rule}|${findingTarget(f)}|${f.detail}` },
  };
}
