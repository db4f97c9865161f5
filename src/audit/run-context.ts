import type { CommandIO } from '../commands/io.js';
import type { RunContext } from './record.js';

/** The workflow run as the Actions runner describes it in the environment; `local` outside it. */
export function runContextFromEnv(env: CommandIO['env']): RunContext {
  const runId = env('GITHUB_RUN_ID') || 'local';
  const attempt = Number.parseInt(env('GITHUB_RUN_ATTEMPT') ?? '', 10);
  const runAttempt = Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
  const repository = env('GITHUB_REPOSITORY') ?? '';
  const server = (env('GITHUB_SERVER_URL') || 'https://github.com').replace(/\/+$/, '');
  const runUrl = runId !== 'local' && repository ? `${server}/${repository}/actions/runs/${runId}/attempts/${runAttempt}` : '';
  return {
    actor: env('GITHUB_ACTOR') || env('USER') || '',
    runUrl,
    runId: /^[A-Za-z0-9_-]+$/.test(runId) ? runId : 'local',
    runAttempt,
    repository,
  };
}
