export const id = 525;
export const ids = [525];
export const modules = {

/***/ 99525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runInventory: () => (/* binding */ runInventory)
});

// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
// EXTERNAL MODULE: ./src/inventory/observe.ts + 1 modules
var observe = __webpack_require__(98710);
;// CONCATENATED MODULE: ./src/inventory/render.ts
function runnerCounts(observed) {
    return observed.github.map((s) => ({
        scope: s.scope,
        total: s.runners.length,
        online: s.runners.filter((r) => r.status === 'online').length,
        busy: s.runners.filter((r) => r.busy).length,
        error: s.error,
    }));
}
function laneLine(l) {
    const unit = l.unit.fileState === 'absent' ? 'no unit' : `${l.unit.name} ${l.unit.fileState} ${l.unit.activeState}${l.unit.mainPidUser ? ` as ${l.unit.mainPidUser}` : ''}`;
    const reg = l.identity ? `registered as ${l.identity.agentName}` : l.directoryExists ? 'directory, not registered' : 'no directory';
    return `${reg}; ${unit}${l.workerRunning ? '; a job runs' : ''}`;
}
function renderInventoryText(observed, path) {
    const out = [`Inventory at ${observed.observedAt}`, ''];
    for (const c of runnerCounts(observed)) {
        out.push(c.error ? `  ${c.scope}: FAILED: ${c.error}` : `  ${c.scope}: ${c.total} runner(s), ${c.online} online, ${c.busy} busy`);
    }
    for (const h of Object.values(observed.hosts)) {
        out.push('', `Host ${h.host}${h.error ? `: FAILED: ${h.error}` : ''}`);
        for (const l of Object.values(h.lanes))
            out.push(`  ${l.lane}: ${laneLine(l)}`);
        for (const u of h.unclaimed)
            out.push(`  unclaimed ${u.kind} ${u.name}: ${u.detail}`);
        for (const b of h.baseline.filter((x) => !x.ok))
            out.push(`  baseline ${b.id} ${b.subject}: ${b.evidence}`);
    }
    out.push('', `Observed state written to ${path}`);
    return out.join('\n') + '\n';
}
function renderInventoryMarkdown(observed) {
    const out = ['### Lanekeeper inventory', '', '| Scope | Runners | Online | Busy | Listing |', '|---|---|---|---|---|'];
    for (const c of runnerCounts(observed))
        out.push(`| ${c.scope} | ${c.total} | ${c.online} | ${c.busy} | ${c.error ? `failed: ${c.error.replace(/\|/g, '\\|')}` : 'ok'} |`);
    for (const h of Object.values(observed.hosts)) {
        out.push('', `**Host ${h.host}**${h.error ? ` — failed: ${h.error}` : ''}`, '');
        if (Object.keys(h.lanes).length > 0) {
            out.push('| Lane | State |', '|---|---|');
            for (const l of Object.values(h.lanes))
                out.push(`| ${l.lane} | ${laneLine(l)} |`);
        }
    }
    return out.join('\n') + '\n';
}

// EXTERNAL MODULE: ./src/policy/load.ts + 2 modules
var load = __webpack_require__(17154);
// EXTERNAL MODULE: ./src/plan/planner.ts + 3 modules
var planner = __webpack_require__(37621);
// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(97110);
// EXTERNAL MODULE: ./src/commands/adapters.ts + 5 modules
var adapters = __webpack_require__(51124);
// EXTERNAL MODULE: ./src/commands/host-matrix.ts
var host_matrix = __webpack_require__(65586);
// EXTERNAL MODULE: ./src/commands/files.ts
var files = __webpack_require__(72729);
// EXTERNAL MODULE: ./src/commands/recording.ts + 1 modules
var recording = __webpack_require__(89196);
;// CONCATENATED MODULE: ./src/commands/inventory.ts










/** `inventory`: one listing per scope, one host status; writes the observed-state JSON. Mutates nothing. */
async function runInventory(io, deps = {}) {
    const clock = deps.clock ?? util_clock/* systemClock */.m;
    const outputDir = io.input(constants/* Inputs */.G0.OutputDir) || constants/* DEFAULT_OUTPUT_DIR */.w;
    const policyPath = io.input(constants/* Inputs */.G0.Policy) || constants/* DEFAULT_POLICY_PATH */.lo;
    const recorder = (0,recording/* recorderFor */.u)(io, 'inventory', clock);
    return (0,recording/* recording */.o)(recorder, outputDir, async () => {
        const { policy, problems } = (0,load/* loadPolicyFile */.n$)(policyPath);
        recorder.recordPolicyDigest(policy.digest);
        for (const p of problems)
            io.warning(`${p.path}: ${p.message} (fix: ${p.fix})`, { file: policyPath, line: p.line });
        const host = deps.host === undefined ? (0,adapters/* hostFromInputs */.qJ)(io) : deps.host;
        const selected = (0,planner/* selectLanes */.i)(policy.lanes, io.input(constants/* Inputs */.G0.Lane) || 'all');
        const lanes = host ? selected.filter((l) => l.host === host.host) : selected;
        const scopes = (0,observe/* policyScopes */.oG)(policy, lanes);
        // An App token reaches the lanes' owner and repositories only (least privilege); allowlisted
        // scopes without lanes are then listed as far as that token reaches.
        const github = deps.github ?? (0,adapters/* githubFromInputs */.Rj)(io, { ...(0,host_matrix/* scopesAccess */.OX)(lanes.map((l) => l.scope)), write: false });
        io.info(`Inventory of ${scopes.length} scope(s)${host ? ` and host ${host.host} (${lanes.length} lane(s))` : ' (GitHub only: no host input)'}`);
        const observed = await io.group('Observe GitHub and the host', () => (0,observe/* observe */.lB)(policy, lanes, { github, hosts: host ? [host] : [], clock }, scopes));
        const path = files/* OutputFiles */.RL.observed(outputDir);
        (0,files/* writeJsonFile */.An)(path, observed);
        recorder.recordObserved('pre', observed);
        io.output(constants/* Outputs */.tY.ObservedPath, path);
        const failed = observed.github.filter((s) => s.error).length + Object.values(observed.hosts).filter((h) => h.error).length;
        io.output(constants/* Outputs */.tY.Status, failed > 0 ? 'partial' : 'ok');
        for (const s of observed.github)
            if (s.error)
                io.warning(`${s.scope}: ${s.error}`);
        for (const h of Object.values(observed.hosts))
            if (h.error)
                io.warning(`host ${h.host}: ${h.error}`);
        await io.summary(renderInventoryMarkdown(observed), renderInventoryText(observed, path));
        return { observed, path };
    });
}


/***/ }),

/***/ 98710:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lB: () => (/* binding */ observe),
  oG: () => (/* binding */ policyScopes)
});

// UNUSED EXPORTS: laneRefOf

// EXTERNAL MODULE: ./src/policy/types.ts
var types = __webpack_require__(63943);
;// CONCATENATED MODULE: ./src/github/inventory.ts

/**
 * Lists every runner of every distinct scope, one paginated listing per scope (never one call
 * per lane). A scope that cannot be listed becomes an observation with `error` set, so the
 * planner blocks the lanes of that scope and nothing else. Observations come sorted by scope
 * key and runners by id, so the same GitHub state always serialises the same way.
 */
async function observeGitHub(scopes, runners) {
    const distinct = new Map(scopes.map((scope) => [(0,types/* scopeKey */.OD)(scope), scope]));
    const keys = [...distinct.keys()].sort();
    return Promise.all(keys.map(async (key) => {
        try {
            const scope = distinct.get(key);
            const listed = await runners.listRunners(scope);
            const observation = { scope: key, runners: [...listed].sort((a, b) => a.id - b.id) };
            if (scope.kind !== 'organization')
                return observation;
            // An organisation's runner groups, so a lane's runnerGroup is checked before config.sh
            // refuses it. A token that may not list them leaves the check to config.sh.
            try {
                return { ...observation, runnerGroups: (await runners.listRunnerGroups(scope.org)).sort() };
            }
            catch {
                return observation;
            }
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            return { scope: key, error: message.includes(key) ? message : `listing the runners of ${key} failed: ${message}`, runners: [] };
        }
    }));
}

;// CONCATENATED MODULE: ./src/inventory/observe.ts


function laneRefOf(lane) {
    return { lane: lane.name, root: lane.registrationRoot, user: lane.serviceUser, unit: lane.unit };
}
/** Every scope the policy names: those of its lanes and its allowlists, each once. */
function policyScopes(policy, lanes = policy.lanes) {
    const keys = new Set(lanes.map((l) => l.scopeKey));
    for (const r of policy.repositories)
        keys.add(`repo:${r}`);
    for (const o of policy.organizations)
        keys.add(`org:${o}`);
    return [...keys].sort().map(types/* parseScopeKey */.hn);
}
/**
 * Inventory: one paginated listing per scope, one `status` call per reachable host for the
 * lanes the policy puts there. A host that fails is recorded with its error, never dropped.
 */
async function observe(policy, lanes, deps, scopes = policyScopes(policy, lanes)) {
    const github = await observeGitHub(scopes, deps.github);
    const hosts = {};
    for (const agent of deps.hosts) {
        const refs = lanes.filter((l) => l.host === agent.host).map(laneRefOf);
        try {
            hosts[agent.host] = await agent.status(refs);
        }
        catch (e) {
            hosts[agent.host] = { host: agent.host, error: e.message, lanes: {}, unclaimed: [], baseline: [] };
        }
    }
    return { schemaVersion: 1, observedAt: deps.clock.now().toISOString(), github, hosts };
}


/***/ })

};
