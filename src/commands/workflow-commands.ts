/**
 * The runner's workflow commands, written the way @actions/core writes them, for the action's
 * entry: inputs from INPUT_*, outputs through the GITHUB_OUTPUT file, the job summary through
 * GITHUB_STEP_SUMMARY, and annotations, groups and masks on stdout. The action loads this
 * instead of @actions/core, whose HTTP client (undici) costs more start-up time than a plan.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/** As @actions/core's getInput: INPUT_<NAME> with spaces as underscores, upper case, trimmed. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::command key=value,...::message` on stdout. */
export function issueCommand(command: string, properties: Record<string, string | number | undefined>, message: string, write: (s: string) => void = (s) => process.stdout.write(s)): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

/** A value of any length and content through the GITHUB_OUTPUT file (heredoc with a random delimiter). */
export function setOutput(name: string, value: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env['GITHUB_OUTPUT'];
  if (file && existsSync(file)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`output ${name} contains its own delimiter`);
    appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
    return;
  }
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, value);
}

/** Appends Markdown to the job summary; nothing outside a job. */
export function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (!file) return;
  appendFileSync(file, `${markdown}${EOL}`, { encoding: 'utf8' });
}
