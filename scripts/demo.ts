// npm run demo: the whole Lanekeeper chain on this machine, the way the lanes workflow runs it.
//
// GitHub is the project's simulator (loopback HTTP, checked against GitHub's OpenAPI
// description) and the host is a sandbox: a Debian root file system with real systemd under
// systemd-nspawn. The runner in the sandbox is a stand-in that honours actions/runner's
// config.sh/run.sh contract, because the real runner tarball cannot be downloaded here.
// Every job is `node dist/index.js` with the step's INPUT_* environment, as the runner starts it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Outputs } from '../src/constants.js';
import type { ChainResult, StepResult } from '../test/harness/run-action.js';
import { startRigChain, writeRigPolicy, type RigChain } from '../test/support/rig-chain.js';

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
const say = (s = '') => process.stdout.write(`${s}\n`);

/** A job summary for the terminal: the Markdown without the folded raw JSON. */
function summaryForTerminal(markdown: string): string {
  return markdown
    .replace(/<details><summary>([^<]*)<\/summary>\s*```json[\s\S]*?```\s*<\/details>/g, '($1: folded in the job summary)')
    .replace(/<details><summary>([^<]*)<\/summary>/g, '$1:')
    .replace(/<\/details>/g, '')
    .replace(/<br>/g, '\n      ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function printJob(job: string, r: StepResult): void {
  say(bold(`\n── job ${job}: exit ${r.exitCode}`));
  const log = r.stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('::add-mask::') && !l.startsWith('::group::') && !l.startsWith('::endgroup::') && !l.startsWith('::debug::'))
    .map((l) => l.replace(/^::(warning|error|notice)[^:]*::/, (_m, k: string) => `${k}: `).replace(/%0A/g, '\n    '));
  if (log.length > 0) say(dim(log.map((l) => `  | ${l}`).join('\n')));
  if (r.summary.trim()) say(`\n${summaryForTerminal(r.summary)}`);
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    say('The demo boots a sandbox host with real systemd (systemd-nspawn), which needs root. Run it as root: sudo npm run demo');
    return 2;
  }
  say(bold('Lanekeeper demo: inventory → plan → dry-run → confirmed apply → audit'));
  say('GitHub: the project\'s simulator. Host: a sandbox Debian with real systemd (systemd-nspawn).');
  say('The runner on the sandbox host is a stand-in honouring actions/runner\'s config.sh/run.sh contract.\n');

  const deps = spawnSync('bash', ['scripts/rig-deps.sh'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (deps.status !== 0) return 1;

  say('Starting the simulator and booting the sandbox host (the first run builds and caches its root file system, about a minute)...');
  const started = Date.now();
  let rig: RigChain;
  try {
    rig = await startRigChain((l) => say(dim(`  ${l}`)));
  } catch (e) {
    say(`Could not boot the sandbox host: ${(e as Error).message}`);
    return 1;
  }
  say(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: simulator at ${rig.sim.url}, host ${rig.chainHost.name}.`);
  // Someone's hand-registered runner in the same repository: reported, never touched.
  rig.sim.addRunner('repo:acme/api', { name: 'gpu-box', status: 'online', labels: ['gpu'] });

  const root = resolve('.lanekeeper-demo');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const policyFile = writeRigPolicy(join(root, 'lanekeeper.yml'), [{ name: 'api-1' }, { name: 'api-2', labels: ['lanekeeper-managed', 'api', 'large'] }]);
  say(`Policy: ${policyFile} (two lanes for acme/api on ${rig.chainHost.name}).`);

  const chain = (run: number, mode: 'dry-run' | 'apply', confirmation = ''): Promise<ChainResult> =>
    rig.run({ root: join(root, `run-${run}-${mode}`), policyFile, mode, confirmation, runId: String(run), actor: 'demo', onStep: printJob });

  try {
    say(bold('\n═══ Run 1: the workflow in its default mode, dry-run'));
    const dry = await chain(1, 'dry-run');
    const phrase = dry.plan.outputs[Outputs.Confirmation];
    if (!dry.ok || !phrase) {
      say('The dry-run did not finish; see the jobs above.');
      return 1;
    }
    say(bold(`\nA reviewer reads the plan above and starts the workflow again with mode "apply" and confirmation "${phrase}".`));

    say(bold('\n═══ Run 2: mode apply, confirmed'));
    const applied = await chain(2, 'apply', phrase);
    const audit = applied.audit;
    const artifact = audit.outputs[Outputs.ArtifactName] ?? '(not uploaded)';
    const status = audit.outputs[Outputs.Status] ?? 'unknown';
    say(bold(`\n═══ Result: apply ${applied.apply[rig.chainHost.name]?.outputs[Outputs.Result] ?? 'did not run'}, audit record ${status}, uploaded as ${artifact}`));
    say(`Files of both runs (artifacts, audit.json of each job) are under ${root}.`);
    const online = rig.sim.runners('repo:acme/api').filter((r) => r.name.startsWith('api-') && rig.sim.store.isOnline(r)).map((r) => r.name);
    say(`Runners online in the simulator: ${online.join(', ') || 'none'}; gpu-box (foreign) untouched.`);
    return applied.ok && status === 'completed' ? 0 : 1;
  } finally {
    await rig.stop();
  }
}

process.exitCode = await main();
