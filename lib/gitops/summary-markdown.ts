/**
 * The Markdown summary posted on a pull request: one table row per stack, then the address of every
 * replace and delete, then the destroy guard's verdict. Plain text in, plain text out.
 */
import { allowanceFor, type GuardResult } from './guard';
import { type Change, changesOf, COUNTED_KINDS, type StackPlanSummary } from './summary';

/** A Markdown code span that survives backticks inside the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function changeLine(c: Change, guarded: ReadonlySet<string>): string {
  const notes = [
    c.reason ? c.reason.replace(/_/g, ' ') : undefined,
    guarded.has(c.address) ? '**protected**' : undefined,
  ].filter(Boolean);
  return `- ${code(c.address)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

function stackNotes(s: StackPlanSummary): string[] {
  const notes: string[] = [];
  if (s.context && s.context.placeholdersFor.length > 0) {
    notes.push(
      `planned against placeholder outputs of ${s.context.placeholdersFor.map(code).join(', ')}`,
    );
  }
  if (s.context?.upstreamChanging && s.context.upstreamChanging.length > 0) {
    notes.push(
      `reads outputs that the plan of ${s.context.upstreamChanging.map(code).join(', ')} changes: plan again after applying it`,
    );
  }
  if (!s.complete) notes.push('incomplete plan: Terraform left changes for a later run');
  return notes;
}

export interface RenderOptions {
  /** A heading line, such as the config file and mode. */
  readonly title?: string;
  /** The config file planned: the summary then says how to see who can do what after the apply. */
  readonly accessReportOf?: string;
}

export function renderSummary(
  summaries: readonly StackPlanSummary[],
  guard: GuardResult,
  options: RenderOptions = {},
): string {
  const lines: string[] = [`### ${options.title ?? 'Terraform plan'}`, ''];
  const mock = summaries.some((s) => s.context?.mode === 'mock-aws');
  if (mock) {
    lines.push(
      '> Planned with `--mock-aws`: placeholder credentials, no AWS account contacted, every stack planned from empty state. These plans show what the code creates; they can never be applied.',
      '',
    );
  }

  lines.push(
    `| stack | ${COUNTED_KINDS.join(' | ')} | notes |`,
    `| --- | ${COUNTED_KINDS.map(() => '--:').join(' | ')} | --- |`,
  );
  for (const s of summaries) {
    const counts = COUNTED_KINDS.map((k) => String(s.counts[k]));
    const notes = stackNotes(s);
    if (s.changes.length === 0) notes.unshift('no changes');
    lines.push(`| ${code(s.stack)} | ${counts.join(' | ')} | ${notes.join('; ')} |`);
  }

  const guarded = new Set([...guard.blocked, ...guard.allowed].map((f) => f.address));
  for (const s of summaries) {
    const replaced = changesOf(s, 'replace');
    const deleted = changesOf(s, 'delete');
    const moved = s.changes.filter((c) => c.movedFrom !== undefined);
    const imported = s.changes.filter((c) => c.importing);
    const forgotten = changesOf(s, 'forget');
    if (replaced.length + deleted.length + moved.length + imported.length + forgotten.length === 0)
      continue;
    lines.push('', `#### ${code(s.stack)}`);
    const section = (title: string, items: string[]) => {
      if (items.length > 0) lines.push('', `${title}:`, '', ...items);
    };
    section(
      'Replaced (destroyed, then created anew)',
      replaced.map((c) => changeLine(c, guarded)),
    );
    section(
      'Deleted',
      deleted.map((c) => changeLine(c, guarded)),
    );
    section(
      'Moved',
      moved.map((c) => `- ${code(c.movedFrom!)} → ${code(c.address)}`),
    );
    section(
      'Imported',
      imported.map((c) => `- ${code(c.address)}`),
    );
    section(
      'Forgotten (removed from state, not destroyed)',
      forgotten.map((c) => `- ${code(c.address)}`),
    );
  }

  lines.push('', '#### Destroy guard', '');
  if (guard.blocked.length === 0) {
    lines.push(
      guard.allowed.length === 0
        ? 'Passed: no protected resource is deleted or replaced.'
        : 'Passed: every protected resource that is deleted or replaced is named by `--allow-destroy`.',
    );
  } else {
    lines.push(
      `**Failed**: ${guard.blocked.length} protected resource${guard.blocked.length === 1 ? '' : 's'} would be deleted or replaced:`,
      '',
      ...guard.blocked.map(
        (f) => `- ${code(f.stack)} ${code(f.address)}: ${f.kind}; this ${f.type} ${f.why}`,
      ),
      '',
      'If that is intended, confirm the data is safe elsewhere and plan again with ' +
        guard.blocked.map((f) => code(`--allow-destroy ${allowanceFor(f)}`)).join(' '),
    );
  }
  if (guard.allowed.length > 0) {
    lines.push(
      '',
      'Allowed by `--allow-destroy`:',
      '',
      ...guard.allowed.map((f) => `- ${code(f.stack)} ${code(f.address)}: ${f.kind}`),
    );
  }
  if (guard.unused.length > 0) {
    lines.push(
      '',
      `\`--allow-destroy\` values that matched nothing: ${guard.unused.map(code).join(', ')}`,
    );
  }
  if (options.accessReportOf) {
    lines.push(
      '',
      '#### Access',
      '',
      `Who can do what on which resource once this is applied — the required and forbidden calls, simulated over these stacks' policies, with the statement that decides each: ${code(`npm run access -- --config ${options.accessReportOf}`)} (docs/security.md, "Proven access"; the example's report is docs/access-example.md).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
