export const id = 825;
export const ids = [825];
export const modules = {

/***/ 76825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runApply: () => (/* binding */ runApply)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
;// CONCATENATED MODULE: ./src/apply/errors.ts
/** Apply refused: the confirmation phrase is not the one bound to the reviewed plan. */
class ConfirmationError extends Error {
    expected;
    received;
    name = 'ConfirmationError';
    constructor(expected, received) {
        super(received
            ? `the confirmation "${received}" does not match this plan; type exactly "${expected}" (shown in the dry-run summary) to apply it`
            : `no confirmation given; to apply this plan, pass the confirmation "${expected}" (shown in the dry-run summary)`);
        this.expected = expected;
        this.received = received;
    }
}
/** Apply refused: no idempotency key, so a retried run could not be recognised. */
class IdempotencyError extends Error {
    name = 'IdempotencyError';
    constructor(message) {
        super(message);
    }
}
/** Apply refused: what the host and GitHub look like now is not what the reviewed plan was built from. */
class StalePlanError extends Error {
    reviewedDigest;
    currentDigest;
    changes;
    name = 'StalePlanError';
    constructor(reviewedDigest, currentDigest, changes) {
        super(`the reviewed plan is stale: it was built from other facts than those observed now.\n` +
            `  reviewed plan: ${reviewedDigest}\n  current plan:  ${currentDigest}\n` +
            `  what changed:\n${changes.map((c) => `    - ${c}`).join('\n')}\n` +
            `Run the workflow in dry-run again, review the new plan and confirm its phrase.`);
        this.reviewedDigest = reviewedDigest;
        this.currentDigest = currentDigest;
        this.changes = changes;
    }
}
/** The reviewed plan file does not hash to its own digest: edited or truncated. */
class PlanIntegrityError extends Error {
    name = 'PlanIntegrityError';
    constructor(file, expected, actual) {
        super(`${file} does not match its digest (says ${expected.slice(0, 12)}, content hashes to ${actual.slice(0, 12)}); use the plan file from the dry-run as it was uploaded`);
    }
}
/** The lane lease could not be taken or was lost (another apply holds it, or it expired). */
class LeaseError extends Error {
    lane;
    name = 'LeaseError';
    constructor(lane, message) {
        super(message);
        this.lane = lane;
    }
}
/** One or more lanes ended `failed`; everything was recorded before this is thrown. */
class ApplyFailedError extends Error {
    failures;
    name = 'ApplyFailedError';
    constructor(failures) {
        super(`${failures.length} lane${failures.length === 1 ? '' : 's'} failed:\n` +
            failures.map((f) => `  - ${f.lane}: ${f.message}\n    recovery: ${f.recovery}`).join('\n'));
        this.failures = failures;
    }
}

// EXTERNAL MODULE: ./src/plan/types.ts
var types = __webpack_require__(9898);
;// CONCATENATED MODULE: ./src/apply/guards.ts


/** The confirmation must be exactly `apply <first 12 hex of the reviewed plan digest>`. */
function checkConfirmation(planDigest, confirmation) {
    const expected = (0,types/* confirmationPhrase */.XV)(planDigest);
    if (confirmation !== expected)
        throw new ConfirmationError(expected, confirmation);
}
/** The given key, or `<run id>-<attempt>` inside Actions; nothing else is accepted. */
function resolveIdempotencyKey(input, env) {
    const key = input.trim();
    if (key) {
        if (!/^[A-Za-z0-9._:-]{1,128}$/.test(key)) {
            throw new IdempotencyError(`idempotency key "${key}" may only hold A-Z, a-z, 0-9, ".", "_", ":" and "-" (1-128 characters)`);
        }
        return key;
    }
    const run = env('GITHUB_RUN_ID');
    const attempt = env('GITHUB_RUN_ATTEMPT');
    if (run && attempt)
        return `${run}-${attempt}`;
    throw new IdempotencyError('no idempotency key: pass --idempotency-key KEY (in Actions it defaults to the run id and attempt)');
}

// EXTERNAL MODULE: ./src/policy/types.ts
var policy_types = __webpack_require__(63943);
;// CONCATENATED MODULE: ./src/apply/lease-keeper.ts

/**
 * Holds a lane lease while apply works: renews it at a third of its lifetime, so a long drain
 * does not lose it, and remembers when renewal failed so no further mutation is attempted.
 */
class LeaseKeeper {
    host;
    ref;
    holder;
    ttlSeconds;
    #lease = null;
    #timer = null;
    #lost = null;
    #lastToken = null;
    #proof = null;
    #renewing = false;
    constructor(host, ref, holder, ttlSeconds) {
        this.host = host;
        this.ref = ref;
        this.holder = holder;
        this.ttlSeconds = ttlSeconds;
    }
    async acquire() {
        try {
            this.#lease = await this.host.leaseAcquire(this.ref, this.holder, this.ttlSeconds);
            this.#lastToken = this.#lease.fencingToken;
            this.#proof = this.#lease.proof ?? null;
        }
        catch (e) {
            throw new LeaseError(this.ref.lane, `could not take the lease on lane ${this.ref.lane}: ${e.message}`);
        }
        const every = Math.max(1000, (this.ttlSeconds * 1000) / 3);
        this.#timer = setInterval(() => void this.renew(), every);
        this.#timer.unref();
        return this.#lease;
    }
    async renew() {
        if (!this.#lease || this.#lost || this.#renewing)
            return;
        this.#renewing = true;
        try {
            this.#lease = await this.host.leaseRenew(this.ref, this.#lease, this.ttlSeconds);
        }
        catch (e) {
            // A passing failure (a timeout, a busy lock) is tried again at the next tick; the lease is
            // lost when another holder has it, or when it has expired without a renewal.
            const conflict = e.isLeaseConflict === true;
            const expired = Date.parse(this.#lease.expiresAt) <= Date.now();
            if (conflict || expired)
                this.#lost = e.message;
        }
        finally {
            this.#renewing = false;
        }
    }
    /** The current fencing token; throws when the lease was never taken or has been lost. */
    token() {
        if (!this.#lease)
            throw new LeaseError(this.ref.lane, `no lease held on lane ${this.ref.lane}`);
        if (this.#lost)
            throw new LeaseError(this.ref.lane, `the lease on lane ${this.ref.lane} was lost: ${this.#lost}`);
        return this.#lease.fencingToken;
    }
    /** The token this keeper held last, also after release (for the audit record). */
    get fencingToken() {
        return this.#lastToken;
    }
    /** What the helper verified of this job when it granted the lease (for the audit record). */
    get proof() {
        return this.#proof;
    }
    async release() {
        if (this.#timer)
            clearInterval(this.#timer);
        this.#timer = null;
        const lease = this.#lease;
        this.#lease = null;
        if (lease && !this.#lost)
            await this.host.leaseRelease(this.ref, lease);
    }
}

;// CONCATENATED MODULE: ./src/apply/gates.ts
/** Completion gates of a lane that should be present. All must pass for `completed`. */
function presentGates(lane, hostObs, runner) {
    const hl = hostObs.lanes[lane.name];
    const unit = hl?.unit;
    const custom = runner ? runner.labels.filter((l) => l.type === 'custom').map((l) => l.name) : [];
    const labelsExact = runner !== null && custom.length === new Set(lane.labels).size && lane.labels.every((l) => custom.includes(l));
    const relevant = new Set([lane.name, lane.serviceUser, lane.registrationRoot, lane.host, '*']);
    const failedBaseline = hostObs.baseline.filter((c) => !c.ok && relevant.has(c.subject) && (c.id !== 'docker-credential-isolation' || lane.containerBuilds));
    return [
        {
            name: 'unit enabled and active',
            ok: unit?.fileState === 'enabled' && unit.activeState === 'active',
            evidence: unit ? `${unit.name}: ${unit.fileState}, ${unit.activeState}/${unit.subState}` : 'the host reported nothing for the lane',
        },
        {
            name: 'unit rendered by Lanekeeper',
            ok: unit?.matchesRendered === true,
            evidence: unit?.matchesRendered ? 'unit file equals the rendered unit' : 'unit file differs from the rendered unit',
        },
        {
            name: 'process runs as the service user',
            ok: unit?.mainPidUser === lane.serviceUser,
            evidence: unit?.mainPidUser ? `main PID ${unit.mainPid ?? '?'} runs as ${unit.mainPidUser}` : 'no main process',
        },
        {
            name: 'GitHub shows the lane online',
            ok: runner?.status === 'online',
            evidence: runner ? `runner #${runner.id} is ${runner.status}${runner.busy ? ', busy' : ''}` : `no runner named ${lane.name} in ${lane.scopeKey}`,
        },
        {
            name: 'labels exactly the policy',
            ok: labelsExact,
            evidence: runner ? `custom labels [${custom.join(', ')}], policy [${lane.labels.join(', ')}]` : 'no runner',
        },
        {
            name: 'baseline ready',
            ok: failedBaseline.length === 0,
            evidence: failedBaseline.length === 0 ? 'every baseline check passed' : failedBaseline.map((c) => `${c.id} ${c.subject}: ${c.evidence}`).join('; '),
        },
    ];
}
/** Completion gates of a lane that should be absent. */
function absentGates(lane, hl, runner) {
    return [
        { name: 'registration gone from GitHub', ok: runner === null, evidence: runner ? `runner #${runner.id} still exists` : `no runner named ${lane.name} in ${lane.scopeKey}` },
        { name: 'unit removed', ok: !hl || hl.unit.fileState === 'absent', evidence: hl ? `${hl.unit.name}: ${hl.unit.fileState}` : 'no unit reported' },
        { name: 'directory removed', ok: !hl || !hl.directoryExists, evidence: hl?.directoryExists ? `${hl.directory} still exists` : 'directory absent' },
    ];
}

;// CONCATENATED MODULE: ./src/apply/recovery.ts
/** What a person does when a lane failed at this step: the state is safe, this brings it home. */
function recoveryHint(kind, lane) {
    switch (kind) {
        case 'lease.acquire':
            return `another apply holds lane ${lane.name}, or its lease has not expired yet: wait for it (or for the lease to expire) and run apply again`;
        case 'github.cordon':
            return `nothing was changed; check the token's runner permissions for ${lane.scopeKey} and run apply again`;
        case 'github.set-labels':
            return `the lane is registered and supervised but its labels may not be the policy's yet; check the token's runner permissions for ${lane.scopeKey}, then plan and apply again (the plan reconciles the labels)`;
        case 'drain.wait':
            return `the lane was still busy when the drain timed out; its labels were restored. Run apply again when it is idle, or raise drain.timeoutSeconds`;
        case 'github.delete-runner':
        case 'runner.unconfigure':
            return `the registration may still exist; run inventory and plan again: the next plan shows what is left (docs/runbook.md, "Remove a lane by hand")`;
        case 'runner.prepare-directory':
        case 'runner.configure':
            return `${lane.directory} may be half prepared; run plan again: a half-configured directory plans as create with config.sh remove --local first, which clears the leftovers (docs/runbook.md)`;
        case 'host.install-unit':
        case 'host.daemon-reload':
        case 'host.enable-now':
        case 'host.restart':
        case 'host.stop':
        case 'host.disable':
        case 'host.remove-unit':
        case 'runner.remove-directory':
            return `see "journalctl -u ${lane.unit}" and "systemctl status ${lane.unit}" on ${lane.host}; fix the cause, then run plan and apply again (docs/runbook.md)`;
        case 'gates':
        case 'verify.gates':
            return `the change was made but not every completion gate passed; see the failed gate, fix the cause on ${lane.host}, then plan and apply again`;
        case 'lease.release':
            return 'the lease will expire by itself; nothing to do';
    }
}

;// CONCATENATED MODULE: ./src/apply/executor.ts




/** Drain timed out and the policy says skip: the lane is left as it was, labels restored. */
class SkipLane extends Error {
    name = 'SkipLane';
}
function laneRef(lane) {
    return { lane: lane.name, root: lane.registrationRoot, user: lane.serviceUser, unit: lane.unit };
}
/**
 * Carries out one lane's planned steps under its lease, then checks every completion gate.
 * Never throws for an expected failure: the result says `failed`, which step, and how to recover.
 * Whatever happens, a cordoned lane gets its labels back and the lease is released.
 */
async function applyLane(lane, plan, policy, holder, deps) {
    const ref = laneRef(lane);
    const lease = new LeaseKeeper(deps.host, ref, holder, deps.timing.leaseTtlSeconds);
    const steps = [];
    let gates = [];
    let runnerId = plan.runnerId;
    let cordoned = false;
    const say = (m) => deps.log(`[${lane.name}] ${m}`);
    // Only a runner of the lane's name that carries the managed label is the lane's: a runner
    // Lanekeeper does not own that appears under the name meanwhile is never cordoned, relabelled
    // or deleted.
    const ours = (r) => !!r && r.name === lane.name && r.labels.some((l) => l.type === 'custom' && l.name === policy.managedLabel);
    const findRunner = async () => {
        if (runnerId !== null) {
            const r = await deps.github.getRunner(lane.scope, runnerId);
            if (ours(r))
                return r;
        }
        const found = (await deps.github.listRunners(lane.scope)).find((r) => ours(r)) ?? null;
        runnerId = found?.id ?? null;
        return found;
    };
    const restoreLabels = async () => {
        if (!cordoned)
            return;
        const r = await findRunner();
        if (r)
            await deps.github.setLabels(lane.scope, r.id, [...lane.labels]);
        cordoned = false;
        say('labels restored');
    };
    const execute = async (step) => {
        const kind = step.kind;
        switch (kind) {
            case 'lease.acquire': {
                const l = await lease.acquire();
                const proven = l.proof ? `; proven by run ${l.proof.runId} attempt ${l.proof.runAttempt} of ${l.proof.actor} (${l.proof.jobWorkflowRef})` : '';
                return `fencing token ${l.fencingToken}, expires ${l.expiresAt}${proven}`;
            }
            case 'lease.release':
                await lease.release();
                return undefined;
            case 'github.cordon': {
                const r = await findRunner();
                if (!r)
                    return 'no registration to cordon';
                await deps.github.setLabels(lane.scope, r.id, [policy.managedLabel]);
                cordoned = true;
                return `labels set to [${policy.managedLabel}]; no new job is routed to runner #${r.id}`;
            }
            case 'drain.wait':
                return drain();
            case 'github.delete-runner': {
                const r = await findRunner();
                if (!r)
                    return 'already gone';
                await deps.github.deleteRunner(lane.scope, r.id);
                runnerId = null;
                cordoned = false;
                return `deleted runner #${r.id}`;
            }
            case 'runner.prepare-directory':
                await deps.host.prepareDirectory(ref, lease.token());
                return lane.directory;
            case 'runner.configure': {
                const token = await deps.github.createRegistrationToken(lane.scope);
                deps.onSecret(token.token.reveal());
                await deps.host.configureRunner(ref, lease.token(), {
                    url: (0,policy_types/* scopeUrl */.QN)(lane.scope, deps.serverUrl),
                    token: token.token,
                    name: lane.name,
                    labels: lane.labels,
                    runnerGroup: lane.runnerGroup,
                });
                runnerId = null;
                return `registered ${lane.name} at ${(0,policy_types/* scopeUrl */.QN)(lane.scope, deps.serverUrl)}`;
            }
            case 'runner.unconfigure':
                // The registration went before (github.delete-runner, by the id GitHub lists for the
                // lane's name): this only deletes the local files, so nothing in .runner is trusted.
                await deps.host.unconfigureRunner(ref, lease.token());
                return 'config.sh remove --local done';
            case 'host.install-unit': {
                const { changed } = await deps.host.installOrUpdateUnit(ref, lease.token());
                return changed ? 'unit file written' : 'unit file already up to date';
            }
            case 'host.daemon-reload':
                await deps.host.daemonReload(ref, lease.token());
                return undefined;
            case 'host.enable-now':
                await deps.host.enableNow(ref, lease.token());
                return undefined;
            case 'host.restart':
                await deps.host.restart(ref, lease.token());
                return undefined;
            case 'host.stop':
                await deps.host.stop(ref, lease.token());
                return undefined;
            case 'host.disable':
                await deps.host.disable(ref, lease.token());
                return undefined;
            case 'host.remove-unit':
                await deps.host.removeUnit(ref, lease.token());
                return undefined;
            case 'runner.remove-directory':
                await deps.host.removeDirectory(ref, lease.token());
                return `removed ${lane.directory}`;
            case 'github.set-labels': {
                const r = await waitForRunner();
                await deps.github.setLabels(lane.scope, r.id, [...lane.labels]);
                cordoned = false;
                return `labels of runner #${r.id} set to [${lane.labels.join(', ')}]`;
            }
            case 'verify.gates':
                gates = await verify();
                if (gates.some((g) => !g.ok))
                    throw new GateFailure(gates);
                return `${gates.length} gates passed`;
        }
    };
    const waitForRunner = async () => {
        const deadline = deps.clock.now().getTime() + deps.timing.gateTimeoutMs;
        for (;;) {
            const r = await findRunner();
            if (r)
                return r;
            if (deps.clock.now().getTime() >= deadline)
                throw new Error(`runner ${lane.name} did not appear in ${lane.scopeKey}`);
            await deps.sleep(deps.timing.pollMs);
        }
    };
    const drain = async () => {
        const started = deps.clock.now().getTime();
        const deadline = started + lane.drain.timeoutSeconds * 1000;
        let announced = false;
        for (;;) {
            lease.token();
            const r = await findRunner();
            const hostLane = (await deps.host.status([ref])).lanes[lane.name];
            const busy = r?.busy === true;
            const worker = hostLane?.workerRunning === true;
            if (!busy && !worker)
                return `idle after ${Math.round((deps.clock.now().getTime() - started) / 1000)}s`;
            if (!announced) {
                say(`waiting for the running job to finish (GitHub busy: ${busy}, Runner.Worker running: ${worker}), up to ${lane.drain.timeoutSeconds}s`);
                announced = true;
            }
            if (deps.clock.now().getTime() >= deadline) {
                await restoreLabels();
                const msg = `still busy after ${lane.drain.timeoutSeconds}s (GitHub busy: ${busy}, Runner.Worker running: ${worker})`;
                if (lane.drain.onTimeout === 'skip')
                    throw new SkipLane(msg);
                throw new Error(msg);
            }
            await deps.sleep(deps.timing.pollMs);
        }
    };
    const verify = async () => {
        const deadline = deps.clock.now().getTime() + deps.timing.gateTimeoutMs;
        for (;;) {
            const hostObs = await deps.host.status([ref]);
            const r = await findRunner();
            const result = lane.ensure === 'absent' ? absentGates(lane, hostObs.lanes[lane.name], r) : presentGates(lane, hostObs, r);
            if (result.every((g) => g.ok) || deps.clock.now().getTime() >= deadline)
                return result;
            await deps.sleep(deps.timing.pollMs);
        }
    };
    say(`${plan.action}: ${plan.reason}`);
    let failure;
    let skipped = false;
    const todo = [...plan.steps];
    // Removal has no verify step in the plan (nothing to keep running); it is checked all the same.
    if (lane.ensure === 'absent' && !todo.some((s) => s.kind === 'verify.gates')) {
        const at = todo.findIndex((s) => s.kind === 'lease.release');
        todo.splice(at < 0 ? todo.length : at, 0, { kind: 'verify.gates', description: 'check every completion gate' });
    }
    try {
        for (const step of todo) {
            if (step.kind === 'lease.release')
                continue;
            const startedAt = deps.clock.now();
            const callsBefore = deps.evidence?.().length ?? 0;
            const calls = () => deps.evidence?.().slice(callsBefore);
            say(`→ ${step.description}`);
            try {
                // Every step after the lease is taken runs only while the lease is still ours.
                if (step.kind !== 'lease.acquire')
                    lease.token();
                const detail = await execute(step);
                const finishedAt = deps.clock.now();
                steps.push({ kind: step.kind, description: step.description, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime(), result: 'ok', detail, github: calls() });
                say(`  ok in ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1)} s${detail ? `: ${detail}` : ''}`);
            }
            catch (e) {
                const finishedAt = deps.clock.now();
                const message = e instanceof GateFailure ? e.message : e.message;
                steps.push({ kind: step.kind, description: step.description, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime(), result: e instanceof SkipLane ? 'skipped' : 'failed', error: message, github: calls() });
                if (e instanceof SkipLane) {
                    skipped = true;
                    say(`skipped: ${message}; labels restored, nothing else changed`);
                }
                else {
                    failure = { step: e instanceof GateFailure ? 'gates' : step.kind, message: `${step.description}: ${message}`, recovery: recoveryHint(e instanceof GateFailure ? 'gates' : step.kind, lane) };
                    say(`FAILED at "${step.description}": ${message}`);
                }
                break;
            }
        }
    }
    finally {
        if (failure) {
            try {
                await restoreLabels();
            }
            catch (e) {
                say(`could not restore the labels: ${e.message}`);
                failure = {
                    ...failure,
                    recovery: `${failure.recovery}. Lane ${lane.name} is still cordoned (labels [${policy.managedLabel}]): apply again, or set its labels to [${lane.labels.join(', ')}] by hand`,
                };
            }
        }
        const startedAt = deps.clock.now();
        try {
            await lease.release();
            if (plan.steps.some((s) => s.kind === 'lease.release')) {
                const finishedAt = deps.clock.now();
                steps.push({ kind: 'lease.release', description: `release the lease on lane ${lane.name}`, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime(), result: 'ok' });
            }
        }
        catch (e) {
            say(`could not release the lease (it expires by itself): ${e.message}`);
        }
    }
    const result = failure ? 'failed' : skipped ? 'skipped' : 'completed';
    say(result === 'completed' ? `completed: ${gates.length} gates passed` : result);
    return { lane: lane.name, host: lane.host, action: plan.action, result, fencingToken: lease.fencingToken, ...(lease.proof ? { leaseProof: lease.proof } : {}), steps, gates, failure };
}
class GateFailure extends Error {
    gates;
    name = 'GateFailure';
    constructor(gates) {
        super(`completion gates failed: ${gates.filter((g) => !g.ok).map((g) => `${g.name} (${g.evidence})`).join('; ')}`);
        this.gates = gates;
    }
}

;// CONCATENATED MODULE: ./src/apply/apply-plan.ts

/** The lanes an apply on this host acts on: ready, with something to do. */
function lanesToApply(plan, policy, host) {
    return plan.lanes
        .filter((l) => l.host === host && l.status === 'ready' && l.action !== 'noop')
        .map((l) => ({ lane: policy.lanes.find((d) => d.name === l.lane && d.path === l.path), plan: l }))
        .filter((x) => x.lane !== undefined);
}
/** Applies lane after lane (one lane's failure does not stop the others; each is leased on its own). */
async function applyPlan(plan, policy, holder, deps) {
    const results = [];
    for (const { lane, plan: lanePlan } of lanesToApply(plan, policy, deps.host.host)) {
        results.push(await applyLane(lane, lanePlan, policy, holder, deps));
    }
    return results;
}

// EXTERNAL MODULE: ./src/plan/render.ts
var render = __webpack_require__(30031);
;// CONCATENATED MODULE: ./src/apply/render.ts


function resultOf(view, lane) {
    return view.results.find((r) => r.lane === lane);
}
function counts(view) {
    if (view.mode === 'dry-run')
        return `Dry run: ${view.targets.length} lane(s) would change; nothing was changed.`;
    const by = (w) => view.results.filter((r) => r.result === w).length;
    return `Apply: ${by('completed')} completed, ${by('failed')} failed, ${by('skipped')} skipped.`;
}
function renderApplyText(view) {
    const out = [counts(view), ''];
    for (const t of view.targets) {
        const r = resultOf(view, t.lane);
        out.push(`${render/* ACTION_SYMBOLS */.$3[t.action]} ${t.lane}  ${t.action}  ${r ? r.result.toUpperCase() : 'would run'}${r?.fencingToken ? `  (fencing token ${r.fencingToken})` : ''}`);
        if (!r)
            for (const s of t.steps)
                out.push(`    - ${s.description}`);
        for (const g of r?.gates ?? [])
            out.push(`    ${g.ok ? 'ok  ' : 'FAIL'} ${g.name}: ${g.evidence}`);
        if (r?.failure)
            out.push(`    failed at ${r.failure.step}: ${r.failure.message}`, `    recovery: ${r.failure.recovery}`);
    }
    out.push('', `Plan digest: sha256:${view.plan.digest}`);
    if (view.mode === 'dry-run' && view.targets.length > 0)
        out.push(`To apply, confirm with: ${(0,types/* confirmationPhrase */.XV)(view.plan.digest)}`);
    return out.join('\n') + '\n';
}
function renderApplyMarkdown(view) {
    const out = [`### Lanekeeper ${view.mode === 'dry-run' ? 'dry run' : 'apply'} \`${view.plan.digest.slice(0, 12)}\``, '', `**${counts(view)}**`, ''];
    if (view.targets.length > 0) {
        out.push('| | Lane | Action | Result | Gates | Notes |', '|---|---|---|---|---|---|');
        for (const t of view.targets) {
            const r = resultOf(view, t.lane);
            const gates = r ? `${r.gates.filter((g) => g.ok).length}/${r.gates.length}` : '—';
            const notes = r?.failure ? `${r.failure.message} — recovery: ${r.failure.recovery}` : r ? (r.gates.filter((g) => !g.ok).map((g) => g.name).join(', ') || '') : `${t.steps.length} steps`;
            out.push(`| \`${render/* ACTION_SYMBOLS */.$3[t.action]}\` | ${t.lane} | ${t.action} | ${r ? r.result : 'would run'} | ${gates} | ${notes.replace(/\|/g, '\\|')} |`);
        }
        out.push('');
    }
    if (view.mode === 'dry-run' && view.targets.length > 0)
        out.push('To apply this plan, confirm with:', '', '```', (0,types/* confirmationPhrase */.XV)(view.plan.digest), '```', '');
    return out.join('\n');
}

// EXTERNAL MODULE: ./src/util/canonical-json.ts
var canonical_json = __webpack_require__(71989);
;// CONCATENATED MODULE: ./src/apply/stale.ts

/**
 * Compares the reviewed and the current plan of the lanes an apply will touch. Any difference
 * in what the lane would do, or in the facts it was planned from, makes the plan stale.
 * Returns one line per difference; empty means the reviewed plan still holds.
 */
function staleLaneChanges(reviewed, current, lanes) {
    const changes = [];
    for (const name of lanes) {
        const before = reviewed.find((l) => l.lane === name);
        const after = current.find((l) => l.lane === name);
        if (!before || !after) {
            changes.push(`${name}: ${before ? 'no longer in the plan' : 'not in the reviewed plan'}`);
            continue;
        }
        const what = [];
        if (before.shape !== after.shape)
            what.push(`shape ${before.shape} → ${after.shape}`);
        if (before.action !== after.action)
            what.push(`action ${before.action} → ${after.action}`);
        if (before.status !== after.status)
            what.push(`status ${before.status} → ${after.status}`);
        if ((0,canonical_json/* canonicalJson */.d)(before.steps) !== (0,canonical_json/* canonicalJson */.d)(after.steps))
            what.push('steps differ');
        if ((0,canonical_json/* canonicalJson */.d)(before.blockers) !== (0,canonical_json/* canonicalJson */.d)(after.blockers))
            what.push('blockers differ');
        if (before.basisDigest !== after.basisDigest && what.length === 0)
            what.push('observed facts changed (runner, unit, directory or baseline)');
        else if (before.basisDigest !== after.basisDigest)
            what.push('observed facts changed');
        if (what.length > 0)
            changes.push(`${name}: ${what.join('; ')}`);
    }
    return changes;
}

;// CONCATENATED MODULE: ./src/apply/types.ts
const DEFAULT_TIMING = { leaseTtlSeconds: 120, pollMs: 2000, gateTimeoutMs: 120_000 };

// EXTERNAL MODULE: ./src/inventory/observe.ts + 1 modules
var observe = __webpack_require__(98710);
// EXTERNAL MODULE: ./src/plan/digest.ts
var plan_digest = __webpack_require__(31147);
// EXTERNAL MODULE: ./src/plan/planner.ts + 3 modules
var planner = __webpack_require__(37621);
// EXTERNAL MODULE: ./src/policy/load.ts + 2 modules
var load = __webpack_require__(17154);
// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(97110);
// EXTERNAL MODULE: ./src/commands/adapters.ts + 5 modules
var adapters = __webpack_require__(51124);
// EXTERNAL MODULE: ./src/commands/errors.ts
var errors = __webpack_require__(29255);
;// CONCATENATED MODULE: ./src/commands/id-token.ts
const ID_TOKEN_REQUEST_URL_ENV = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const ID_TOKEN_REQUEST_TOKEN_ENV = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';
class IdTokenUnavailableError extends Error {
    name = 'IdTokenUnavailableError';
    constructor() {
        super(`the job has no OIDC token endpoint (${ID_TOKEN_REQUEST_URL_ENV} is unset), so apply cannot prove to the host that it is the approved apply job. ` +
            'Fix: give the apply job `permissions: id-token: write` (the reusable workflow does) and run it in the lanekeeper-apply environment.');
    }
}
/** A proof source for `planDigest`; the token is fetched lazily, once per lease. */
function actionsLeaseProof(io, planDigest) {
    return {
        planDigest,
        async idToken(audience) {
            if (!io.env(ID_TOKEN_REQUEST_URL_ENV) || !io.env(ID_TOKEN_REQUEST_TOKEN_ENV))
                throw new IdTokenUnavailableError();
            const { getIDToken } = await __webpack_require__.e(/* import() */ 659).then(__webpack_require__.bind(__webpack_require__, 91659));
            // getIDToken masks the token (add-mask) before returning it.
            return getIDToken(audience);
        },
    };
}

// EXTERNAL MODULE: ./src/commands/host-matrix.ts
var host_matrix = __webpack_require__(65586);
// EXTERNAL MODULE: ./src/commands/files.ts
var files = __webpack_require__(72729);
// EXTERNAL MODULE: ./src/commands/observed-input.ts
var observed_input = __webpack_require__(56145);
// EXTERNAL MODULE: ./src/commands/recording.ts + 1 modules
var recording = __webpack_require__(89196);
;// CONCATENATED MODULE: ./src/commands/apply.ts





















/**
 * `apply`: carries out a reviewed plan on this job's host. Dry-run by default. In apply mode it
 * fails closed: exact confirmation, idempotency key, plan file intact, plan not stale, lease per
 * lane. Outputs, results file and audit partial are written whatever happens.
 */
async function runApply(io, deps = {}) {
    const clock = deps.clock ?? util_clock/* systemClock */.m;
    const outputDir = io.input(constants/* Inputs */.G0.OutputDir) || constants/* DEFAULT_OUTPUT_DIR */.w;
    const mode = parseMode(io.input(constants/* Inputs */.G0.Mode));
    // Resolved first so the audit record names it; a missing key is refused below, in apply mode.
    let idempotencyKey = null;
    try {
        idempotencyKey = resolveIdempotencyKey(io.input(constants/* Inputs */.G0.IdempotencyKey), (n) => io.env(n));
    }
    catch {
        idempotencyKey = null;
    }
    const recorder = (0,recording/* recorderFor */.u)(io, 'apply', clock, idempotencyKey);
    let result = mode === 'dry-run' ? 'dry-run' : 'failed';
    let lanes = [];
    try {
        const policyPath = io.input(constants/* Inputs */.G0.Policy) || constants/* DEFAULT_POLICY_PATH */.lo;
        const { policy, problems } = (0,load/* loadPolicyFile */.n$)(policyPath);
        recorder.recordPolicyDigest(policy.digest);
        const planPath = io.input(constants/* Inputs */.G0.PlanFile) || files/* OutputFiles */.RL.plan(outputDir);
        const { plan: reviewed, observed: reviewedObserved } = readReviewedPlan(planPath);
        recorder.recordPlan(reviewed);
        recorder.recordObserved('pre', reviewedObserved);
        const expected = (0,types/* confirmationPhrase */.XV)(reviewed.digest);
        // In apply mode every new lease carries the job's OIDC token, bound to this host and plan.
        const host = deps.host === undefined ? (0,adapters/* hostFromInputs */.qJ)(io, mode === 'apply' ? actionsLeaseProof(io, reviewed.digest) : undefined) : deps.host;
        const only = io.input(constants/* Inputs */.G0.Lane) || 'all';
        const hostName = host?.host ?? io.input(constants/* Inputs */.G0.Host);
        const targets = lanesToApply(reviewed, policy, hostName).filter((t) => (0,planner/* selectLanes */.i)([t.lane], only).length > 0);
        if (mode === 'dry-run') {
            const confirmation = io.input(constants/* Inputs */.G0.Confirmation);
            io.info(`Dry run: nothing is changed. ${targets.length} lane(s) would be applied on ${hostName || '(no host given)'}.`);
            if (confirmation)
                io.info(confirmation === expected ? `The confirmation matches this plan.` : `The confirmation "${confirmation}" does not match this plan; it expects "${expected}".`);
            io.output(constants/* Outputs */.tY.Result, 'dry-run');
            io.output(constants/* Outputs */.tY.Confirmation, expected);
            const view = { mode, plan: reviewed, targets: targets.map((t) => t.plan), results: [] };
            await io.summary(renderApplyMarkdown(view), renderApplyText(view));
            recorder.end('planned');
            return { result, lanes };
        }
        checkConfirmation(reviewed.digest, io.input(constants/* Inputs */.G0.Confirmation));
        idempotencyKey = resolveIdempotencyKey(io.input(constants/* Inputs */.G0.IdempotencyKey), (n) => io.env(n));
        if (!host)
            throw new errors/* InputError */.d(constants/* Inputs */.G0.Host, 'input "host" (CLI: --host) is empty: apply runs on the host it changes; give the host name as the policy spells it');
        // Re-observe this host and the scopes of its lanes; the reviewed state stands for the rest.
        const hostLanes = (0,planner/* selectLanes */.i)(policy.lanes, only).filter((l) => l.host === host.host);
        const github = deps.github ?? (0,adapters/* githubFromInputs */.Rj)(io, { ...(0,host_matrix/* scopesAccess */.OX)(hostLanes.map((l) => l.scope)), write: true });
        const observeHost = () => (0,observe/* observe */.lB)(policy, hostLanes, { github, hosts: [host], clock }, (0,observe/* policyScopes */.oG)(policy, hostLanes));
        const fresh = await io.group(`Observe ${host.host} again`, observeHost);
        const current = (0,planner/* buildPlan */.G)(policy, problems, overlay(reviewedObserved, fresh), { only });
        const targetNames = hostLanes.map((l) => l.name);
        const changes = staleLaneChanges(reviewed.lanes, current.lanes, targetNames);
        // The policy itself must be the reviewed one: a field that shows in no step (a runner group,
        // a drain timeout) must not change between review and apply.
        if (reviewed.policyDigest !== policy.digest) {
            changes.unshift(`the policy changed since the plan was made (reviewed ${reviewed.policyDigest.slice(0, 12)}, now ${policy.digest.slice(0, 12)})`);
        }
        const currentTargets = lanesToApply(current, policy, host.host).filter((t) => targetNames.includes(t.lane.name));
        if (changes.length > 0) {
            if (reviewed.policyDigest === policy.digest && currentTargets.length === 0 && current.lanes.filter((l) => targetNames.includes(l.lane)).every((l) => l.status === 'ready')) {
                // Everything the reviewed plan asked for is already so (a re-run after success): nothing to do.
                io.info(`Nothing to do: every selected lane on ${host.host} is already as the policy says (idempotency key ${idempotencyKey}).`);
                result = 'noop';
                io.output(constants/* Outputs */.tY.Result, result);
                recorder.recordObserved('post', fresh);
                recorder.end('completed');
                await io.summary(`### Lanekeeper apply: nothing to do\n\nEvery selected lane on ${host.host} is already as the policy says.\n`, `Nothing to do: every selected lane on ${host.host} is already as the policy says.\n`);
                return { result, lanes };
            }
            throw new StalePlanError(reviewed.digest, current.digest, changes);
        }
        // Unique per process: two applies given the same key must not share (and renew) one lease.
        const holder = `${idempotencyKey.slice(0, 100)}@${host.host.slice(0, 16)}+${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
        lanes = await io.group(`Apply ${currentTargets.length} lane(s) on ${host.host}`, () => applyPlan(current, policy, holder, {
            github,
            host,
            clock,
            sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
            log: (line) => io.info(line),
            onSecret: (s) => io.setSecret(s),
            serverUrl: (0,adapters/* serverUrlFromInputs */.a5)(io),
            timing: { ...DEFAULT_TIMING, ...deps.timing },
            evidence: evidenceOf(github),
        }));
        for (const l of lanes)
            recorder.recordAppliedLane(l, (step) => ({ github: [...(step.github ?? [])] }));
        const post = await observeHost().catch(() => null);
        if (post)
            recorder.recordObserved('post', post);
        (0,files/* writeJsonFile */.An)(files/* OutputFiles */.RL.applyResults(outputDir, host.host), { planDigest: reviewed.digest, idempotencyKey, host: host.host, lanes });
        const failed = lanes.filter((l) => l.result === 'failed');
        result = failed.length > 0 ? 'failed' : lanes.length === 0 ? 'noop' : 'completed';
        io.output(constants/* Outputs */.tY.Result, result);
        const view = { mode, plan: reviewed, targets: currentTargets.map((t) => t.plan), results: lanes };
        await io.summary(renderApplyMarkdown(view), renderApplyText(view));
        recorder.end(failed.length > 0 ? 'failed' : 'completed');
        if (failed.length > 0)
            throw new ApplyFailedError(failed.map((f) => ({ lane: f.lane, message: f.failure?.message ?? 'failed', recovery: f.failure?.recovery ?? '' })));
        return { result, lanes };
    }
    catch (e) {
        if (!(e instanceof ApplyFailedError)) {
            recorder.error(e);
            recorder.end(mode === 'apply' ? 'failed' : 'planned');
        }
        io.output(constants/* Outputs */.tY.Result, result);
        throw e;
    }
    finally {
        await recorder.writePartial(outputDir);
    }
}
function evidenceOf(github) {
    const withEvidence = github;
    return typeof withEvidence.evidence === 'function' ? () => withEvidence.evidence() : undefined;
}
function parseMode(value) {
    if (value === '')
        return 'dry-run';
    if (constants/* Modes */.dX.includes(value))
        return value;
    throw new errors/* InputError */.d(constants/* Inputs */.G0.Mode, `input "mode" is "${value}"; use dry-run (the default) or apply`);
}
/** The reviewed plan and the observed state it was built from, checked against the plan's own digest. */
function readReviewedPlan(planPath) {
    const raw = (0,files/* readJsonFile */.JE)(planPath, 'reviewed plan', 'run plan first (the dry-run) and pass its plan file');
    if (!raw || typeof raw.digest !== 'string' || !Array.isArray(raw.lanes))
        throw new errors/* InputFileError */.T(planPath, 'not a Lanekeeper plan file');
    const observed = (0,observed_input/* readObservedFile */.f)(files/* OutputFiles */.RL.planObserved(planPath));
    const { digest, ...body } = raw;
    const actual = (0,plan_digest/* planDigest */.Gb)(body);
    if (actual !== digest)
        throw new PlanIntegrityError(planPath, digest, actual);
    const observedActual = (0,plan_digest/* observedDigest */.hU)(observed);
    if (observedActual !== body.observedDigest)
        throw new PlanIntegrityError(files/* OutputFiles */.RL.planObserved(planPath), body.observedDigest, observedActual);
    return { plan: raw, observed };
}
/** The reviewed observed state with this job's fresh observations in place of the old ones. */
function overlay(reviewed, fresh) {
    const freshScopes = new Map(fresh.github.map((s) => [s.scope, s]));
    return {
        schemaVersion: 1,
        observedAt: fresh.observedAt,
        github: [...reviewed.github.filter((s) => !freshScopes.has(s.scope)), ...fresh.github],
        hosts: { ...reviewed.hosts, ...fresh.hosts },
    };
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
