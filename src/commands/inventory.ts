import { DEFAULT_OUTPUT_DIR, DEFAULT_POLICY_PATH, Inputs, Outputs } from '../constants.js';
import type { GitHubRunners } from '../github/port.js';
import type { HostAgent } from '../host/port.js';
import { observe, policyScopes } from '../inventory/observe.js';
import { renderInventoryMarkdown, renderInventoryText } from '../inventory/render.js';
import { loadPolicyFile } from '../policy/load.js';
import { selectLanes } from '../plan/planner.js';
import type { ObservedState } from '../plan/observed.js';
import { systemClock, type Clock } from '../util/clock.js';
import { githubFromInputs, hostFromInputs } from './adapters.js';
import { scopesAccess } from './host-matrix.js';
import { OutputFiles, writeJsonFile } from './files.js';
import type { CommandIO } from './io.js';
import { recorderFor, recording } from './recording.js';

export interface InventoryDeps {
  readonly github?: GitHubRunners;
  /** null: observe GitHub only. Default: the `host` input through the privileged helper. */
  readonly host?: HostAgent | null;
  readonly clock?: Clock;
}

/** `inventory`: one listing per scope, one host status; writes the observed-state JSON. Mutates nothing. */
export async function runInventory(io: CommandIO, deps: InventoryDeps = {}): Promise<{ observed: ObservedState; path: string }> {
  const clock = deps.clock ?? systemClock;
  const outputDir = io.input(Inputs.OutputDir) || DEFAULT_OUTPUT_DIR;
  const policyPath = io.input(Inputs.Policy) || DEFAULT_POLICY_PATH;
  const recorder = recorderFor(io, 'inventory', clock);
  return recording(recorder, outputDir, async () => {
    const { policy, problems } = loadPolicyFile(policyPath);
    recorder.recordPolicyDigest(policy.digest);
    for (const p of problems) io.warning(`${p.path}: ${p.message} (fix: ${p.fix})`, { file: policyPath, line: p.line });
    const host = deps.host === undefined ? hostFromInputs(io) : deps.host;
    const selected = selectLanes(policy.lanes, io.input(Inputs.Lane) || 'all');
    const lanes = host ? selected.filter((l) => l.host === host.host) : selected;
    const scopes = policyScopes(policy, lanes);
    // An App token reaches the lanes' owner and repositories only (least privilege); allowlisted
    // scopes without lanes are then listed as far as that token reaches.
    const github = deps.github ?? githubFromInputs(io, { ...scopesAccess(lanes.map((l) => l.scope)), write: false });
    io.info(`Inventory of ${scopes.length} scope(s)${host ? ` and host ${host.host} (${lanes.length} lane(s))` : ' (GitHub only: no host input)'}`);
    const observed = await io.group('Observe GitHub and the host', () => observe(policy, lanes, { github, hosts: host ? [host] : [], clock }, scopes));
    const path = OutputFiles.observed(outputDir);
    writeJsonFile(path, observed);
    recorder.recordObserved('pre', observed);
    io.output(Outputs.ObservedPath, path);
    const failed = observed.github.filter((s) => s.error).length + Object.values(observed.hosts).filter((h) => h.error).length;
    io.output(Outputs.Status, failed > 0 ? 'partial' : 'ok');
    for (const s of observed.github) if (s.error) io.warning(`${s.scope}: ${s.error}`);
    for (const h of Object.values(observed.hosts)) if (h.error) io.warning(`host ${h.host}: ${h.error}`);
    await io.summary(renderInventoryMarkdown(observed), renderInventoryText(observed, path));
    return { observed, path };
  });
}
