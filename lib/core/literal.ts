/**
 * Config strings are data, never code. Terraform reads every string of a synthesized stack — values
 * and object keys alike, in `cdk.tf.json` as in `cdk.tf` — as a template: `${…}` is an expression
 * (`${file("/etc/hostname")}` reads a file of whoever plans), `%{…}` a directive. A string the user
 * wrote must reach Terraform as exactly what they wrote, so each `${` becomes `$${` and each `%{`
 * becomes `%%{`, which Terraform reads back as the literal `${` and `%{` (an already escaped `$${`
 * stays `$${` too).
 *
 * `terraformLiterals` applies that to every string (and key) of a config value. The environment
 * context (lib/core/context.ts) hands the stacks nothing else, so every layer, present and future,
 * gets literal strings; the state bootstrap stack does the same with its config. Strings the
 * toolkit builds itself (names, ARNs, cdktf references) never pass through here: they are code.
 *
 * Strings without `${` or `%{` are returned as they are, so fields whose rules already refuse
 * those characters (names, ids, ARNs, paths) are unchanged, and so is everything synthesized from
 * them.
 */

const TEMPLATE_START = /([$%])\{/g;

/** `text` as a Terraform string literal: `${` → `$${`, `%{` → `%%{`. */
export function terraformLiteral(text: string): string {
  return text.replace(TEMPLATE_START, '$1$1{');
}

/** What Terraform reads from a string `terraformLiteral` wrote (its inverse). */
export function readTerraformLiteral(text: string): string {
  return text.replace(/([$%])\1\{/g, '$1{');
}

/** Whether Terraform would evaluate something in `text` (an unescaped `${` or `%{`). */
export function hasTemplateSequence(text: string): boolean {
  // A run of two or more `$` before `{` is literal text ending in the escape `$${`; one is code.
  return /(^|[^$])\$\{|(^|[^%])%\{/.test(text);
}

/** A copy of `value` with every string and every object key made literal (see the module comment). */
export function terraformLiterals<T>(value: T): T {
  return literal(value) as T;
}

function literal(value: unknown): unknown {
  if (typeof value === 'string') return terraformLiteral(value);
  if (Array.isArray(value)) return value.map(literal);
  if (value !== null && typeof value === 'object') {
    // Only plain data: the config is parsed YAML and zod's output.
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      Object.defineProperty(copy, terraformLiteral(key), {
        value: literal(inner),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

/**
 * The expressions Terraform evaluates in a string: the bodies of its `${…}` sequences, escapes
 * (`$${`) skipped. Readers of synthesized JSON that look for references (which upstream outputs a
 * stack reads) look only here, so config text that merely spells a reference is never one.
 */
export function templateExpressions(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      i += 1;
      continue;
    }
    // Up to the brace that closes it, outside quoted strings.
    let depth = 1;
    let quoted = false;
    let j = i + 2;
    for (; j < text.length && depth > 0; j++) {
      const c = text[j];
      if (quoted) {
        if (c === '\\') j += 1;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === '{') depth += 1;
      else if (c === '}') depth -= 1;
    }
    found.push(text.slice(i + 2, depth === 0 ? j - 1 : j));
    i = j;
  }
  return found;
}

/** Every string and object key in a JSON value. */
export function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...jsonStrings(inner)]);
  }
  return [];
}
