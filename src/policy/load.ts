import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import { PolicyError, type PolicyProblem } from './errors.js';
import { yamlPath } from './path.js';
import { PolicySchema, type ParsedPolicy } from './schema.js';
import { expandPolicy } from './expand.js';
import { checkPolicy } from './checks.js';
import type { Policy } from './types.js';

export interface LoadedPolicy {
  readonly policy: Policy;
  /** Cross-field problems; the planner turns each into a blocker on its lane. */
  readonly problems: readonly PolicyProblem[];
}

export function loadPolicyFile(file: string): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PolicyError(file, [
      { path: '(file)', message: `cannot read the policy: ${(e as Error).message}`, fix: 'pass --policy with the path of your lanekeeper.yml' },
    ]);
  }
  return parsePolicyText(text, file);
}

export function parsePolicyText(text: string, file = 'policy'): LoadedPolicy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      file,
      doc.errors.map((err) => ({
        path: '(yaml)',
        message: err.message.split('\n')[0] ?? err.message,
        fix: 'fix the YAML syntax',
        line: err.linePos?.[0]?.line,
      })),
    );
  }
  const raw: unknown = doc.toJS();
  const parsed = PolicySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new PolicyError(file, zodProblems(parsed.error, doc, lineCounter));
  }
  const withLines = (p: PolicyProblem): PolicyProblem => ({ ...p, line: lineOf(doc, lineCounter, p.path) });
  return buildPolicy(parsed.data, withLines);
}

/** For policies built in code (tests, benchmarks): the same checks, no line numbers. */
export function policyFromObject(input: unknown): LoadedPolicy {
  const parsed = PolicySchema.safeParse(input);
  if (!parsed.success) throw new PolicyError('policy', zodProblems(parsed.error));
  return buildPolicy(parsed.data, (p) => p);
}

function buildPolicy(parsed: ParsedPolicy, decorate: (p: PolicyProblem) => PolicyProblem): LoadedPolicy {
  const structural = structuralProblems(parsed);
  if (structural.length > 0) throw new PolicyError('policy', structural.map(decorate));
  const { hosts, lanes } = expandPolicy(parsed);
  const policy: Policy = {
    version: 1,
    managedLabel: parsed.managedLabel,
    repositories: parsed.repositories,
    organizations: parsed.organizations,
    hosts,
    lanes,
    ...(parsed.approvalGate ? { approvalGate: parsed.approvalGate } : {}),
    digest: sha256Hex(canonicalJson(parsed)),
  };
  return { policy, problems: checkPolicy(policy).map(decorate) };
}

/** Problems that make a lane entry meaningless (no scope, two scopes), reported before expansion. */
function structuralProblems(parsed: ParsedPolicy): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  parsed.lanes.forEach((lane, i) => {
    const path = `lanes[${i}]`;
    if (!lane.repository && !lane.organization) {
      out.push({ path, message: `lane "${lane.name}" has no scope`, fix: 'set repository: owner/name or organization: login' });
    }
    if (lane.repository && lane.organization) {
      out.push({ path, message: `lane "${lane.name}" has both repository and organization`, fix: 'keep exactly one of them' });
    }
    if (lane.repository && lane.runnerGroup) {
      out.push({ path: `${path}.runnerGroup`, message: 'runner groups exist only for organisation runners', fix: 'remove runnerGroup or use organization:' });
    }
  });
  return out;
}

function zodProblems(error: z.ZodError, doc?: Document, lineCounter?: LineCounter): PolicyProblem[] {
  return error.issues.map((issue) => {
    const path = yamlPath(issue.path);
    return {
      path,
      message: issue.message,
      fix: fixFor(issue),
      line: doc && lineCounter ? lineOf(doc, lineCounter, path, issue.path) : undefined,
    };
  });
}

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `remove ${issue.keys.map((k) => `"${k}"`).join(', ')} (see docs/policy.md for the fields)`;
    case 'invalid_type':
      return `give a ${issue.expected}`;
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return 'see the format in the message';
    case 'too_small':
      return `give at least ${String(issue.minimum)}`;
    case 'too_big':
      return `give at most ${String(issue.maximum)}`;
    default:
      return 'see docs/policy.md';
  }
}

function lineOf(doc: Document, lc: LineCounter, path: string, segments?: readonly PropertyKey[]): number | undefined {
  const segs = segments ?? parsePath(path);
  for (let n = segs.length; n >= 0; n--) {
    const node = doc.getIn(segs.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

function parsePath(path: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const m of path.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\["([^"]*)"\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}
