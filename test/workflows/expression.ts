/**
 * A small evaluator for GitHub Actions expressions, enough to check the workflows' gates by
 * behaviour (which event and mode reach the apply job) instead of by their spelling.
 *
 * Follows the documented semantics: `==`/`!=` compare strings case-insensitively and coerce
 * mixed types to numbers, `&&`/`||` return an operand (not a boolean), a missing property is
 * null. Status functions read `status` from the context; a job `if` without one gets an implicit
 * `success() &&`, as on GitHub (see `jobRuns`).
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

export interface ExpressionContext {
  readonly [context: string]: Value | undefined;
}

export interface JobStatus {
  /** What success(), failure(), cancelled() see: the results of the jobs this one needs. */
  readonly needsResults: readonly ('success' | 'failure' | 'cancelled' | 'skipped')[];
  readonly workflowCancelled?: boolean;
}

type Token =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'ident'; value: string }
  | { kind: 'op'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new Error(`unterminated string in: ${source}`);
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i++];
      }
      tokens.push({ kind: 'str', value });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'ident', value: m[0] });
      i += m[0].length;
    } else {
      const two = source.slice(i, i + 2);
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
        tokens.push({ kind: 'op', value: two });
        i += 2;
      } else if ('!<>()[].,*'.includes(c)) {
        tokens.push({ kind: 'op', value: c });
        i++;
      } else {
        throw new Error(`unexpected character ${JSON.stringify(c)} in: ${source}`);
      }
    }
  }
  return tokens;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always'];

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

export function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  return !(typeof v === 'number' && Number.isNaN(v));
}

function looseEquals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'object' && a !== null) return a === b;
  if (typeof b === 'object' && b !== null) return false;
  if (typeof a === typeof b) return a === b;
  return toNumber(a) === toNumber(b);
}

/** Text of a value as `${{ }}` interpolation renders it. */
export function render(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

class Parser {
  private pos = 0;
  usedStatusFunction = false;

  constructor(
    private readonly tokens: Token[],
    private readonly context: ExpressionContext,
    private readonly status: JobStatus | undefined,
  ) {}

  parse(): Value {
    const v = this.or();
    if (this.pos !== this.tokens.length) throw new Error(`unexpected token ${JSON.stringify(this.tokens[this.pos])}`);
    return v;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.value === value;
  }

  private expect(value: string): void {
    if (!this.isOp(value)) throw new Error(`expected ${value}, got ${JSON.stringify(this.peek())}`);
    this.pos++;
  }

  private or(): Value {
    let left = this.and();
    while (this.isOp('||')) {
      this.pos++;
      const right = this.and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  private and(): Value {
    let left = this.comparison();
    while (this.isOp('&&')) {
      this.pos++;
      const right = this.comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }

  private comparison(): Value {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(t.value)) return left;
      this.pos++;
      const right = this.unary();
      switch (t.value) {
        case '==':
          left = looseEquals(left, right);
          break;
        case '!=':
          left = !looseEquals(left, right);
          break;
        case '<':
          left = toNumber(left) < toNumber(right);
          break;
        case '<=':
          left = toNumber(left) <= toNumber(right);
          break;
        case '>':
          left = toNumber(left) > toNumber(right);
          break;
        default:
          left = toNumber(left) >= toNumber(right);
      }
    }
  }

  private unary(): Value {
    if (this.isOp('!')) {
      this.pos++;
      return !truthy(this.unary());
    }
    return this.postfix();
  }

  private postfix(): Value {
    let v = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        const t = this.tokens[this.pos++];
        if (t?.kind !== 'ident') throw new Error('expected a property name after .');
        v = property(v, t.value);
      } else if (this.isOp('[')) {
        this.pos++;
        const key = this.or();
        this.expect(']');
        v = property(v, render(key));
      } else {
        return v;
      }
    }
  }

  private primary(): Value {
    const t = this.tokens[this.pos++];
    if (!t) throw new Error('unexpected end of expression');
    if (t.kind === 'str' || t.kind === 'num') return t.value;
    if (t.kind === 'op') {
      if (t.value !== '(') throw new Error(`unexpected ${t.value}`);
      const v = this.or();
      this.expect(')');
      return v;
    }
    if (t.value === 'true') return true;
    if (t.value === 'false') return false;
    if (t.value === 'null') return null;
    if (this.isOp('(')) return this.call(t.value);
    const value = this.context[t.value];
    if (value === undefined) throw new Error(`context ${t.value} is not available in this test`);
    return value;
  }

  private call(name: string): Value {
    this.expect('(');
    const args: Value[] = [];
    while (!this.isOp(')')) {
      args.push(this.or());
      if (this.isOp(',')) this.pos++;
    }
    this.expect(')');
    if (STATUS_FUNCTIONS.includes(name)) {
      this.usedStatusFunction = true;
      if (!this.status) throw new Error(`${name}() is only available in a job or step if`);
      const cancelled = this.status.workflowCancelled === true;
      const results = this.status.needsResults;
      switch (name) {
        case 'always':
          return true;
        case 'cancelled':
          return cancelled;
        case 'failure':
          return results.includes('failure');
        default:
          return !cancelled && results.every((r) => r === 'success' || r === 'skipped');
      }
    }
    switch (name) {
      case 'fromJSON':
        return JSON.parse(render(args[0] ?? null)) as Value;
      case 'toJSON':
        return JSON.stringify(args[0] ?? null);
      case 'contains': {
        const [hay, needle] = [args[0] ?? null, args[1] ?? null];
        if (Array.isArray(hay)) return hay.some((x) => looseEquals(x, needle));
        return render(hay).toLowerCase().includes(render(needle).toLowerCase());
      }
      case 'startsWith':
        return render(args[0] ?? null).toLowerCase().startsWith(render(args[1] ?? null).toLowerCase());
      case 'format':
        return render(args[0] ?? null).replace(/\{(\d+)\}/g, (_, i: string) => render(args[Number(i) + 1] ?? null));
      default:
        throw new Error(`function ${name}() is not supported by this evaluator`);
    }
  }
}

function property(v: Value, key: string): Value {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const found = Object.keys(v).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? null : (v[found] ?? null);
}

/** Strips one `${{ ... }}` around a whole expression, as `if:` allows. */
function unwrap(source: string): string {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(source);
  return m && !m[1]!.includes('}}') ? m[1]! : source;
}

export function evaluate(source: string, context: ExpressionContext, status?: JobStatus): Value {
  return new Parser(tokenize(unwrap(source)), context, status).parse();
}

/** Renders a value that may embed `${{ }}` expressions, like a `with:` or `env:` value. */
export function interpolate(template: string, context: ExpressionContext): string {
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => render(evaluate(expr, context)));
}

/**
 * Whether a job with this `if:` runs. As on GitHub, an `if` without a status function is
 * `success() && (if)`, and a job without `if` is `success()`.
 */
export function jobRuns(condition: string | undefined, context: ExpressionContext, status: JobStatus): boolean {
  const parser = new Parser(tokenize(unwrap(condition ?? 'success()')), context, status);
  const value = truthy(parser.parse());
  if (parser.usedStatusFunction) return value;
  return value && truthy(new Parser(tokenize('success()'), context, status).parse());
}
