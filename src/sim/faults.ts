/**
 * Fault injection: a rule matches requests by method and path and, for a window of matching
 * requests, changes what the simulator does with them.
 */
export type FaultEffect =
  /** Answer with this status and a GitHub error body (500/502 for server errors, 403/404 for access). */
  | { readonly kind: 'status'; readonly status: number; readonly message?: string }
  /**
   * Primary rate limit: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (simulator
   * clock + `resetAfterSeconds`, default 1). Octokit measures the wait against the real clock.
   */
  | { readonly kind: 'rate-limit'; readonly resetAfterSeconds?: number }
  /** Secondary rate limit: 429 with `retry-after` (default 1 s) and GitHub's message. */
  | { readonly kind: 'secondary-rate-limit'; readonly retryAfterSeconds?: number }
  /** Wait, then answer normally. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Destroy the socket without answering. */
  | { readonly kind: 'reset' }
  /** Mark a runner busy or idle, then answer normally. */
  | { readonly kind: 'busy'; readonly runnerId: number; readonly busy: boolean };

export interface FaultRule {
  /** HTTP method; any when left out. */
  readonly method?: string;
  /** Tested against the path without the query string (a string is a regular expression source). */
  readonly path: RegExp | string;
  /** Matching requests to let through before the rule takes effect (0: the first one). */
  readonly after?: number;
  /** How many matching requests it affects; unlimited when left out. */
  readonly times?: number;
  readonly effect: FaultEffect;
}

interface ActiveRule {
  readonly id: number;
  readonly rule: FaultRule;
  readonly path: RegExp;
  seen: number;
  applied: number;
}

export class FaultRules {
  #nextId = 1;
  #rules: ActiveRule[] = [];

  add(rule: FaultRule): number {
    const id = this.#nextId++;
    const path = typeof rule.path === 'string' ? new RegExp(rule.path) : rule.path;
    this.#rules.push({ id, rule, path, seen: 0, applied: 0 });
    return id;
  }

  remove(id: number): void {
    this.#rules = this.#rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.#rules = [];
  }

  /** The effects that apply to this request, in the order the rules were added. */
  take(method: string, path: string): FaultEffect[] {
    const effects: FaultEffect[] = [];
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!active.path.test(path)) continue;
      active.seen += 1;
      if (active.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && active.applied >= rule.times) continue;
      active.applied += 1;
      effects.push(rule.effect);
    }
    return effects;
  }
}
