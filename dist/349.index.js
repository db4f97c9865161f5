export const id = 349;
export const ids = [349];
export const modules = {

/***/ 72729:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   An: () => (/* binding */ writeJsonFile),
/* harmony export */   IJ: () => (/* binding */ observedFiles),
/* harmony export */   JE: () => (/* binding */ readJsonFile),
/* harmony export */   RL: () => (/* binding */ OutputFiles)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(29255);



function readJsonFile(file, what, fix) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputFileError */ .T(file, `cannot read the ${what}: ${e.code ?? e.message} (${fix})`);
    }
    try {
        return JSON.parse(text);
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputFileError */ .T(file, `the ${what} is not JSON: ${e.message}`);
    }
}
/** Writes JSON atomically (temp file + rename), so a reader never sees half a file. */
function writeJsonFile(file, value) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(tmp, JSON.stringify(value, null, 2) + '\n');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, file);
}
const OutputFiles = {
    /** What one inventory job observed. */
    observed: (dir) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'observed.json'),
    plan: (dir) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'plan.json'),
    /** The merged observed state a plan was built from, next to the plan file. */
    planObserved: (planFile) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(planFile), 'plan-observed.json'),
    applyResults: (dir, host) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, `apply-${host}.json`),
};
/** `path` itself when it is a file; else every `observed.json` below the directory, sorted. */
function observedFiles(path) {
    let isDir = false;
    try {
        isDir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory();
    }
    catch {
        // A missing directory (no inventory artifact was downloaded) holds no files; a missing file is an error later.
        return path.endsWith('.json') ? [path] : [];
    }
    if (!isDir)
        return [path];
    const found = [];
    const walk = (dir) => {
        for (const name of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir).sort()) {
            const p = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(p).isDirectory())
                walk(p);
            else if (name === 'observed.json')
                found.push(p);
        }
    };
    walk(path);
    return found;
}


/***/ }),

/***/ 89196:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  u: () => (/* binding */ recorderFor),
  o: () => (/* binding */ recording)
});

// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/util/clock.ts
var clock = __webpack_require__(97110);
// EXTERNAL MODULE: ./src/audit/assemble.ts + 1 modules
var assemble = __webpack_require__(19963);
// EXTERNAL MODULE: ./src/audit/partial.ts
var partial = __webpack_require__(97974);
// EXTERNAL MODULE: ./src/audit/redact.ts
var redact = __webpack_require__(95882);
;// CONCATENATED MODULE: ./src/audit/recorder.ts
/**
 * The builder inventory, plan and apply feed while they run. Each job owns one recorder and
 * writes its partial record into the output directory when it ends (also when it fails).
 */






/** The lane record a plan implies before apply touches anything. */
function plannedLaneRecord(lane) {
    return {
        lane: lane.lane,
        host: lane.host,
        scope: lane.scope,
        shape: lane.shape,
        action: lane.action,
        result: lane.status === 'blocked' ? 'blocked' : lane.action === 'noop' ? 'noop' : 'planned',
        fencingToken: null,
        steps: [],
        gates: [],
        failure: null,
    };
}
class AuditRecorder {
    #options;
    #clock;
    #startedAt;
    #policyDigest = null;
    #plan = null;
    #observedPre = null;
    #observedPost = null;
    #lanes = new Map();
    #errors = [];
    #status = null;
    #finishedAt = null;
    constructor(options) {
        this.#options = options;
        this.#clock = options.clock ?? clock/* systemClock */.m;
        this.#startedAt = this.#clock.now();
    }
    get source() {
        return this.#options.source;
    }
    recordPolicyDigest(digest) {
        this.#policyDigest = digest;
    }
    recordObserved(which, state) {
        if (which === 'pre')
            this.#observedPre = state;
        else
            this.#observedPost = state;
    }
    /** Records the plan and one lane entry per planned lane (result planned, blocked or noop). */
    recordPlan(plan) {
        this.#plan = plan;
        this.#policyDigest = plan.policyDigest;
        for (const lane of plan.lanes) {
            if (!this.#lanes.has(lane.lane))
                this.#lanes.set(lane.lane, { ...plannedLaneRecord(lane), steps: [], gates: [] });
        }
    }
    laneFencingToken(lane, fencingToken) {
        this.#lane(lane).fencingToken = fencingToken;
    }
    laneStepStarted(lane, step) {
        this.#lane(lane).steps.push({
            kind: step.kind,
            description: step.description,
            startedAt: this.#clock.now().toISOString(),
            finishedAt: null,
            durationMs: null,
            result: 'skipped',
            error: null,
            evidence: { github: [], helper: [] },
        });
    }
    /** Closes the lane's latest open step of this kind; a step never started is recorded as instant. */
    laneStepFinished(lane, kind, outcome) {
        const steps = this.#lane(lane).steps;
        let index = steps.findLastIndex((s) => s.kind === kind && s.finishedAt === null);
        if (index < 0) {
            this.laneStepStarted(lane, { kind, description: kind });
            index = steps.length - 1;
        }
        const step = steps[index];
        const finished = this.#clock.now();
        steps[index] = {
            ...step,
            finishedAt: finished.toISOString(),
            durationMs: Math.max(0, finished.getTime() - Date.parse(step.startedAt)),
            result: outcome.result,
            error: outcome.error ?? null,
            evidence: {
                github: [...step.evidence.github, ...(outcome.github ?? [])],
                helper: [...step.evidence.helper, ...(outcome.helper ?? [])],
            },
        };
    }
    /**
     * Records a lane as apply's executor reports it (steps already timed); `evidenceFor` supplies
     * the GitHub and helper calls behind each step. Replaces the lane's earlier steps and gates.
     */
    recordAppliedLane(applied, evidenceFor = () => ({})) {
        const record = this.#lane(applied.lane);
        record.fencingToken = applied.fencingToken;
        if (applied.leaseProof)
            record.leaseProof = applied.leaseProof;
        record.steps = applied.steps.map((step, i) => {
            const evidence = evidenceFor(step, i);
            return {
                kind: step.kind,
                description: step.detail ? `${step.description} (${step.detail})` : step.description,
                startedAt: step.startedAt,
                finishedAt: step.finishedAt,
                durationMs: step.durationMs,
                result: step.result,
                error: step.error ?? null,
                evidence: { github: [...(evidence.github ?? [])], helper: [...(evidence.helper ?? [])] },
            };
        });
        record.gates = applied.gates.map((g) => ({ name: g.name, ok: g.ok, evidence: g.evidence }));
        record.result = applied.result;
        record.failure = applied.failure
            ? {
                message: applied.failure.message,
                step: applied.failure.step === 'gates' ? 'verify.gates' : applied.failure.step,
                recoveryHint: applied.failure.recovery,
            }
            : null;
    }
    laneGate(lane, gate) {
        this.#lane(lane).gates.push({ name: gate.name, ok: gate.ok, evidence: gate.evidence });
    }
    laneResult(lane, result, failure = null) {
        const record = this.#lane(lane);
        record.result = result;
        record.failure = failure;
    }
    /** A run-level error: the job could not do its work (as opposed to a lane that failed). */
    error(error, phase = this.#options.source) {
        const name = error instanceof Error ? error.name : null;
        const message = error instanceof Error ? error.message : String(error);
        this.#errors.push({ phase, name, message });
    }
    /**
     * The job's own outcome; apply says completed or failed, inventory and plan leave it open.
     * A step still open when the job ends did not finish: it and its lane are recorded as failed.
     */
    end(status = null) {
        const now = this.#clock.now();
        for (const lane of this.#lanes.values()) {
            const open = lane.steps.filter((s) => s.finishedAt === null);
            for (const step of open) {
                const index = lane.steps.indexOf(step);
                lane.steps[index] = {
                    ...step,
                    finishedAt: now.toISOString(),
                    durationMs: Math.max(0, now.getTime() - Date.parse(step.startedAt)),
                    result: 'failed',
                    error: 'the step did not finish: the job ended first',
                };
            }
            if (open.length > 0 && lane.result !== 'failed') {
                lane.result = 'failed';
                lane.failure = {
                    message: `the job ended during ${open[0].kind}`,
                    step: open[0].kind,
                    recoveryHint: 'run inventory and plan again to see the lane as it is now, then apply the new plan',
                };
            }
        }
        this.#status = status;
        this.#finishedAt = now;
    }
    toPartial() {
        const finishedAt = this.#finishedAt ?? this.#clock.now();
        return {
            schemaVersion: 1,
            kind: partial/* AUDIT_PARTIAL_KIND */.Zk,
            source: this.#options.source,
            run: this.#options.run,
            mode: this.#options.mode ?? null,
            idempotencyKey: this.#options.idempotencyKey ?? null,
            policyDigest: this.#policyDigest,
            plan: this.#plan ? structuredClone(this.#plan) : null,
            observed: {
                pre: this.#observedPre ? structuredClone(this.#observedPre) : null,
                post: this.#observedPost ? structuredClone(this.#observedPost) : null,
            },
            lanes: [...this.#lanes.values()].map((l) => structuredClone(l)),
            timing: {
                phase: this.#options.source,
                startedAt: this.#startedAt.toISOString(),
                finishedAt: finishedAt.toISOString(),
                durationMs: Math.max(0, finishedAt.getTime() - this.#startedAt.getTime()),
            },
            errors: [...this.#errors],
            status: this.#status,
        };
    }
    /**
     * The whole record from this recorder alone (the CLI runs every phase in one process):
     * ends the recorder with `status` and assembles its partial.
     */
    finish(status, registry) {
        this.end(status);
        return (0,assemble/* assembleRecord */.yu)([this.toPartial()], { run: this.#options.run, now: this.#clock.now(), registry });
    }
    /** Writes the redacted partial into the output directory; returns its path. */
    async writePartial(outputDir, registry) {
        if (this.#finishedAt === null)
            this.end(this.#status);
        await (0,promises_.mkdir)(outputDir, { recursive: true });
        const path = (0,external_node_path_.join)(outputDir, (0,partial/* partialFileName */.nK)(this.#options.source));
        await (0,promises_.writeFile)(path, (0,redact/* redactedJson */.Rh)(this.toPartial(), registry));
        return path;
    }
    #lane(lane) {
        const record = this.#lanes.get(lane);
        if (!record)
            throw new Error(`audit: lane ${lane} is not in the recorded plan; call recordPlan first`);
        return record;
    }
}

// EXTERNAL MODULE: ./src/audit/run-context.ts
var run_context = __webpack_require__(33800);
;// CONCATENATED MODULE: ./src/commands/recording.ts



/** The audit recorder a command feeds; its partial lands in the output directory. */
function recorderFor(io, source, clock, idempotencyKey = null) {
    const modeText = io.input(constants/* Inputs */.G0.Mode);
    const mode = constants/* Modes */.dX.includes(modeText) ? modeText : source === 'apply' ? 'dry-run' : null;
    return new AuditRecorder({ source, run: (0,run_context/* runContextFromEnv */.w)((n) => io.env(n)), mode, idempotencyKey, clock });
}
/**
 * Runs a command's body and leaves its audit partial in the output directory whatever happens:
 * an error is recorded, then thrown on.
 */
async function recording(recorder, outputDir, body) {
    try {
        return await body();
    }
    catch (e) {
        recorder.error(e);
        throw e;
    }
    finally {
        recorder.end();
        await recorder.writePartial(outputDir);
    }
}


/***/ }),

/***/ 2357:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F9: () => (/* binding */ DEFAULT_HELPER_PATH),
/* harmony export */   X8: () => (/* binding */ SAFE_PATH_PATTERN),
/* harmony export */   x: () => (/* binding */ USER_NAME_PATTERN)
/* harmony export */ });
/* unused harmony exports DEFAULT_UNIT_NAME_PATTERN, DEFAULT_STATE_DIRECTORY, DEFAULT_RUNNER_DISTRIBUTION, DEFAULT_UNIT_DIRECTORY, DEFAULT_STOP_TIMEOUT_SECONDS, DEFAULT_MIN_FREE_BYTES, HOST_NAME_PATTERN, DEFAULT_SERVER_URL, serverOriginProblem, GITHUB_ACTIONS_ISSUER, DEFAULT_TRUST_ENVIRONMENT, DEFAULT_TRUST_EVENT, DEFAULT_TOKEN_MAX_AGE_SECONDS, DEFAULT_CLOCK_SKEW_SECONDS, TrustSchema, HostConfigSchema, HostConfigError, parseHostConfig, defaultUnitName */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92857);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27242);
/**
 * The host config: the one file on a host the privileged helper trusts. It is root-owned
 * (`/etc/lanekeeper/host.json` by default), and every helper argument is checked against it.
 * Pure: parsing and defaults only; the helper checks ownership and mode before reading it.
 */



const DEFAULT_UNIT_NAME_PATTERN = '^lanekeeper-runner@[a-z0-9][a-z0-9-]{0,62}\\.service$';
const DEFAULT_STATE_DIRECTORY = '/var/lib/lanekeeper';
const DEFAULT_RUNNER_DISTRIBUTION = '/opt/lanekeeper/runner';
/** The bundled helper (dist/helper/index.js, an ES module) as scripts/install-helper.sh installs it. */
const DEFAULT_HELPER_PATH = '/usr/local/libexec/lanekeeper/lanekeeper-helper.mjs';
const DEFAULT_UNIT_DIRECTORY = '/etc/systemd/system';
const DEFAULT_STOP_TIMEOUT_SECONDS = 300;
const DEFAULT_MIN_FREE_BYTES = 2 * 1024 ** 3;
/**
 * Characters a path in the host config or a helper argument may hold. No white space, quotes,
 * `$`, `;`, `|`, `&`, globs or back-slashes: values end up in unit files and process lists.
 */
const SAFE_PATH_PATTERN = /^\/[A-Za-z0-9._/-]*$/;
const USER_NAME_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;
const HOST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
const safePath = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()
    .regex(SAFE_PATH_PATTERN, 'must be an absolute path of letters, digits, ".", "_", "-" and "/", e.g. "/srv/runners"')
    .refine((p) => !p.split('/').includes('..'), 'must not contain ".."');
const unitNamePattern = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().refine((p) => {
    try {
        new RegExp(p);
        return p.startsWith('^') && p.endsWith('$');
    }
    catch {
        return false;
    }
}, 'must be a regular expression anchored with ^ and $, e.g. "^lanekeeper-runner@[a-z0-9-]+\\.service$"');
const DEFAULT_SERVER_URL = 'https://github.com';
/**
 * The server origin lanes register with: `https://host[:port]`, nothing after it. Plain `http` is
 * accepted for a loopback address only (a local test server), never for a remote one.
 */
function serverOriginProblem(url) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return 'is not a URL';
    }
    if (u.username || u.password)
        return 'must not carry a user name or password';
    if (`${u.protocol}//${u.host}` !== url)
        return 'must be an origin only (scheme, host, optional port; no path, query or trailing "/")';
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback))
        return 'must use https (plain http only for a loopback test server)';
    return null;
}
const serverOrigin = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().superRefine((url, ctx) => {
    const problem = serverOriginProblem(url);
    if (problem)
        ctx.addIssue({ code: 'custom', message: `${problem}, e.g. "https://github.com" or "https://ghes.example.com"` });
});
/** GitHub's OIDC issuer for Actions jobs (github.com; GHES uses https://HOSTNAME/_services/token). */
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
const DEFAULT_TRUST_ENVIRONMENT = 'lanekeeper-apply';
const DEFAULT_TRUST_EVENT = 'workflow_dispatch';
const DEFAULT_TOKEN_MAX_AGE_SECONDS = 600;
const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** One public signing key as a JWKS lists it; private members are refused (a host config is world-readable). */
const PublicJwkSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    kty: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['RSA', 'EC']),
    kid: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1, 'every pinned key needs its "kid"'),
})
    .refine((k) => !['d', 'p', 'q', 'dp', 'dq', 'qi'].some((m) => m in k), 'must be a public key: remove the private members (d, p, q, dp, dq, qi)');
/**
 * The trust section: what an OIDC token must say before the helper grants a lane lease. The
 * issuer's signing keys are pinned here (no network at lease time); refreshing them is a
 * documented root step (docs/host-setup.md).
 */
const TrustSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    issuer: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().url('must be the OIDC issuer URL, e.g. "https://token.actions.githubusercontent.com"').default(GITHUB_ACTIONS_ISSUER),
    jwks: zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({ keys: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(PublicJwkSchema).min(1, 'pin at least one of the issuer\'s signing keys') })
        .describe("The issuer's public signing keys (its /.well-known/jwks), pinned."),
    repository: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()
        .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name" of the repository whose workflow runs apply (the ops repository)')
        .describe('The `repository` claim: the caller repository that starts the apply run.'),
    jobWorkflowRefs: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+\/\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml@\S+$/, 'must be "owner/repo/.github/workflows/file.yml@ref", as the job_workflow_ref claim spells it'))
        .min(1)
        .describe('Allowed `job_workflow_ref` claims: the reusable workflow at the refs it may run from.'),
    jobWorkflowShas: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[0-9a-f]{40}$/, 'must be a full 40-hex commit'))
        .optional()
        .describe('When set, the `job_workflow_sha` claim must be one of these commits.'),
    refs: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^refs\/(heads|tags)\/\S+$/, 'must be a full ref, e.g. "refs/heads/main"'))
        .optional()
        .describe('When set, the `ref` claim (the branch the apply run was started on) must be one of these.'),
    environment: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1).default(DEFAULT_TRUST_ENVIRONMENT),
    event: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1).default(DEFAULT_TRUST_EVENT),
    operators: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(USER_NAME_PATTERN, 'must be a POSIX user name, e.g. "root"'))
        .default(['root'])
        .describe('People who may take a lease by hand, without a token (docs/runbook.md): the user sudo names (SUDO_UID), or root itself. Never the ops user.'),
    maxTokenAgeSeconds: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(30).max(3600).default(DEFAULT_TOKEN_MAX_AGE_SECONDS),
    clockSkewSeconds: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(0).max(300).default(DEFAULT_CLOCK_SKEW_SECONDS),
});
const HostConfigSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    version: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(1),
    host: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(HOST_NAME_PATTERN, 'must be a host name, e.g. "build-01"'),
    registrationRoots: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(safePath).min(1).describe('Directories under which lane directories may live.'),
    serviceUsers: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(USER_NAME_PATTERN, 'must be a POSIX user name, e.g. "runner"'))
        .min(1)
        .describe('Users a lane service may run as; never root.')
        .refine((users) => !users.includes('root'), 'must not include root'),
    repositories: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name"')).default([]),
    organizations: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[A-Za-z0-9-]+$/, 'must be an organisation login')).default([]),
    unitNamePattern: unitNamePattern.default(DEFAULT_UNIT_NAME_PATTERN),
    stateDirectory: safePath.default(DEFAULT_STATE_DIRECTORY).describe('Lane leases and fencing counters.'),
    runnerDistribution: safePath
        .default(DEFAULT_RUNNER_DISTRIBUTION)
        .describe('An unpacked runner tarball, copied into each new lane directory.'),
    helperPath: safePath.default(DEFAULT_HELPER_PATH),
    unitDirectory: safePath.default(DEFAULT_UNIT_DIRECTORY).describe('Where lane unit files are written.'),
    stopTimeoutSeconds: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(5).max(86_400).default(DEFAULT_STOP_TIMEOUT_SECONDS),
    minFreeBytes: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(0).default(DEFAULT_MIN_FREE_BYTES),
    serverUrl: serverOrigin
        .default(DEFAULT_SERVER_URL)
        .describe('The one GitHub origin lanes register with: https://github.com, or a GHES origin named explicitly.'),
    sharedServiceUsers: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(USER_NAME_PATTERN, 'must be a POSIX user name'))
        .default([])
        .describe('Service users several lanes may share; every other user serves one lane only.'),
    trust: TrustSchema.optional().describe('Who may take a lane lease: the approved apply job, proven by its GitHub Actions OIDC token.'),
});
class HostConfigError extends Error {
    file;
    problems;
    name = 'HostConfigError';
    constructor(file, problems) {
        super(`host config ${file} is invalid: ${problems.join('; ')}. ` +
            'Fix: correct the file as docs/host-setup.md describes (it must stay root-owned, mode 0644 or stricter).');
        this.file = file;
        this.problems = problems;
    }
}
/** Parses the host config text; every problem names its JSON path. */
function parseHostConfig(text, file = DEFAULT_HOST_CONFIG_PATH) {
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch (e) {
        throw new HostConfigError(file, [`not JSON (${e.message})`]);
    }
    const result = HostConfigSchema.safeParse(raw);
    if (!result.success) {
        throw new HostConfigError(file, result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`));
    }
    return result.data;
}
/** The unit a lane gets unless the policy names another: `lanekeeper-runner@<lane>.service`. */
function defaultUnitName(lane) {
    return `lanekeeper-runner@${lane}.service`;
}


/***/ }),

/***/ 58906:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pp: () => (/* binding */ ListenerExit)
/* harmony export */ });
/* unused harmony exports UNIT_MARKER_PREFIX, UNIT_PROGRAM, NO_RESTART_EXIT_CODES, laneDirectory, renderUnit, unitMarkerLane */
/* harmony import */ var _host_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2357);
/**
 * Renders the systemd unit of a lane. Pure: the same lane always gives the same bytes, so the
 * inventory can tell a unit Lanekeeper wrote (marker) from one it would write now (byte-equal).
 * No Environment= line carries a token or secret: the runner keeps its credentials in its own
 * directory (.credentials), written by config.sh.
 *
 * The runner's listener is the unit's main process, as the official service runs it
 * (`bin/Runner.Listener run --startuptype service`, after runsvc.sh has applied `.path`), without
 * run.sh/run-helper.sh or RunnerService.js in between: those map a listener killed by a signal
 * to a clean exit (run.sh: 0) or restart it themselves forever (RunnerService.js, also for the
 * deprecated-version code 7), so systemd could neither restart a crash nor see why the runner
 * stopped. docs/host-setup.md ("The lane's unit") argues each line from actions/runner's scripts.
 */

const UNIT_MARKER_PREFIX = '# Managed by Lanekeeper: lane=';
/** The program the unit runs, relative to the lane directory; the helper checks who owns it. */
const UNIT_PROGRAM = 'bin/Runner.Listener';
/**
 * Runner.Listener's return codes (actions/runner, Constants.Runner.ReturnCode) the unit must not
 * restart: 1 TerminatedError (registration deleted before the session started, not configured,
 * a deprecated version without the opt-in), 5 SessionConflict (another listener holds the
 * session), 7 RunnerVersionDeprecated (with ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE=1).
 * 0 (a stop, or the registration deleted while polling) is a clean exit and is not restarted
 * either; 2 (retryable) and a death by signal (SIGKILL, the OOM killer, a crash) are.
 */
const ListenerExit = {
    Success: 0,
    Terminated: 1,
    Retryable: 2,
    SessionConflict: 5,
    VersionDeprecated: 7,
};
const NO_RESTART_EXIT_CODES = [ListenerExit.Terminated, ListenerExit.SessionConflict, ListenerExit.VersionDeprecated];
function laneDirectory(root, lane) {
    return `${root.replace(/\/+$/, '')}/${lane}`;
}
/**
 * runsvc.sh's `.path` step, then the listener in its place (exec): PATH becomes what config.sh
 * recorded, the listener loads `.env` itself (Runner.Listener's Program.cs), and the listener's
 * PID is the unit's MainPID. `$$` is systemd's escape for a literal `$`.
 */
function execStart() {
    return `/bin/bash -c 'if [ -f .path ]; then PATH="$$(cat .path)"; export PATH; fi; exec ./${UNIT_PROGRAM} run --startuptype service'`;
}
function renderUnit(spec) {
    const dir = laneDirectory(spec.root, spec.lane);
    const stop = spec.stopTimeoutSeconds ?? DEFAULT_STOP_TIMEOUT_SECONDS;
    return [
        `${UNIT_MARKER_PREFIX}${spec.lane}`,
        '# Rendered by Lanekeeper from the lane policy; local edits show up as drift and are replaced.',
        '[Unit]',
        `Description=GitHub Actions runner lane ${spec.lane} (Lanekeeper)`,
        'Wants=network-online.target',
        'After=network-online.target',
        '',
        '[Service]',
        'Type=simple',
        `User=${spec.user}`,
        `WorkingDirectory=${dir}`,
        `ExecStart=${execStart()}`,
        // The listener then exits 7 for a deprecated version instead of 1, so the planner can name it.
        'Environment=ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE=1',
        'Restart=on-failure',
        'RestartSec=5',
        `RestartPreventExitStatus=${NO_RESTART_EXIT_CODES.join(' ')}`,
        // SIGINT is the listener's Ctrl-C: it cancels the running job through its worker and exits 0
        // (what RunnerService.js sends). Only the listener gets it; whatever is left in the unit's
        // cgroup when it has exited (job steps, detached children) is killed by systemd.
        'KillMode=mixed',
        'KillSignal=SIGINT',
        `TimeoutStopSec=${stop}`,
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
    ].join('\n');
}
/** The lane named by the unit file's Lanekeeper marker, or null when it carries none. */
function unitMarkerLane(text) {
    const first = text.split('\n', 1)[0] ?? '';
    return first.startsWith(UNIT_MARKER_PREFIX) ? first.slice(UNIT_MARKER_PREFIX.length).trim() : null;
}


/***/ }),

/***/ 31147:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E8: () => (/* binding */ baselineDigest),
/* harmony export */   Gb: () => (/* binding */ planDigest),
/* harmony export */   TS: () => (/* binding */ laneBasisDigest),
/* harmony export */   hU: () => (/* binding */ observedDigest)
/* harmony export */ });
/* unused harmony exports VOLATILE_OBSERVED_FIELDS, stableObserved */
/* harmony import */ var _util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71989);

/**
 * Fields that change while the lane stays the same: when the inventory ran, whether a job runs
 * right now (busy, Runner.Worker: apply drains whatever it was at planning time), process ids,
 * restart counters, raw measured figures and the evidence text of baseline checks (free disk
 * space moves all the time; whether the check passed is what counts). They are left out of every digest, so a plan made
 * a minute ago is not "stale" only because time passed; everything else counts.
 */
const VOLATILE_OBSERVED_FIELDS = (/* unused pure expression or super */ null && ([
    'observedAt',
    'github[].runners[].busy',
    'hosts.*.lanes.*.workerRunning',
    'hosts.*.lanes.*.unit.mainPid',
    'hosts.*.lanes.*.unit.restarts',
    'hosts.*.lanes.*.unsupervisedListener.pid',
    'hosts.*.baseline[].measured',
    'hosts.*.baseline[].evidence',
]));
function stableHostLane(l) {
    const { mainPid: _pid, restarts: _restarts, ...unit } = l.unit;
    const { workerRunning: _worker, ...lane } = l;
    const listener = l.unsupervisedListener ? { user: l.unsupervisedListener.user } : null;
    return { ...lane, unit, unsupervisedListener: listener };
}
function stableRunner(r) {
    const { busy: _busy, ...runner } = r;
    return runner;
}
function stableBaseline(baseline) {
    return baseline.map(({ id, subject, ok }) => ({ id, subject, ok }));
}
/** Digest of a host's baseline checks (what passed, not the evidence text); one per host. */
function baselineDigest(baseline) {
    return (0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Hex */ .f)((0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(stableBaseline(baseline)));
}
/** Digest of the observed facts one lane's plan depends on. */
function laneBasisDigest(basis) {
    return (0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Hex */ .f)((0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)({
        runner: basis.runner ? stableRunner(basis.runner) : null,
        scopeError: basis.scopeError,
        hostError: basis.hostError,
        hostLane: basis.hostLane ? stableHostLane(basis.hostLane) : null,
        baseline: basis.baselineDigest,
    }));
}
function stableObserved(observed) {
    const hosts = {};
    for (const [name, host] of Object.entries(observed.hosts)) {
        const lanes = {};
        for (const [lane, l] of Object.entries(host.lanes))
            lanes[lane] = stableHostLane(l);
        hosts[name] = { ...host, lanes, baseline: stableBaseline(host.baseline) };
    }
    const github = [...observed.github]
        .map((s) => ({ ...s, runners: [...s.runners].sort((a, b) => a.id - b.id).map(stableRunner) }))
        .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
    return { schemaVersion: observed.schemaVersion, github, hosts };
}
function observedDigest(observed) {
    return (0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Hex */ .f)((0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(stableObserved(observed)));
}
/**
 * The plan digest: the plan body, which carries `observedDigest`, so the observed state it was
 * built from is covered without hashing it a second time.
 */
function planDigest(planWithoutDigest) {
    return (0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Hex */ .f)((0,_util_canonical_json_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(planWithoutDigest));
}


/***/ }),

/***/ 29091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jm: () => (/* binding */ mergeObservedStates),
/* harmony export */   bd: () => (/* binding */ parseObservedState),
/* harmony export */   u_: () => (/* binding */ HostObservationSchema)
/* harmony export */ });
/* unused harmony export ObservedStateSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92857);

const label = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['read-only', 'custom']) });
const runner = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int(),
    name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    status: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['online', 'offline']),
    busy: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    os: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(label),
    runnerGroupId: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().optional(),
});
const UnitObservationSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    fileState: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['absent', 'enabled', 'disabled', 'static', 'masked', 'linked', 'other']),
    activeState: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    subState: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    renderedByLanekeeper: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    matchesRendered: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    mainPid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nullable(),
    mainPidUser: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    restarts: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int(),
    lastExit: zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ code: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['exited', 'killed', 'dumped']), status: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int(), result: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable().optional(),
});
const HostLaneObservationSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    lane: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    directory: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    directoryExists: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    runnerInstalled: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    identity: zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ agentId: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nullable(), agentName: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), gitHubUrl: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable(),
    credentialsPresent: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    runnerVersion: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    unit: UnitObservationSchema,
    workerRunning: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    unsupervisedListener: zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ pid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int(), user: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable(),
});
/** One host's observation: the helper's `status` reply and a host entry of the observed-state file. */
const HostObservationSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    host: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    error: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    lanes: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), HostLaneObservationSchema),
    unclaimed: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ kind: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['directory', 'unit']), name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), detail: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })),
    baseline: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
        id: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['service-user', 'disk-space', 'runner-dependencies', 'docker-credential-isolation', 'helper']),
        subject: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
        ok: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
        evidence: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
        measured: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    })),
});
/** Validates an observed-state JSON file before the planner trusts it. */
const ObservedStateSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    schemaVersion: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz(1),
    observedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    github: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
        scope: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^(repo|org):.+$/),
        error: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        runners: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(runner),
        runnerGroups: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()).optional(),
    })),
    hosts: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), HostObservationSchema),
    warnings: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ code: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz('ops_runner_group_open'), path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), message: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })).optional(),
});
function parseObservedState(value) {
    return ObservedStateSchema.parse(value);
}
/** Observed states from several inventory jobs (one per host) merged into one. */
function mergeObservedStates(parts) {
    const github = new Map();
    const hosts = {};
    let observedAt = '';
    const warnings = new Map();
    for (const p of parts) {
        for (const w of p.warnings ?? [])
            warnings.set(`${w.path}\n${w.message}`, w);
        for (const s of p.github)
            if (!github.has(s.scope) || github.get(s.scope)?.error)
                github.set(s.scope, s);
        Object.assign(hosts, p.hosts);
        if (p.observedAt > observedAt)
            observedAt = p.observedAt;
    }
    return { schemaVersion: 1, observedAt, github: [...github.values()], hosts, ...(warnings.size > 0 ? { warnings: [...warnings.values()] } : {}) };
}


/***/ }),

/***/ 37621:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G: () => (/* binding */ buildPlan),
  i: () => (/* binding */ selectLanes)
});

// EXTERNAL MODULE: ./src/policy/checks.ts
var checks = __webpack_require__(3681);
// EXTERNAL MODULE: ./src/plan/digest.ts
var digest = __webpack_require__(31147);
// EXTERNAL MODULE: ./src/policy/types.ts
var types = __webpack_require__(63943);
;// CONCATENATED MODULE: ./src/plan/steps.ts
/** One sentence per step kind, with the lane's own names filled in. */
function step(kind, lane, extra = '') {
    const d = describe(kind, lane) + (extra ? ` ${extra}` : '');
    return kind === 'runner.configure' ? { kind, description: d, needsToken: 'registration' } : { kind, description: d };
}
function describe(kind, lane) {
    switch (kind) {
        case 'lease.acquire':
            return `take the lease on lane ${lane.name} on ${lane.host}`;
        case 'github.cordon':
            return `remove the routing labels of ${lane.name} so no new job is routed to it`;
        case 'drain.wait':
            return `wait up to ${lane.drain.timeoutSeconds}s until ${lane.name} is idle (then ${lane.drain.onTimeout === 'fail' ? 'fail' : 'skip the lane'})`;
        case 'github.delete-runner':
            return `delete the registration of ${lane.name} in ${lane.scopeKey}`;
        case 'host.stop':
            return `stop ${lane.unit}`;
        case 'host.disable':
            return `disable ${lane.unit}`;
        case 'runner.unconfigure':
            return `run config.sh remove --local in ${lane.directory} as ${lane.serviceUser}`;
        case 'runner.prepare-directory':
            return `prepare ${lane.directory} with the runner distribution, owned by ${lane.serviceUser}`;
        case 'runner.configure':
            return `register ${lane.name} in ${lane.scopeKey} with config.sh as ${lane.serviceUser}`;
        case 'host.install-unit':
            return `install the rendered ${lane.unit}`;
        case 'host.daemon-reload':
            return 'reload systemd';
        case 'host.enable-now':
            return `enable and start ${lane.unit}`;
        case 'host.restart':
            return `restart ${lane.unit}`;
        case 'host.remove-unit':
            return `remove ${lane.unit}`;
        case 'runner.remove-directory':
            return `remove ${lane.directory}`;
        case 'github.set-labels':
            return `set the labels of ${lane.name} to [${lane.labels.join(', ')}]`;
        case 'verify.gates':
            return 'check every completion gate';
        case 'lease.release':
            return `release the lease on lane ${lane.name}`;
    }
}
/** Wraps mutating steps in the lease and, for ensure: present, the completion gates. */
function leased(lane, inner, verify = true) {
    return [step('lease.acquire', lane), ...inner, ...(verify ? [step('verify.gates', lane)] : []), step('lease.release', lane)];
}
/** Cordon and wait for idle, before anything that would interrupt a job. */
function drainSteps(lane) {
    return [step('github.cordon', lane), step('drain.wait', lane)];
}

;// CONCATENATED MODULE: ./src/plan/version.ts
function parts(v) {
    return v.split('.').map((x) => Number.parseInt(x, 10) || 0);
}
function compareVersions(a, b) {
    const pa = parts(a);
    const pb = parts(b);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0)
            return Math.sign(d);
    }
    return 0;
}
function versionSatisfies(version, policy) {
    return 'pinned' in policy ? compareVersions(version, policy.pinned) === 0 : compareVersions(version, policy.minimum) >= 0;
}

// EXTERNAL MODULE: ./src/host/unit.ts
var unit = __webpack_require__(58906);
;// CONCATENATED MODULE: ./src/plan/lane-plan.ts





/** The runner group every scope has; a repository has no other. */
const DEFAULT_RUNNER_GROUP = 'Default';
/** Plans one lane: observed shape, action, ordered steps, blockers. Pure. */
function planLane(lane, ctx) {
    const policyBlockers = ctx.problems
        .filter((p) => p.lane === lane.name && p.code)
        .map((p) => ({ code: p.code, message: p.message, fix: p.fix, path: p.path }));
    const observationBlockers = [];
    if (!ctx.scope) {
        observationBlockers.push(blocker('observation_failed', `inventory has no listing of ${lane.scopeKey}`, 'run inventory with a policy that names this lane, then plan again'));
    }
    else if (ctx.scope.error) {
        observationBlockers.push(blocker('observation_failed', `listing ${lane.scopeKey} failed: ${ctx.scope.error}`, 'fix GitHub access for this scope, then run inventory again'));
    }
    const hostLane = ctx.host?.lanes[lane.name];
    if (!ctx.host) {
        observationBlockers.push(blocker('observation_failed', `inventory has no observation of host ${lane.host}`, `run inventory on ${lane.host}'s ops runner, then plan again`));
    }
    else if (ctx.host.error?.startsWith('ops_runner_offline:')) {
        // Set by the hosts job (src/inventory/ops-runners.ts): no job was queued for this host.
        observationBlockers.push(blocker('ops_runner_offline', `host ${lane.host} was not inventoried: ${ctx.host.error.slice('ops_runner_offline:'.length).trim()}`, `start the ops runner on ${lane.host} (labels lanekeeper-ops, ${lane.host}; docs/host-setup.md, section 8), then run the workflow again`));
    }
    else if (ctx.host.error) {
        observationBlockers.push(blocker('observation_failed', `inventory of host ${lane.host} failed: ${ctx.host.error}`, 'fix the helper on the host (docs/host-setup.md), then run inventory again'));
    }
    else if (!hostLane) {
        observationBlockers.push(blocker('observation_failed', `host ${lane.host} reported nothing for lane ${lane.name}`, 'run inventory again with this policy'));
    }
    const runner = ctx.scope?.runners.find((r) => r.name === lane.name) ?? null;
    let decision;
    if (observationBlockers.length > 0 || !hostLane || !ctx.host) {
        decision = { shape: 'unknown_conflict', action: 'noop', reason: 'the lane could not be observed', steps: [], blockers: [] };
    }
    else {
        decision = decide(lane, ctx.policy, runner, hostLane, ctx.host, runnerGroupBlockers(lane, ctx.scope));
    }
    const blockers = [...policyBlockers, ...observationBlockers, ...decision.blockers];
    const blocked = blockers.length > 0;
    return {
        lane: lane.name,
        path: lane.path,
        host: lane.host,
        scope: lane.scopeKey,
        ensure: lane.ensure,
        shape: decision.shape,
        action: decision.action,
        reason: blocked && decision.blockers.length === 0 && blockers[0] ? blockers[0].message : decision.reason,
        steps: blocked ? [] : decision.steps,
        blockers,
        status: blocked ? 'blocked' : 'ready',
        runnerId: runner?.id ?? null,
        basisDigest: (0,digest/* laneBasisDigest */.TS)({
            runner,
            scopeError: ctx.scope ? (ctx.scope.error ?? null) : 'missing',
            hostError: ctx.host ? (ctx.host.error ?? null) : 'missing',
            hostLane: hostLane ?? null,
            baselineDigest: ctx.baselineDigest,
        }),
    };
}
function inShape(shape, d) {
    return { ...d, shape };
}
function blocker(code, message, fix) {
    return { code, message, fix };
}
function customLabels(runner) {
    return runner.labels.filter((l) => l.type === 'custom').map((l) => l.name);
}
function sameSet(a, b) {
    const sa = new Set(a);
    const sb = new Set(b);
    return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
function decide(lane, policy, runner, hl, host, group) {
    const unitPresent = hl.unit.fileState !== 'absent';
    const configured = hl.identity !== null && hl.credentialsPresent;
    const partialConfig = (hl.identity !== null) !== hl.credentialsPresent;
    const conflict = (reason, b) => ({ shape: 'unknown_conflict', action: 'noop', reason, steps: [], blockers: [b] });
    // Facts that make any action unsafe, whatever the lane should be.
    if (runner && !customLabels(runner).includes(policy.managedLabel)) {
        return conflict(`a runner named ${lane.name} exists in ${lane.scopeKey} without the managed label`, blocker('unmanaged_runner_exists', `runner #${runner.id} "${runner.name}" in ${lane.scopeKey} has no "${policy.managedLabel}" label: Lanekeeper does not own it`, `rename the lane, or remove runner #${runner.id} by hand if it is really unused`));
    }
    if (hl.identity && (hl.identity.agentName !== lane.name || !urlMatchesScope(hl.identity.gitHubUrl, lane))) {
        return conflict(`${lane.directory} is registered as another runner`, blocker('stale_state', `${lane.directory}/.runner names "${hl.identity.agentName}" at ${hl.identity.gitHubUrl}, not ${lane.name} at ${lane.scopeKey}`, `move ${lane.directory} away or remove it by hand, then plan again`));
    }
    if (hl.unsupervisedListener) {
        return conflict(`a runner listener runs outside systemd for ${lane.directory}`, blocker('stale_state', `Runner.Listener pid ${hl.unsupervisedListener.pid} (user ${hl.unsupervisedListener.user}) runs ${lane.directory} outside ${lane.unit}`, 'stop that process (it is not supervised and would register twice), then plan again'));
    }
    if (unitPresent && hl.unit.mainPidUser && hl.unit.mainPidUser !== lane.serviceUser) {
        return conflict(`${lane.unit} runs as ${hl.unit.mainPidUser}`, blocker('service_user_mismatch', `${lane.unit} runs as ${hl.unit.mainPidUser}, the policy says ${lane.serviceUser}`, `set serviceUser: ${hl.unit.mainPidUser} in the policy, or stop the unit and re-create the lane`));
    }
    if (unitPresent && !hl.unit.renderedByLanekeeper && lane.ensure === 'absent') {
        return conflict(`${lane.unit} was not rendered by Lanekeeper`, blocker('stale_state', `${lane.unit} exists but Lanekeeper did not render it, so it will not remove it`, `remove ${lane.unit} by hand (docs/runbook.md, "A hand-made unit with the lane's name"), then plan again`));
    }
    const baseline = baselineBlockers(lane, host);
    // A runner already installed in the lane directory must be a version the policy accepts.
    const drift = versionDrift(lane, hl);
    // Half configured (a configure that failed between .credentials and .runner, or files removed
    // by hand): a registration GitHub lists under the lane's name is deleted through the API, then
    // `config.sh remove --local` deletes the local files, so the lane recovers by configuring again.
    if (partialConfig) {
        if (runner && runner.status === 'online') {
            return conflict(`${lane.directory} is half configured and ${lane.name} is online on GitHub`, blocker('stale_state', `${lane.directory} has ${hl.identity ? '.runner but no .credentials' : '.credentials but no .runner'}, and runner #${runner.id} is online: another machine may be running it`, `find and stop the machine running runner #${runner.id}, then plan again`));
        }
        const stopLocal = unitPresent && hl.unit.renderedByLanekeeper ? [step('host.stop', lane), step('host.disable', lane)] : [];
        if (unitPresent && !hl.unit.renderedByLanekeeper) {
            return conflict(`${lane.directory} is half configured and ${lane.unit} was not rendered by Lanekeeper`, blocker('stale_state', `${lane.directory} has ${hl.identity ? '.runner but no .credentials' : '.credentials but no .runner'}, and ${lane.unit} is not Lanekeeper's`, `stop and remove ${lane.unit} by hand, then plan again`));
        }
        const removeRemote = runner ? [step('github.delete-runner', lane)] : [];
        const recover = [...stopLocal, ...removeRemote, step('runner.unconfigure', lane, '(half configured: deletes the leftover local files)')];
        if (lane.ensure === 'absent') {
            return {
                shape: 'local_service_only',
                action: 'remove',
                reason: `${lane.directory} is half configured; its remains are removed`,
                steps: leased(lane, [...recover, ...(unitPresent ? [step('host.remove-unit', lane)] : []), step('runner.remove-directory', lane)], false),
                blockers: [],
            };
        }
        return {
            shape: 'local_service_only',
            action: 'create',
            reason: `${lane.directory} is half configured (${hl.identity ? '.runner without .credentials' : '.credentials without .runner'}): the leftovers are removed and the lane registers again`,
            steps: leased(lane, [...recover, ...createSteps(lane, hl.runnerInstalled)]),
            blockers: [...baseline, ...drift, ...group],
        };
    }
    // absent: nothing anywhere.
    if (!runner && !configured && !unitPresent) {
        if (lane.ensure === 'absent') {
            if (hl.directoryExists) {
                return { shape: 'absent', action: 'remove', reason: `a leftover directory ${lane.directory} remains`, steps: leased(lane, [step('runner.remove-directory', lane)], false), blockers: [] };
            }
            return { shape: 'absent', action: 'noop', reason: 'the lane does not exist, as the policy says', steps: [], blockers: [] };
        }
        return {
            shape: 'absent',
            action: 'create',
            reason: hl.runnerInstalled ? `${lane.directory} holds an unregistered runner; it is registered` : 'no registration, directory or unit exists yet',
            steps: leased(lane, createSteps(lane, hl.runnerInstalled)),
            blockers: [...baseline, ...drift, ...group],
        };
    }
    // A unit Lanekeeper did not render is never stopped, overwritten or removed by it.
    if (unitPresent && !hl.unit.renderedByLanekeeper && (!runner || !configured)) {
        return conflict(`${lane.unit} was not rendered by Lanekeeper`, blocker('stale_state', `${lane.unit} exists, Lanekeeper did not render it, and ${lane.directory} ${configured ? 'is configured' : 'holds no registration'}`, `stop and remove ${lane.unit} by hand (docs/runbook.md, "A hand-made unit with the lane's name"), then plan again`));
    }
    // github_only: a managed registration, nothing configured locally.
    if (runner && !configured) {
        const local = unitPresent ? [step('host.stop', lane), step('host.disable', lane), step('host.remove-unit', lane)] : [];
        if (runner.status === 'online') {
            return inShape('github_only', conflict(`${lane.name} is online on GitHub but ${lane.host} has no registration for it`, blocker('stale_state', `runner #${runner.id} is online but ${lane.directory} is not configured: another machine may be running it`, `find and stop the machine running runner #${runner.id}, then plan again`)));
        }
        if (lane.ensure === 'absent') {
            return {
                shape: 'github_only',
                action: 'remove',
                reason: 'an offline registration remains on GitHub',
                steps: leased(lane, [step('github.delete-runner', lane), ...local, ...(hl.directoryExists ? [step('runner.remove-directory', lane)] : [])], false),
                blockers: [],
            };
        }
        return {
            shape: 'github_only',
            action: 'create',
            reason: `an offline registration #${runner.id} remains without a runner directory: it is replaced`,
            steps: leased(lane, [step('github.delete-runner', lane), ...local, ...createSteps(lane, hl.runnerInstalled)]),
            blockers: [...baseline, ...drift, ...group],
        };
    }
    // local_service_only: configured and/or a unit here, GitHub has no such runner.
    if (!runner) {
        const stopLocal = unitPresent ? [step('host.stop', lane), step('host.disable', lane)] : [];
        if (lane.ensure === 'absent') {
            return {
                shape: 'local_service_only',
                action: 'remove',
                reason: `GitHub has no registration for ${lane.name}; the local remains are removed`,
                steps: leased(lane, [...stopLocal, ...(unitPresent ? [step('host.remove-unit', lane)] : []), step('runner.remove-directory', lane)], false),
                blockers: [],
            };
        }
        if (unitPresent && !hl.unit.renderedByLanekeeper) {
            return conflict(`${lane.unit} was not rendered by Lanekeeper and its registration is gone`, blocker('stale_state', `${lane.unit} exists, Lanekeeper did not render it, and GitHub has no runner ${lane.name}`, `stop and remove ${lane.unit} by hand, then plan again`));
        }
        return {
            shape: 'local_service_only',
            action: 'create',
            reason: 'the registration was deleted on GitHub: the lane registers again',
            steps: leased(lane, [
                ...stopLocal,
                ...(configured ? [step('runner.unconfigure', lane)] : []),
                ...createSteps(lane, hl.runnerInstalled),
            ]),
            blockers: [...baseline, ...drift, ...group],
        };
    }
    // Registered on GitHub and configured here.
    const active = hl.unit.activeState === 'active';
    const enabled = hl.unit.fileState === 'enabled';
    const labelsExact = sameSet(customLabels(runner), lane.labels);
    const labelStep = labelsExact ? [] : [step('github.set-labels', lane)];
    // Whether a job runs right now is left out of the plan (it changes by the minute); steps that
    // would interrupt a job drain first whatever it was at planning time.
    const busyNote = active ? ' (a running job drains first)' : '';
    if (lane.ensure === 'absent') {
        return {
            shape: active ? 'supervised_active' : 'supervised_inactive',
            action: 'remove',
            reason: `the policy says absent${busyNote}`,
            steps: leased(lane, [
                ...(active ? drainSteps(lane) : []),
                ...(unitPresent ? [step('host.stop', lane)] : []),
                step('github.delete-runner', lane),
                step('runner.unconfigure', lane),
                ...(unitPresent ? [step('host.disable', lane), step('host.remove-unit', lane)] : []),
                step('runner.remove-directory', lane),
            ], false),
            blockers: [],
        };
    }
    if (unitPresent && !hl.unit.renderedByLanekeeper) {
        // The helper never overwrites a unit it does not own; a person moves it out of the way first.
        return {
            shape: active ? 'supervised_active' : 'supervised_inactive',
            action: 'adopt',
            reason: `${lane.unit} exists but was not rendered by Lanekeeper`,
            steps: [],
            blockers: [
                blocker('stale_state', `${lane.unit} exists but Lanekeeper did not render it; the helper does not overwrite units it does not own`, `stop, disable and remove ${lane.unit} by hand (the registration in ${lane.directory} stays), then plan again: the lane is adopted without registering again`),
            ],
        };
    }
    if (!unitPresent) {
        return {
            shape: 'supervised_inactive',
            action: 'adopt',
            reason: `${lane.directory} is registered but no unit supervises it: it is adopted without registering again`,
            steps: leased(lane, [step('host.install-unit', lane), step('host.daemon-reload', lane), step('host.enable-now', lane), ...labelStep]),
            blockers: [...baseline, ...drift],
        };
    }
    if (drift.length > 0) {
        return { shape: 'version_drift', action: 'noop', reason: drift[0].message, steps: [], blockers: drift };
    }
    // The listener exited with RunnerVersionDeprecated (the unit asks for that code): GitHub no
    // longer serves this version, and restarting it would only fail again.
    if (hl.unit.activeState !== 'active' && hl.unit.lastExit?.code === 'exited' && hl.unit.lastExit.status === unit/* ListenerExit */.Pp.VersionDeprecated) {
        const version = hl.runnerVersion ?? 'of unknown version';
        const b = blocker('runner_version_deprecated', `${lane.unit} stopped with exit code ${unit/* ListenerExit */.Pp.VersionDeprecated}: GitHub no longer accepts runner ${version} in ${lane.directory}`, `install a runner version GitHub supports into ${lane.directory} (set runnerVersion in the policy to it), then plan again; see docs/runbook.md, "Deprecated runner version"`);
        return { shape: 'version_drift', action: 'noop', reason: b.message, steps: [], blockers: [b] };
    }
    // Registered before lanes used --no-default-labels: the runner keeps self-hosted/Linux/X64,
    // which no label call can remove, so a cordon would not stop jobs asking for them. Only a new
    // registration drops them; the lane drains first.
    const readOnly = runner.labels.filter((l) => l.type === 'read-only').map((l) => l.name);
    if (readOnly.length > 0) {
        return {
            shape: 'mismatched_labels',
            action: 'reconcile',
            reason: `runner #${runner.id} carries the read-only labels [${readOnly.join(', ')}]: it registers again with exactly the policy's labels${busyNote}`,
            steps: leased(lane, [
                ...(active ? drainSteps(lane) : []),
                step('host.stop', lane),
                step('github.delete-runner', lane),
                step('runner.unconfigure', lane),
                step('runner.configure', lane),
                step('host.install-unit', lane),
                step('host.daemon-reload', lane),
                step('host.enable-now', lane),
                step('github.set-labels', lane),
            ]),
            blockers: [...baseline, ...group],
        };
    }
    const unitOutdated = !hl.unit.matchesRendered;
    if (!active) {
        return {
            shape: 'supervised_inactive',
            action: 'restart',
            reason: `${lane.unit} is ${hl.unit.activeState}/${hl.unit.fileState}`,
            steps: leased(lane, [
                ...(unitOutdated ? [step('host.install-unit', lane), step('host.daemon-reload', lane)] : []),
                step('host.enable-now', lane),
                ...labelStep,
            ]),
            blockers: baseline,
        };
    }
    if (!enabled) {
        // Running but not enabled: enabling does not touch the process; an outdated unit restarts after a drain.
        return {
            shape: 'supervised_inactive',
            action: unitOutdated ? 'reconcile' : 'restart',
            reason: `${lane.unit} runs but is ${hl.unit.fileState}${unitOutdated ? ' and differs from the rendered unit' : ''}`,
            steps: leased(lane, [
                ...(unitOutdated ? [...drainSteps(lane), step('host.install-unit', lane), step('host.daemon-reload', lane), step('host.enable-now', lane), step('host.restart', lane), step('github.set-labels', lane)] : [step('host.enable-now', lane), ...labelStep]),
            ]),
            blockers: baseline,
        };
    }
    if (unitOutdated) {
        return {
            shape: 'supervised_active',
            action: 'reconcile',
            reason: `${lane.unit} differs from the rendered unit${busyNote}`,
            // Drain first: a drain that times out leaves the old unit file in place, not a new file
            // under an old process that the next plan could not see.
            steps: leased(lane, [...drainSteps(lane), step('host.install-unit', lane), step('host.daemon-reload', lane), step('host.restart', lane), step('github.set-labels', lane)]),
            blockers: baseline,
        };
    }
    if (runner.status === 'offline') {
        return {
            shape: 'supervised_active',
            action: 'restart',
            reason: `${lane.unit} is active but GitHub shows ${lane.name} offline`,
            steps: leased(lane, [...drainSteps(lane), step('host.restart', lane), step('github.set-labels', lane)]),
            blockers: baseline,
        };
    }
    if (!labelsExact) {
        return {
            shape: 'mismatched_labels',
            action: 'reconcile',
            reason: `labels [${customLabels(runner).join(', ')}] differ from the policy's [${lane.labels.join(', ')}]`,
            steps: leased(lane, labelStep),
            blockers: [],
        };
    }
    return { shape: 'supervised_active', action: 'noop', reason: 'registered, supervised, active and labelled as the policy says', steps: [], blockers: baseline };
}
function versionDrift(lane, hl) {
    if (!lane.runnerVersion || !hl.runnerVersion || versionSatisfies(hl.runnerVersion, lane.runnerVersion))
        return [];
    const wanted = 'pinned' in lane.runnerVersion ? `pinned ${lane.runnerVersion.pinned}` : `at least ${lane.runnerVersion.minimum}`;
    return [
        blocker('runner_version_drift', `${lane.directory} holds runner ${hl.runnerVersion}; the policy wants ${wanted}`, `install the wanted runner version into ${lane.directory} (or change runnerVersion), then plan again`),
    ];
}
/**
 * A runner group the lane asks for must exist before config.sh runs (it refuses an unknown one):
 * a repository has only `Default`; an organisation's groups come from the inventory when it
 * listed them.
 */
function runnerGroupBlockers(lane, scope) {
    if (!lane.runnerGroup)
        return [];
    const known = lane.scope.kind === 'repository' ? [DEFAULT_RUNNER_GROUP] : scope?.runnerGroups;
    if (!known || known.some((g) => g.toLowerCase() === lane.runnerGroup.toLowerCase()))
        return [];
    return [
        blocker('runner_group_missing', `${lane.scopeKey} has no runner group "${lane.runnerGroup}" (it has [${known.join(', ')}]); config.sh would refuse to register`, lane.scope.kind === 'repository'
            ? 'remove runnerGroup from the lane: repository runners belong to Default'
            : `create the runner group "${lane.runnerGroup}" in ${lane.scope.kind === 'organization' ? lane.scope.org : lane.scopeKey} (Settings → Actions → Runner groups) or change runnerGroup, then plan again`),
    ];
}
function createSteps(lane, runnerInstalled = false) {
    return [
        ...(runnerInstalled ? [] : [step('runner.prepare-directory', lane)]),
        step('runner.configure', lane),
        step('host.install-unit', lane),
        step('host.daemon-reload', lane),
        step('host.enable-now', lane),
        step('github.set-labels', lane),
    ];
}
function urlMatchesScope(url, lane) {
    const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/+$/, '');
    return path.toLowerCase() === (0,types/* scopeUrl */.QN)(lane.scope, '').toLowerCase();
}
/** Baseline checks that concern this lane and fail: they block any action that builds or starts it. */
function baselineBlockers(lane, host) {
    const subjects = new Set([lane.name, lane.serviceUser, lane.registrationRoot, lane.host, '*']);
    return host.baseline
        .filter((c) => !c.ok && subjects.has(c.subject) && (c.id !== 'docker-credential-isolation' || lane.containerBuilds))
        .map((c) => blocker('baseline_not_ready', `baseline ${c.id} for ${c.subject}: ${c.evidence}`, baselineFix(c.id, lane)));
}
function baselineFix(id, lane) {
    switch (id) {
        case 'service-user':
            return `create the user ${lane.serviceUser} on ${lane.host} (docs/host-setup.md)`;
        case 'disk-space':
            return `free disk space under ${lane.registrationRoot}`;
        case 'runner-dependencies':
            return `install the runner dependencies on ${lane.host} (docs/host-setup.md)`;
        case 'docker-credential-isolation':
            return `give ${lane.serviceUser} its own Docker config (docs/host-setup.md)`;
        default:
            return `fix ${id} on ${lane.host} (docs/host-setup.md)`;
    }
}

// EXTERNAL MODULE: ./src/plan/types.ts
var plan_types = __webpack_require__(9898);
;// CONCATENATED MODULE: ./src/plan/planner.ts




/**
 * The planner: a pure function from the policy (+ its problems) and the observed state to a plan.
 * No I/O, no clock. Foreign runners are reported and never get an action.
 */
function buildPlan(policy, problems, observed, options = {}) {
    const selected = selectLanes(policy.lanes, options.only);
    const scopes = new Map(observed.github.map((s) => [s.scope, s]));
    const baselines = new Map(Object.values(observed.hosts).map((h) => [h.host, (0,digest/* baselineDigest */.E8)(h.baseline)]));
    const lanes = selected.map((lane) => planLane(lane, { policy, problems, scope: scopes.get(lane.scopeKey), host: observed.hosts[lane.host], baselineDigest: baselines.get(lane.host) ?? (0,digest/* baselineDigest */.E8)([]) }));
    lanes.sort(laneOrder);
    const laneNamesByScope = new Map();
    for (const lane of policy.lanes) {
        const set = laneNamesByScope.get(lane.scopeKey) ?? new Set();
        set.add(lane.name);
        laneNamesByScope.set(lane.scopeKey, set);
    }
    const foreign = [];
    const orphans = [];
    for (const scope of observed.github) {
        for (const r of scope.runners) {
            const managed = r.labels.some((l) => l.type === 'custom' && l.name === policy.managedLabel);
            if (!managed) {
                foreign.push({ scope: scope.scope, id: r.id, name: r.name, status: r.status, labels: r.labels, shape: 'foreign', action: 'none' });
            }
            else if (!laneNamesByScope.get(scope.scope)?.has(r.name)) {
                const detail = `runner #${r.id} carries "${policy.managedLabel}" but no lane claims it; add the lane with ensure: absent to remove it`;
                orphans.push({ host: scope.scope, kind: 'registration', name: r.name, detail });
            }
        }
    }
    foreign.sort((a, b) => (a.scope === b.scope ? a.id - b.id : a.scope < b.scope ? -1 : 1));
    const selectedHosts = new Set(selected.map((l) => l.host));
    const unclaimed = Object.values(observed.hosts)
        .filter((h) => selectedHosts.has(h.host) || options.only === undefined || options.only === 'all')
        .flatMap((h) => h.unclaimed.map((u) => ({ host: h.host, kind: u.kind, name: u.name, detail: u.detail })))
        .concat(orphans)
        .sort((a, b) => (a.host + a.name < b.host + b.name ? -1 : 1));
    const policyProblems = problems
        .filter((p) => !p.lane)
        .map((p) => ({ code: p.code ?? 'stale_state', message: p.message, fix: p.fix, path: p.path }));
    const warnings = (0,checks/* sharedServiceUsers */.Rw)(policy)
        .filter((s) => s.allowed && s.lanes.some((l) => selected.includes(l)))
        .map((s) => ({
        code: 'service_user_shared',
        path: `hosts.${s.host}.sharedServiceUsers`,
        message: `lanes ${s.lanes.map((l) => l.name).join(', ')} on ${s.host} share the service user ${s.user}: a job on one of them can read their credentials and rewrite their runners`,
    }));
    // Seen by the hosts job (ops-runners): the ops runners' runner group admits more than it should.
    for (const w of observed.warnings ?? [])
        warnings.push({ code: w.code, path: w.path, message: w.message });
    const body = {
        schemaVersion: 1,
        policyDigest: policy.digest,
        observedDigest: (0,digest/* observedDigest */.hU)(observed),
        lanes,
        foreign,
        unclaimed,
        policyProblems,
        ...(warnings.length > 0 ? { warnings } : {}),
        counts: countPlan(lanes, foreign.length),
    };
    return { ...body, digest: (0,digest/* planDigest */.Gb)(body) };
}
function selectLanes(lanes, only) {
    if (!only || only === 'all')
        return [...lanes];
    return lanes.filter((l) => l.name === only || (l.name.startsWith(`${only}-`) && /^\d+$/.test(l.name.slice(only.length + 1))));
}
function laneOrder(a, b) {
    if (a.status !== b.status)
        return a.status === 'blocked' ? -1 : 1;
    return a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
function countPlan(lanes, foreign) {
    const byAction = Object.fromEntries(plan_types/* ACTIONS */.kl.map((a) => [a, 0]));
    for (const l of lanes)
        if (l.status === 'ready')
            byAction[l.action]++;
    const ready = lanes.filter((l) => l.status === 'ready').length;
    return {
        lanes: lanes.length,
        ready,
        blocked: lanes.length - ready,
        changes: lanes.filter((l) => l.status === 'ready' && l.action !== 'noop').length,
        foreign,
        byAction,
    };
}


/***/ }),

/***/ 3681:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rw: () => (/* binding */ sharedServiceUsers),
/* harmony export */   hM: () => (/* binding */ checkPolicy)
/* harmony export */ });
/* unused harmony exports approvalGateWaiver, WARNING_CODES, isSafeLaneName, isNormalisedAbsolutePath */
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(54139);

/**
 * Cross-field checks of an expanded policy. Every problem names its lane, YAML path and fix;
 * the planner blocks exactly the lanes that have one, so one bad entry cannot stop the rest.
 */
function checkPolicy(policy) {
    const problems = [];
    problems.push(...sharedServiceUsers(policy).filter((s) => !s.allowed).flatMap((s) => s.problems));
    const seen = new Map();
    for (const lane of policy.lanes) {
        problems.push(...checkLane(policy, lane));
        const first = seen.get(lane.name);
        if (first) {
            const message = `lane name "${lane.name}" is used by ${first.path} and ${lane.path}`;
            const fix = 'give every lane (after count expansion) a unique name';
            problems.push({ lane: lane.name, code: 'duplicate_lane_name', path: `${lane.path}.name`, message, fix });
        }
        else {
            seen.set(lane.name, lane);
        }
    }
    if (policy.approvalGate?.required === false)
        problems.push(approvalGateWaiver(policy.approvalGate.reason));
    return problems;
}
/**
 * One identity per lane: a lane's jobs can read and rewrite everything its service user owns, so
 * lanes (ensure: present) of one host that share a user are blocked, unless the host lists the
 * user in sharedServiceUsers (the host config must then list it too, or the helper refuses).
 */
function sharedServiceUsers(policy) {
    const byUser = new Map();
    for (const lane of policy.lanes) {
        if (lane.ensure !== 'present')
            continue;
        const key = `${lane.host}\u0000${lane.serviceUser}`;
        byUser.set(key, [...(byUser.get(key) ?? []), lane]);
    }
    const out = [];
    for (const [key, lanes] of byUser) {
        if (lanes.length < 2)
            continue;
        const [host = '', user = ''] = key.split('\u0000');
        const allowed = policy.hosts[host]?.sharedServiceUsers?.includes(user) ?? false;
        const names = lanes.map((l) => l.name).join(', ');
        out.push({
            host,
            user,
            lanes,
            allowed,
            problems: lanes.map((l) => ({
                lane: l.name,
                code: 'service_user_shared',
                path: `${l.path}.serviceUser`,
                message: `${user} is the service user of ${lanes.length} lanes on ${host} (${names}): a job on one of them can read and rewrite the others`,
                fix: `give each lane its own service user (add them to hosts.${host}.serviceUsers and the host config), or accept the risk: list ${user} in hosts.${host}.sharedServiceUsers and in the host config's sharedServiceUsers`,
            })),
        });
    }
    return out;
}
/**
 * A waived approval gate is not a blocker but a warning every plan (and so every audit record)
 * carries: apply then runs without checking that lanekeeper-apply has required reviewers.
 */
function approvalGateWaiver(reason) {
    return {
        path: 'approvalGate.required',
        code: 'approval_gate_waived',
        message: `the approval gate is waived (${reason ?? 'no reason given'}): apply does not check that the environment lanekeeper-apply has required reviewers, prevent self-review and a deployment-branch rule`,
        fix: 'protect the environment lanekeeper-apply (docs/host-setup.md, "The set-up, in order") and remove approvalGate from the policy',
    };
}
/** Problems that warn but do not make the policy invalid. */
const WARNING_CODES = (/* unused pure expression or super */ null && (['approval_gate_waived']));
function isSafeLaneName(name) {
    return _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .LANE_NAME_PATTERN */ .GR.test(name);
}
/** A root is safe when it is absolute, normalised and has no `.`/`..` segments. */
function isNormalisedAbsolutePath(path) {
    if (!path.startsWith('/') || path.includes('\0'))
        return false;
    const segments = path.split('/').slice(1);
    return segments.every((s, i) => s !== '.' && s !== '..' && (s !== '' || (i === segments.length - 1 && segments.length === 1)));
}
function checkLane(policy, lane) {
    const out = [];
    const p = (code, field, message, fix) => out.push({ lane: lane.name, code, path: field ? `${lane.path}.${field}` : lane.path, message, fix });
    if (!isSafeLaneName(lane.name)) {
        p('unsafe_lane_name', 'name', `lane name ${JSON.stringify(lane.name)} is not safe as a directory, unit and runner name`, 'use 1-63 characters of a-z, 0-9 and "-", starting with a letter or digit (pattern ^[a-z0-9][a-z0-9-]{0,62}$)');
    }
    if (!isNormalisedAbsolutePath(lane.registrationRoot)) {
        p('path_traversal', 'registrationRoot', `${lane.registrationRoot} is not a normalised absolute path`, 'write the root without "." or ".." segments or a trailing slash');
    }
    const scopeName = lane.scope.kind === 'repository' ? `${lane.scope.owner}/${lane.scope.repo}` : lane.scope.org;
    if (lane.scope.kind === 'repository' && !policy.repositories.includes(scopeName)) {
        p('scope_not_allowlisted', 'repository', `repository ${scopeName} is not in repositories [${policy.repositories.join(', ')}]`, `add ${scopeName} to repositories, or fix the lane's repository`);
    }
    if (lane.scope.kind === 'organization' && !policy.organizations.includes(scopeName)) {
        p('scope_not_allowlisted', 'organization', `organization ${scopeName} is not in organizations [${policy.organizations.join(', ')}]`, `add ${scopeName} to organizations, or fix the lane's organization`);
    }
    const host = policy.hosts[lane.host];
    if (!host) {
        p('host_unknown', 'host', `host ${lane.host} is not defined in hosts [${Object.keys(policy.hosts).join(', ')}]`, `add hosts.${lane.host}, or fix the lane's host`);
    }
    else {
        if (!host.approved) {
            p('host_not_approved', 'host', `host ${lane.host} is not approved (hosts.${lane.host}.approved is false)`, `set up the host (docs/host-setup.md), then set hosts.${lane.host}.approved: true`);
        }
        if (!host.registrationRoots.includes(lane.registrationRoot)) {
            p('root_not_allowlisted', 'registrationRoot', `${lane.registrationRoot} is not in hosts.${lane.host}.registrationRoots [${host.registrationRoots.join(', ')}]`, `use one of [${host.registrationRoots.join(', ')}] or add the root to hosts.${lane.host}.registrationRoots`);
        }
        if (!host.serviceUsers.includes(lane.serviceUser)) {
            p('service_user_not_allowed', 'serviceUser', `${lane.serviceUser} is not in hosts.${lane.host}.serviceUsers [${host.serviceUsers.join(', ')}]`, `use one of [${host.serviceUsers.join(', ')}] or add the user to hosts.${lane.host}.serviceUsers`);
        }
    }
    if (!lane.labels.includes(policy.managedLabel)) {
        p('managed_label_missing', 'labels', `labels [${lane.labels.join(', ')}] lack the managed label "${policy.managedLabel}"`, `add "${policy.managedLabel}" to the lane's labels`);
    }
    if (!/^[A-Za-z0-9@._-]{1,200}\.service$/.test(lane.unit) || lane.unit.includes('..') || (isSafeLaneName(lane.name) && !lane.unit.includes(`@${lane.name}.service`))) {
        p('unit_mismatch', 'unit', `unit ${JSON.stringify(lane.unit)} is not a unit name for lane ${lane.name}`, 'leave unit out (default lanekeeper-runner@<name>.service) or use a name ending in "@<name>.service"');
    }
    return out;
}


/***/ }),

/***/ 17154:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  n$: () => (/* binding */ loadPolicyFile)
});

// UNUSED EXPORTS: parsePolicyText, policyFromObject

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/util/canonical-json.ts
var canonical_json = __webpack_require__(71989);
// EXTERNAL MODULE: ./src/policy/errors.ts
var errors = __webpack_require__(44795);
;// CONCATENATED MODULE: ./src/policy/path.ts
/** `['lanes', 2, 'registrationRoot']` → `lanes[2].registrationRoot` */
function yamlPath(segments) {
    let out = '';
    for (const s of segments) {
        if (typeof s === 'number')
            out += `[${s}]`;
        else if (typeof s === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s))
            out += out ? `.${s}` : s;
        else
            out += `[${JSON.stringify(String(s))}]`;
    }
    return out || '(root)';
}

// EXTERNAL MODULE: ./src/policy/schema.ts
var schema = __webpack_require__(54139);
// EXTERNAL MODULE: ./src/policy/types.ts
var types = __webpack_require__(63943);
;// CONCATENATED MODULE: ./src/policy/expand.ts

const UNIT_NAME_PLACEHOLDER = '<name>';
/** Applies defaults and expands `count` pools into `<name>-1..N`. Pure; checks come after. */
function expandPolicy(parsed) {
    const hosts = {};
    for (const [name, h] of Object.entries(parsed.hosts)) {
        hosts[name] = { name, approved: h.approved, registrationRoots: h.registrationRoots, serviceUsers: h.serviceUsers, ...(h.sharedServiceUsers ? { sharedServiceUsers: h.sharedServiceUsers } : {}) };
    }
    const lanes = [];
    parsed.lanes.forEach((entry, index) => {
        const path = `lanes[${index}]`;
        const scope = entry.repository
            ? { kind: 'repository', owner: entry.repository.split('/')[0], repo: entry.repository.split('/')[1] }
            : { kind: 'organization', org: entry.organization };
        const names = entry.count === undefined ? [entry.name] : Array.from({ length: entry.count }, (_, i) => `${entry.name}-${i + 1}`);
        for (const name of names) {
            const unitTemplate = entry.unit ?? `lanekeeper-runner@${UNIT_NAME_PLACEHOLDER}.service`;
            lanes.push({
                name,
                path,
                scope,
                scopeKey: (0,types/* scopeKey */.OD)(scope),
                runnerGroup: entry.runnerGroup,
                host: entry.host,
                registrationRoot: entry.registrationRoot,
                directory: `${entry.registrationRoot.replace(/\/+$/, '')}/${name}`,
                serviceUser: entry.serviceUser.split(UNIT_NAME_PLACEHOLDER).join(name),
                unit: unitTemplate.split(UNIT_NAME_PLACEHOLDER).join(name),
                labels: entry.labels,
                runnerVersion: entry.runnerVersion,
                ensure: entry.ensure,
                drain: entry.drain,
                containerBuilds: entry.containerBuilds,
            });
        }
    });
    return { hosts, lanes };
}

// EXTERNAL MODULE: ./src/policy/checks.ts
var checks = __webpack_require__(3681);
;// CONCATENATED MODULE: ./src/policy/load.ts








function loadPolicyFile(file) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (e) {
        throw new errors/* PolicyError */.p(file, [
            { path: '(file)', message: `cannot read the policy: ${e.message}`, fix: 'pass --policy with the path of your lanekeeper.yml' },
        ]);
    }
    return parsePolicyText(text, file);
}
function parsePolicyText(text, file = 'policy') {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new errors/* PolicyError */.p(file, doc.errors.map((err) => ({
            path: '(yaml)',
            message: err.message.split('\n')[0] ?? err.message,
            fix: 'fix the YAML syntax',
            line: err.linePos?.[0]?.line,
        })));
    }
    const raw = doc.toJS();
    const parsed = schema/* PolicySchema */.Qz.safeParse(raw ?? {});
    if (!parsed.success) {
        throw new errors/* PolicyError */.p(file, zodProblems(parsed.error, doc, lineCounter));
    }
    const withLines = (p) => ({ ...p, line: lineOf(doc, lineCounter, p.path) });
    return buildPolicy(parsed.data, withLines);
}
/** For policies built in code (tests, benchmarks): the same checks, no line numbers. */
function policyFromObject(input) {
    const parsed = PolicySchema.safeParse(input);
    if (!parsed.success)
        throw new PolicyError('policy', zodProblems(parsed.error));
    return buildPolicy(parsed.data, (p) => p);
}
function buildPolicy(parsed, decorate) {
    const structural = structuralProblems(parsed);
    if (structural.length > 0)
        throw new errors/* PolicyError */.p('policy', structural.map(decorate));
    const { hosts, lanes } = expandPolicy(parsed);
    const policy = {
        version: 1,
        managedLabel: parsed.managedLabel,
        repositories: parsed.repositories,
        organizations: parsed.organizations,
        hosts,
        lanes,
        ...(parsed.approvalGate ? { approvalGate: parsed.approvalGate } : {}),
        digest: (0,canonical_json/* sha256Hex */.f)((0,canonical_json/* canonicalJson */.d)(parsed)),
    };
    return { policy, problems: (0,checks/* checkPolicy */.hM)(policy).map(decorate) };
}
/** Problems that make a lane entry meaningless (no scope, two scopes), reported before expansion. */
function structuralProblems(parsed) {
    const out = [];
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
function zodProblems(error, doc, lineCounter) {
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
function fixFor(issue) {
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
function lineOf(doc, lc, path, segments) {
    const segs = segments ?? parsePath(path);
    for (let n = segs.length; n >= 0; n--) {
        const node = doc.getIn(segs.slice(0, n), true);
        if ((0,dist/* isNode */.Ll)(node) && node.range)
            return lc.linePos(node.range[0]).line;
    }
    return undefined;
}
function parsePath(path) {
    const out = [];
    for (const m of path.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\["([^"]*)"\]/g)) {
        if (m[1] !== undefined)
            out.push(m[1]);
        else if (m[2] !== undefined)
            out.push(Number(m[2]));
        else if (m[3] !== undefined)
            out.push(m[3]);
    }
    return out;
}


/***/ }),

/***/ 54139:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GR: () => (/* binding */ LANE_NAME_PATTERN),
/* harmony export */   Qz: () => (/* binding */ PolicySchema)
/* harmony export */ });
/* unused harmony exports DEFAULT_MANAGED_LABEL, DEFAULT_UNIT_TEMPLATE, DEFAULT_DRAIN_TIMEOUT_SECONDS, HostPolicySchema, RunnerVersionSchema, DrainSchema, LanePolicySchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92857);

/** A lane name must be safe as a directory name, a systemd instance name and a runner name. */
const LANE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DEFAULT_MANAGED_LABEL = 'lanekeeper-managed';
const DEFAULT_UNIT_TEMPLATE = 'lanekeeper-runner@<name>.service';
const DEFAULT_DRAIN_TIMEOUT_SECONDS = 900;
const repositoryName = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
    .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name", e.g. "acme/api"');
const organizationName = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^[A-Za-z0-9-]+$/, 'must be an organisation login, e.g. "acme"');
const absolutePath = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^\/[^\0]*$/, 'must be an absolute path, e.g. "/srv/runners"');
const semver = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^\d+\.\d+\.\d+$/, 'must be a version "x.y.z", e.g. "2.330.0"');
const userName = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a POSIX user name, e.g. "runner"');
/** A lane's service user: a user name, or one with "<name>" standing for the lane name (one user per pool lane). */
const laneUserName = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
    .refine((u) => u.split('<name>').length <= 2 && /^[a-z_][a-z0-9_-]{0,31}$/.test(u.replace('<name>', 'x')), 'must be a POSIX user name, optionally with "<name>" for the lane name, e.g. "runner" or "lk-<name>"');
// No comma (config.sh --labels is comma separated) and no white space.
const label = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^[A-Za-z0-9._:/+@-]{1,100}$/, 'must be 1-100 of A-Z, a-z, 0-9 and . _ : / + @ - (no comma or space)');
const HostPolicySchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    approved: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().describe('Only approved hosts get lanes. Set true once the host is set up (docs/host-setup.md).'),
    registrationRoots: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(absolutePath).min(1).describe('Directories under which lane directories may live.'),
    serviceUsers: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(userName).min(1).describe('Users a lane service may run as.'),
    sharedServiceUsers: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(userName)
        .optional()
        .describe("Service users several lanes of this host may share, as the host config's sharedServiceUsers allows; the plan warns about each. Every other user serves one lane only."),
});
const RunnerVersionSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([
    zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ pinned: semver }).describe('Exactly this runner version.'),
    zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ minimum: semver }).describe('This version or newer.'),
]);
const DrainSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    timeoutSeconds: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(0).max(86_400).default(DEFAULT_DRAIN_TIMEOUT_SECONDS),
    onTimeout: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['fail', 'skip']).default('fail'),
});
const LanePolicySchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().describe('Lane name; with `count`, lanes are named <name>-1..<name>-N.'),
    repository: repositoryName.optional().describe('Repository scope "owner/name" (exclusive with organization).'),
    organization: organizationName.optional().describe('Organisation scope (exclusive with repository).'),
    runnerGroup: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1).optional().describe('Runner group (organisation scope only).'),
    host: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
    registrationRoot: absolutePath,
    serviceUser: laneUserName.describe('The lane\'s own service user; "<name>" stands for the lane name, so each lane of a pool gets its own, e.g. "lk-<name>".'),
    unit: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional().describe(`systemd unit; default ${DEFAULT_UNIT_TEMPLATE}`),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(label).min(1).describe('Custom labels; must include the managed label.'),
    runnerVersion: RunnerVersionSchema.optional(),
    ensure: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['present', 'absent']).default('present'),
    drain: DrainSchema.default({ timeoutSeconds: DEFAULT_DRAIN_TIMEOUT_SECONDS, onTimeout: 'fail' }),
    count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(1).max(1000).optional().describe('N identical lanes <name>-1..N.'),
    containerBuilds: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().default(false).describe('Lane runs container builds: Docker credential isolation is checked.'),
});
const PolicySchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    version: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz(1),
    managedLabel: label.default(DEFAULT_MANAGED_LABEL),
    repositories: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(repositoryName).default([]),
    organizations: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(organizationName).default([]),
    hosts: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1), HostPolicySchema),
    lanes: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(LanePolicySchema).default([]),
    approvalGate: zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
        required: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().default(true).describe('false waives the check that the environment lanekeeper-apply is protected'),
        reason: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1).optional().describe('Why the gate is waived; shown with the warning in every plan and audit record.'),
    })
        .refine((g) => g.required || g.reason !== undefined, { message: 'waiving the approval gate needs a "reason"', path: ['reason'] })
        .optional()
        .describe('Apply refuses to run unless the environment lanekeeper-apply has required reviewers, prevent self-review and a deployment-branch rule, unless this says required: false.'),
});


/***/ }),

/***/ 63943:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OD: () => (/* binding */ scopeKey),
/* harmony export */   QN: () => (/* binding */ scopeUrl),
/* harmony export */   hn: () => (/* binding */ parseScopeKey)
/* harmony export */ });
function scopeKey(scope) {
    return scope.kind === 'repository' ? `repo:${scope.owner}/${scope.repo}` : `org:${scope.org}`;
}
function parseScopeKey(key) {
    const m = /^(repo|org):(.+)$/.exec(key);
    if (!m)
        throw new Error(`not a scope key: ${key}`);
    if (m[1] === 'org')
        return { kind: 'organization', org: m[2] };
    const [owner, repo] = m[2].split('/');
    if (!owner || !repo)
        throw new Error(`not a repository scope key: ${key}`);
    return { kind: 'repository', owner, repo };
}
/** The URL `config.sh --url` takes for a scope. */
function scopeUrl(scope, serverUrl = 'https://github.com') {
    const base = serverUrl.replace(/\/+$/, '');
    return scope.kind === 'repository' ? `${base}/${scope.owner}/${scope.repo}` : `${base}/${scope.org}`;
}


/***/ }),

/***/ 71989:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ canonicalJson),
/* harmony export */   f: () => (/* binding */ sha256Hex)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Canonical JSON: object keys sorted by code unit, no insignificant white space, `undefined`
 * members dropped (and `undefined` array items written as null). Two structurally equal values
 * always give the same text, whatever their key order.
 *
 * The common case copies the tree with sorted keys and lets the native JSON.stringify write it.
 * JavaScript enumerates integer-like keys first whatever their insertion order, so a tree that
 * has any is written by the slower one-pass writer instead.
 */
function canonicalJson(value) {
    const state = { integerKeys: false };
    const copy = sortedCopy(value, state);
    if (!state.integerKeys)
        return JSON.stringify(copy) ?? 'null';
    const out = [];
    write(value, out);
    return out.join('');
}
const INTEGER_KEY = /^(0|[1-9]\d*)$/;
function viaToJson(value) {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null)
        return null;
    // Class instances (Secret, Date) serialise through their own toJSON.
    const json = value.toJSON;
    return typeof json === 'function' ? { json: json.call(value) } : null;
}
function sortedCopy(value, state) {
    if (value === null || typeof value !== 'object')
        return value;
    if (Array.isArray(value))
        return value.map((v) => (v === undefined ? null : sortedCopy(v, state)));
    const converted = viaToJson(value);
    if (converted)
        return sortedCopy(converted.json, state);
    const record = value;
    const out = {};
    for (const key of Object.keys(record).sort()) {
        const v = record[key];
        if (v === undefined)
            continue;
        if (INTEGER_KEY.test(key))
            state.integerKeys = true;
        if (key === '__proto__')
            Object.defineProperty(out, key, { value: sortedCopy(v, state), enumerable: true, writable: true, configurable: true });
        else
            out[key] = sortedCopy(v, state);
    }
    return out;
}
function write(value, out) {
    if (value === null || value === undefined) {
        out.push('null');
        return;
    }
    if (typeof value !== 'object') {
        out.push(JSON.stringify(value) ?? 'null');
        return;
    }
    if (Array.isArray(value)) {
        out.push('[');
        value.forEach((v, i) => {
            if (i > 0)
                out.push(',');
            write(v, out);
        });
        out.push(']');
        return;
    }
    const converted = viaToJson(value);
    if (converted) {
        write(converted.json, out);
        return;
    }
    const record = value;
    out.push('{');
    let first = true;
    for (const key of Object.keys(record).sort()) {
        const v = record[key];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol')
            continue;
        if (!first)
            out.push(',');
        first = false;
        out.push(JSON.stringify(key), ':');
        write(v, out);
    }
    out.push('}');
}
function sha256Hex(text) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text).digest('hex');
}


/***/ })

};
