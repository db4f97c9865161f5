/** Loads the action metadata and the workflow files as plain data for the contract tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WORKFLOW_DIR = join(REPO_ROOT, '.github/workflows');

export interface Input {
  description?: string;
  type?: string;
  required?: boolean;
  default?: string | number | boolean;
  options?: string[];
}

export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  'runs-on'?: string | string[];
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string> | string;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean | string } | string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  secrets?: Record<string, string> | 'inherit';
  steps?: Step[];
}

export interface Workflow {
  name?: string;
  on: {
    workflow_dispatch?: { inputs?: Record<string, Input> };
    workflow_call?: {
      inputs?: Record<string, Input>;
      secrets?: Record<string, { description?: string; required?: boolean }>;
      outputs?: Record<string, { description?: string; value: string }>;
    };
    schedule?: { cron: string }[];
    push?: unknown;
    pull_request?: unknown;
  };
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean | string } | string;
  defaults?: unknown;
  jobs: Record<string, Job>;
}

export interface ActionMetadata {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export function workflowFiles(): string[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort();
}

export function readWorkflowText(file: string): string {
  return readFileSync(join(WORKFLOW_DIR, file), 'utf8');
}

export function loadWorkflow(file: string): Workflow {
  return parse(readWorkflowText(file)) as Workflow;
}

export function loadAction(): ActionMetadata {
  return parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionMetadata;
}

export function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

export function stepsOf(workflow: Workflow): { job: string; step: Step }[] {
  return Object.entries(workflow.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step) => ({ job, step })));
}
