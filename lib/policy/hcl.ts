/**
 * Reads the argument of `${jsonencode(...)}`, the HCL expression cdktf writes for `Fn.jsonencode`,
 * back into a JSON value, so policy documents built with it can be checked at synth time. It
 * understands object and tuple constructors, strings (with `${...}` templates kept verbatim),
 * numbers, booleans and null. Any other expression (a reference such as `aws_s3_bucket.x.arn`, a
 * function call) becomes the string `${<expression>}`, exactly as a reference inside a JSON
 * string would look. Anything it cannot follow makes the whole read fail (`undefined`): callers
 * then report "cannot verify" instead of guessing.
 */

const JSONENCODE = /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/;

/** The JSON value of a `${jsonencode(...)}` string; `undefined` for anything else or on doubt. */
export function readJsonencode(text: string): unknown {
  const m = JSONENCODE.exec(text);
  if (!m) return undefined;
  try {
    const reader = new Reader(m[1]!);
    const value = reader.value();
    reader.skipSpace();
    return reader.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

class CannotRead extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
const LITERAL = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?=\s*(?:[,\]})]|$))/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*/;

class Reader {
  private i = 0;

  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.s[this.i]!)) this.i++;
  }

  value(): unknown {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    const literal = LITERAL.exec(this.s.slice(this.i));
    if (literal) {
      this.i += literal[0].length;
      return JSON.parse(literal[0]) as unknown;
    }
    return this.expression();
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.i++; // {
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === '}') break;
      const key = this.key();
      this.skipSpace();
      if (this.s[this.i] !== '=' && this.s[this.i] !== ':') throw new CannotRead('= expected');
      this.i++;
      result[key] = this.value();
      this.separator('}');
    }
    this.i++; // }
    return result;
  }

  private tuple(): unknown[] {
    const result: unknown[] = [];
    this.i++; // [
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === ']') break;
      result.push(this.value());
      this.separator(']');
    }
    this.i++; // ]
    return result;
  }

  /** After an element: a comma, a newline, or the closing bracket. */
  private separator(close: string): void {
    const before = this.i;
    this.skipSpace();
    if (this.s[this.i] === ',') this.i++;
    else if (this.s[this.i] !== close && !this.s.slice(before, this.i).includes('\n'))
      throw new CannotRead(`, or ${close} expected`);
  }

  private key(): string {
    if (this.s[this.i] === '"') return this.string();
    const m = IDENTIFIER.exec(this.s.slice(this.i));
    if (!m) throw new CannotRead('object key expected');
    this.i += m[0].length;
    return m[0];
  }

  /** A quoted template: escapes decoded, `${...}` interpolations kept as written. */
  private string(): string {
    let out = '';
    this.i++; // "
    while (!this.atEnd()) {
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const next = this.s[this.i + 1] ?? '';
        if (next === 'u') {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else if (next in ESCAPES) {
          out += ESCAPES[next];
          this.i += 2;
        } else throw new CannotRead(`unknown escape \\${next}`);
      } else if (this.s.startsWith('$${', this.i) || this.s.startsWith('%%{', this.i)) {
        out += this.s.slice(this.i + 1, this.i + 3);
        this.i += 3;
      } else if (this.s.startsWith('${', this.i)) {
        const start = this.i;
        this.i += 2;
        this.balanced('}');
        out += this.s.slice(start, this.i);
      } else if (this.s.startsWith('%{', this.i)) {
        throw new CannotRead('template directive');
      } else {
        out += c;
        this.i++;
      }
    }
    throw new CannotRead('unterminated string');
  }

  /** Any other expression, up to the next top-level separator: kept as `${expression}`. */
  private expression(): string {
    const start = this.i;
    this.balanced(undefined);
    const text = this.s.slice(start, this.i).trim();
    if (text === '') throw new CannotRead('expression expected');
    return `\${${text}}`;
  }

  /**
   * Skips balanced brackets and strings. With `close`, stops after the unmatched `close`; without,
   * stops before a top-level `,` or an unmatched closing bracket.
   */
  private balanced(close: string | undefined): void {
    let depth = 0;
    while (!this.atEnd()) {
      const c = this.s[this.i]!;
      if (c === '"') {
        this.string();
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) {
          if (close === undefined) return;
          if (c !== close) throw new CannotRead('unbalanced');
          this.i++;
          return;
        }
        depth--;
      } else if (c === ',' && depth === 0 && close === undefined) return;
      else if (c === '\n' && depth === 0 && close === undefined) return;
      this.i++;
    }
    if (close !== undefined) throw new CannotRead('unterminated interpolation');
  }
}
