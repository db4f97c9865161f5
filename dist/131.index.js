export const id = 131;
export const ids = [131];
export const modules = {

/***/ 19963:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  yu: () => (/* binding */ assembleRecord),
  JD: () => (/* binding */ readPartials)
});

// UNUSED EXPORTS: buildRecord, validateRecord

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/plan/types.ts
var types = __webpack_require__(9898);
;// CONCATENATED MODULE: ./src/audit/errors.ts
/** The assembled audit record does not satisfy its schema: a bug upstream, nothing was published. */
class InvalidAuditRecordError extends Error {
    name = 'InvalidAuditRecordError';
    issues;
    constructor(issues) {
        super(`The audit record is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${issues.join('; ')}. ` +
            'This is a bug in Lanekeeper; please report it with the partial records from the output directory.');
        this.issues = issues;
    }
}

// EXTERNAL MODULE: ./src/audit/partial.ts
var partial = __webpack_require__(97974);
// EXTERNAL MODULE: ./src/audit/record.ts
var record = __webpack_require__(7114);
// EXTERNAL MODULE: ./src/audit/redact.ts
var redact = __webpack_require__(95882);
;// CONCATENATED MODULE: ./src/audit/assemble.ts
/**
 * Assembling: the partial records inventory, plan and apply wrote become one audit record.
 * Reading is tolerant (a missing or unreadable partial becomes an error in the record, so a
 * failed run still gets its record); the assembled record is then redacted and validated.
 */







/**
 * Reads every job's partial below the output directory. In a workflow the audit job downloads
 * each job's artifact into its own subdirectory (one inventory and one apply per host), so the
 * directory is walked; absent files are simply not there.
 */
async function readPartials(outputDir) {
    const partials = [];
    const errors = [];
    const names = new Map(partial/* PARTIAL_SOURCES */.Rr.map((source) => [(0,partial/* partialFileName */.nK)(source), source]));
    for (const file of await partialFiles(outputDir, new Set(names.keys()))) {
        const source = names.get((0,external_node_path_.basename)(file));
        const shown = (0,external_node_path_.relative)(outputDir, file) || (0,external_node_path_.basename)(file);
        let text;
        try {
            text = await (0,promises_.readFile)(file, 'utf8');
        }
        catch (error) {
            errors.push({ phase: source, name: 'PartialUnreadable', message: `${shown}: ${error.message}` });
            continue;
        }
        const parsed = parsePartial(text);
        if (typeof parsed === 'string')
            errors.push({ phase: source, name: 'PartialInvalid', message: `${shown}: ${parsed}` });
        else
            partials.push(parsed);
    }
    const order = (phase) => partial/* PARTIAL_SOURCES */.Rr.indexOf(phase);
    partials.sort((a, b) => order(a.source) - order(b.source));
    errors.sort((a, b) => order(a.phase) - order(b.phase));
    return { partials, errors };
}
async function partialFiles(dir, names) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const found = [];
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const path = (0,external_node_path_.join)(dir, e.name);
        if (e.isDirectory())
            found.push(...(await partialFiles(path, names)));
        else if (names.has(e.name))
            found.push(path);
    }
    return found;
}
function parsePartial(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        return `not JSON (${error.message})`;
    }
    const result = partial/* AuditPartialSchema */.YU.safeParse(json);
    return result.success ? result.data : formatIssues(result.error.issues).join('; ');
}
function lastDefined(values) {
    for (let i = values.length - 1; i >= 0; i--) {
        const v = values[i];
        if (v !== null && v !== undefined)
            return v;
    }
    return null;
}
const SOURCE_ORDER = { inventory: 0, plan: 1, apply: 2 };
/** Merges partials into a record candidate; no redaction, no validation. */
function buildRecord(partialsIn, options) {
    const partials = [...partialsIn].sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
    const bySource = (s) => partials.find((p) => p.source === s);
    // One apply job per host: the run failed if any of them did, completed only if all did.
    const applies = partials.filter((p) => p.source === 'apply');
    const apply = applies.find((p) => p.status === 'failed') ?? applies.find((p) => p.status !== 'completed') ?? applies[0];
    const errors = [...(options.errors ?? []), ...partials.flatMap((p) => p.errors)];
    const run = options.run ?? partials[0]?.run;
    if (!run)
        throw new InvalidAuditRecordError(['no partial records and no run context: nothing to assemble']);
    const mode = options.mode ?? lastDefined(partials.map((p) => p.mode)) ?? 'dry-run';
    const plan = lastDefined(partials.map((p) => p.plan));
    const planned = bySource('plan')?.plan;
    for (const a of applies) {
        if (a.plan && planned && a.plan.digest !== planned.digest) {
            errors.push({
                phase: 'apply',
                name: 'PlanMismatch',
                message: `apply ran plan ${a.plan.digest.slice(0, 12)} but the plan job wrote ${planned.digest.slice(0, 12)}`,
            });
        }
    }
    const lanes = new Map();
    // Every apply partial carries the whole plan's lanes; the one that acted on a lane wins.
    const acted = (l) => (['completed', 'failed', 'skipped'].includes(l.result) ? 1 : 0);
    for (const partial of partials) {
        for (const lane of partial.lanes) {
            const seen = lanes.get(lane.lane);
            if (!seen || acted(lane) >= acted(seen))
                lanes.set(lane.lane, lane);
        }
    }
    if (mode === 'apply' && !apply) {
        errors.push({ phase: 'apply', name: 'ApplyRecordMissing', message: 'apply wrote no audit partial: it did not run or did not finish' });
    }
    if (apply?.status === 'failed' && apply.errors.length === 0 && !apply.lanes.some((l) => l.result === 'failed')) {
        errors.push({ phase: 'apply', name: null, message: 'apply reported failure without details' });
    }
    const phases = partials.map((p) => p.timing);
    if (options.auditStartedAt) {
        phases.push({
            phase: 'audit',
            startedAt: options.auditStartedAt.toISOString(),
            finishedAt: options.now.toISOString(),
            durationMs: Math.max(0, options.now.getTime() - options.auditStartedAt.getTime()),
        });
    }
    const startMs = Math.min(options.now.getTime(), ...phases.map((p) => Date.parse(p.startedAt)));
    const laneList = [...lanes.values()];
    const status = deriveStatus(mode === 'apply' ? (apply?.status ?? null) : null, errors, laneList);
    const planDigest = plan?.digest ?? null;
    return {
        schemaVersion: record/* AUDIT_SCHEMA_VERSION */.lE,
        kind: record/* AUDIT_KIND */.JX,
        status,
        run,
        idempotencyKey: options.idempotencyKey ?? lastDefined(partials.map((p) => p.idempotencyKey)),
        mode,
        policyDigest: plan?.policyDigest ?? lastDefined(partials.map((p) => p.policyDigest)),
        planDigest,
        confirmationPhrase: planDigest ? (0,types/* confirmationPhrase */.XV)(planDigest) : null,
        plan,
        observed: {
            pre: bySource('plan')?.observed.pre ?? bySource('inventory')?.observed.pre ?? lastDefined(partials.map((p) => p.observed.pre)),
            post: apply?.observed.post ?? lastDefined(partials.map((p) => p.observed.post)),
        },
        lanes: laneList,
        timings: {
            startedAt: new Date(startMs).toISOString(),
            finishedAt: options.now.toISOString(),
            durationMs: Math.max(0, options.now.getTime() - startMs),
            phases,
        },
        errors,
    };
}
function deriveStatus(applyStatus, errors, lanes) {
    if (errors.length > 0 || lanes.some((l) => l.result === 'failed'))
        return 'failed';
    return applyStatus === 'completed' ? 'completed' : 'planned';
}
/** Validates a record; throws `InvalidAuditRecordError` listing every problem. */
function validateRecord(candidate) {
    const result = record/* AuditRecordSchema */.eH.safeParse(candidate);
    if (!result.success)
        throw new InvalidAuditRecordError(formatIssues(result.error.issues));
    return result.data;
}
/** Merges, redacts and validates: the record as it may be published. */
function assembleRecord(partials, options) {
    return validateRecord((0,redact/* redact */.E$)(buildRecord(partials, options), options.registry));
}
function formatIssues(issues) {
    return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(record)'}: ${i.message}`);
}


/***/ }),

/***/ 97974:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rr: () => (/* binding */ PARTIAL_SOURCES),
/* harmony export */   YU: () => (/* binding */ AuditPartialSchema),
/* harmony export */   Zk: () => (/* binding */ AUDIT_PARTIAL_KIND),
/* harmony export */   nK: () => (/* binding */ partialFileName)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92857);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27242);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7114);
/**
 * A partial audit record: what one job (inventory, plan or apply) contributes. Each job writes
 * its partial into the output directory; the `audit` job assembles them into the record.
 */



const AUDIT_PARTIAL_KIND = 'lanekeeper-audit-partial';
const PARTIAL_SOURCES = ['inventory', 'plan', 'apply'];
const AuditPartialSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    schemaVersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(1),
    kind: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(AUDIT_PARTIAL_KIND),
    source: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(PARTIAL_SOURCES),
    run: _record_js__WEBPACK_IMPORTED_MODULE_1__/* .RunContextSchema */ .GZ,
    mode: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Modes */ .dX).nullable(),
    idempotencyKey: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullable(),
    policyDigest: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullable(),
    plan: _record_js__WEBPACK_IMPORTED_MODULE_1__/* .EmbeddedPlanSchema */ .lv.nullable(),
    observed: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ pre: _record_js__WEBPACK_IMPORTED_MODULE_1__/* .EmbeddedObservedSchema */ .U3.nullable(), post: _record_js__WEBPACK_IMPORTED_MODULE_1__/* .EmbeddedObservedSchema */ .U3.nullable() }),
    lanes: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(_record_js__WEBPACK_IMPORTED_MODULE_1__/* .LaneRecordSchema */ .HZ),
    timing: _record_js__WEBPACK_IMPORTED_MODULE_1__/* .PhaseTimingSchema */ .bz,
    errors: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(_record_js__WEBPACK_IMPORTED_MODULE_1__/* .RunErrorSchema */ .rM),
    /** The outcome the job itself reached (apply: completed or failed); null when it has none. */
    status: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_record_js__WEBPACK_IMPORTED_MODULE_1__/* .AUDIT_STATUSES */ .dB).nullable(),
});
/** File name of a job's partial inside the output directory. */
function partialFileName(source) {
    return { inventory: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .AuditFiles */ .XE.InventoryPartial, plan: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .AuditFiles */ .XE.PlanPartial, apply: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .AuditFiles */ .XE.ApplyPartial }[source];
}


/***/ }),

/***/ 7114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GZ: () => (/* binding */ RunContextSchema),
/* harmony export */   HZ: () => (/* binding */ LaneRecordSchema),
/* harmony export */   JX: () => (/* binding */ AUDIT_KIND),
/* harmony export */   U3: () => (/* binding */ EmbeddedObservedSchema),
/* harmony export */   bz: () => (/* binding */ PhaseTimingSchema),
/* harmony export */   dB: () => (/* binding */ AUDIT_STATUSES),
/* harmony export */   eH: () => (/* binding */ AuditRecordSchema),
/* harmony export */   lE: () => (/* binding */ AUDIT_SCHEMA_VERSION),
/* harmony export */   lv: () => (/* binding */ EmbeddedPlanSchema),
/* harmony export */   rM: () => (/* binding */ RunErrorSchema)
/* harmony export */ });
/* unused harmony exports LANE_RESULTS, STEP_RESULTS, AUDIT_PHASES, GitHubEvidenceSchema, HelperEvidenceSchema, StepEvidenceSchema, StepRecordSchema, GateRecordSchema, LaneFailureSchema, AuditRecordShapeSchema, auditRecordJsonSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92857);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(64377);
/* harmony import */ var _host_lease_proof_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(55047);
/* harmony import */ var _plan_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9898);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(27242);
/**
 * The audit record: one JSON document per workflow run attempt that says what Lanekeeper saw,
 * what it planned, what it did to every lane and with which evidence. Versioned
 * (`schemaVersion: 1`); the JSON Schema in docs/audit-record.schema.json is exported from here.
 *
 * The plan and the observed state are embedded as they were written. Only the fields the audit
 * relies on are checked here (schema version, digests, lane names); everything else passes
 * through, so the record keeps validating while those documents grow new fields.
 */




const AUDIT_SCHEMA_VERSION = 1;
const AUDIT_KIND = 'lanekeeper-audit';
const AUDIT_STATUSES = ['planned', 'completed', 'failed'];
const LANE_RESULTS = ['planned', 'completed', 'failed', 'skipped', 'blocked', 'noop'];
const STEP_RESULTS = ['ok', 'failed', 'skipped'];
/** The jobs that contribute to a record; `audit` is the job that assembles and publishes it. */
const AUDIT_PHASES = ['inventory', 'plan', 'apply', 'audit'];
const sha256Hex = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[0-9a-f]{64}$/, 'a lowercase sha256 hex digest');
const timestamp = zod__WEBPACK_IMPORTED_MODULE_3__/* .datetime */ .w$({ offset: true });
const durationMs = zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative();
const scopeKey = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^(repo|org):.+$/, 'a scope key such as repo:owner/name or org:login');
const RunContextSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    actor: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    /** Link to the workflow run attempt; empty outside GitHub Actions. */
    runUrl: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    /** GITHUB_RUN_ID, or `local` outside GitHub Actions. */
    runId: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[A-Za-z0-9_-]+$/),
    runAttempt: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive(),
    repository: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
})
    .meta({ description: 'Who ran Lanekeeper, where.' });
const GitHubEvidenceSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    method: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    route: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    status: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int(),
    requestId: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullable(),
    durationMs: durationMs.optional(),
});
const HelperEvidenceSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    verb: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    exitCode: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int(),
    durationMs: durationMs.optional(),
});
const StepEvidenceSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    github: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(GitHubEvidenceSchema),
    helper: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(HelperEvidenceSchema),
});
const StepRecordSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    kind: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_plan_types_js__WEBPACK_IMPORTED_MODULE_4__/* .STEP_KINDS */ .zq),
    description: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
    durationMs: durationMs.nullable(),
    result: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(STEP_RESULTS),
    error: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullable(),
    evidence: StepEvidenceSchema,
});
const GateRecordSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    ok: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY(),
    evidence: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
});
const LaneFailureSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    message: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    /** The step that failed, when one did. */
    step: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_plan_types_js__WEBPACK_IMPORTED_MODULE_4__/* .STEP_KINDS */ .zq).nullable(),
    /** What a person does next to bring the lane back. */
    recoveryHint: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
});
const LaneRecordSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    lane: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    host: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    scope: scopeKey,
    shape: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_plan_types_js__WEBPACK_IMPORTED_MODULE_4__/* .SHAPES */ .HY),
    action: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_plan_types_js__WEBPACK_IMPORTED_MODULE_4__/* .ACTIONS */ .kl),
    result: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(LANE_RESULTS),
    /** The lane lease's fencing token apply held; null when no lease was taken. */
    fencingToken: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative().nullable(),
    /** The verified claims of the apply job the host granted the lease to (run, attempt, actor, workflow ref). */
    leaseProof: _host_lease_proof_js__WEBPACK_IMPORTED_MODULE_0__/* .LeaseProofSchema */ .ky.optional(),
    steps: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(StepRecordSchema),
    gates: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(GateRecordSchema),
    failure: LaneFailureSchema.nullable(),
});
/** The embedded plan: checked where the audit depends on it, the rest passes through. */
const EmbeddedPlanSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({
    schemaVersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(1),
    policyDigest: sha256Hex,
    digest: sha256Hex,
    lanes: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({ lane: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() })),
});
/** The embedded observed state: checked where the audit depends on it, the rest passes through. */
const EmbeddedObservedSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({
    schemaVersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(1),
    observedAt: timestamp,
});
const PhaseTimingSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    phase: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(AUDIT_PHASES),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
    durationMs: durationMs.nullable(),
});
const RunErrorSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    phase: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(AUDIT_PHASES),
    /** Error class name (PolicyError, StalePlanError, ...), when known. */
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullable(),
    message: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
});
const recordShape = {
    schemaVersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(AUDIT_SCHEMA_VERSION),
    kind: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(AUDIT_KIND),
    status: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(AUDIT_STATUSES),
    run: RunContextSchema,
    idempotencyKey: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullable(),
    mode: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Modes */ .dX),
    policyDigest: sha256Hex.nullable(),
    planDigest: sha256Hex.nullable(),
    /** The exact phrase a reviewer types to apply this plan. */
    confirmationPhrase: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullable(),
    plan: EmbeddedPlanSchema.nullable(),
    observed: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ pre: EmbeddedObservedSchema.nullable(), post: EmbeddedObservedSchema.nullable() }),
    lanes: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(LaneRecordSchema),
    timings: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        startedAt: timestamp,
        finishedAt: timestamp,
        durationMs,
        phases: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(PhaseTimingSchema),
    }),
    errors: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(RunErrorSchema),
};
/** The record as the JSON Schema describes it (structure only, no cross-field rules). */
const AuditRecordShapeSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc(recordShape).meta({
    title: 'Lanekeeper audit record',
    description: 'What Lanekeeper observed, planned and did in one workflow run attempt.',
});
/** The record with its cross-field rules; what `audit` validates before publishing. */
const AuditRecordSchema = AuditRecordShapeSchema.superRefine((record, ctx) => {
    if (record.plan && record.planDigest !== record.plan.digest) {
        ctx.addIssue({ code: 'custom', path: ['planDigest'], message: 'planDigest differs from plan.digest' });
    }
    if (record.plan && record.policyDigest !== record.plan.policyDigest) {
        ctx.addIssue({ code: 'custom', path: ['policyDigest'], message: 'policyDigest differs from plan.policyDigest' });
    }
    const expectedPhrase = record.planDigest ? (0,_plan_types_js__WEBPACK_IMPORTED_MODULE_4__/* .confirmationPhrase */ .XV)(record.planDigest) : null;
    if (record.confirmationPhrase !== expectedPhrase) {
        ctx.addIssue({
            code: 'custom',
            path: ['confirmationPhrase'],
            message: `confirmationPhrase must be ${expectedPhrase === null ? 'null without a plan' : `"${expectedPhrase}"`}`,
        });
    }
    const seen = new Set();
    record.lanes.forEach((lane, i) => {
        if (seen.has(lane.lane))
            ctx.addIssue({ code: 'custom', path: ['lanes', i, 'lane'], message: `lane ${lane.lane} appears twice` });
        seen.add(lane.lane);
        if (lane.result === 'failed' && lane.failure === null) {
            ctx.addIssue({ code: 'custom', path: ['lanes', i, 'failure'], message: 'a failed lane says why and how to recover' });
        }
    });
    if (record.status === 'completed') {
        if (record.mode !== 'apply')
            ctx.addIssue({ code: 'custom', path: ['status'], message: 'only apply completes; a dry run is planned' });
        if (record.errors.length > 0 || record.lanes.some((l) => l.result === 'failed')) {
            ctx.addIssue({ code: 'custom', path: ['status'], message: 'a record with errors or failed lanes is failed, not completed' });
        }
    }
    if (record.status === 'failed' && record.errors.length === 0 && !record.lanes.some((l) => l.result === 'failed')) {
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'a failed record names an error or a failed lane' });
    }
});
/** JSON Schema of the record (draft 2020-12), as committed in docs/audit-record.schema.json. */
function auditRecordJsonSchema() {
    const schema = z.toJSONSchema(AuditRecordShapeSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
    return schema;
}


/***/ }),

/***/ 95882:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   Rh: () => (/* binding */ redactedJson)
/* harmony export */ });
/* unused harmony exports REDACTED, redactString */
/* harmony import */ var _util_secret_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(47394);
/**
 * Redaction, the last line of defence: tokens never enter audit records in the first place, and
 * this pass makes sure that a mistake somewhere upstream still does not publish one. It runs over
 * the whole record (keys and values, at any depth) before anything is written or uploaded.
 *
 * Three nets, each catching what the others may miss:
 * - by key: values under credential-like keys (`token`, `jitConfig`, `authorization`, ...);
 * - by shape: GitHub token formats, runner registration/remove tokens, JWTs and base64 JSON
 *   (JIT configs), `Authorization:` headers and bearer credentials inside longer strings;
 * - by value: every secret registered with the `SecretRegistry`.
 * Digests (lowercase hex), UUIDs, timestamps and ordinary words match none of them.
 */

const REDACTED = '***';
/** Keys whose string values are credentials, compared without case, `-` and `_`. */
const CREDENTIAL_KEYS = new Set([
    'token',
    'accesstoken',
    'authtoken',
    'registrationtoken',
    'removetoken',
    'runtimetoken',
    'githubtoken',
    'encodedjitconfig',
    'jitconfig',
    'authorization',
    'password',
    'secret',
    'clientsecret',
    'credentials',
    'privatekey',
]);
const TOKEN_SHAPES = [
    // `Authorization: <anything up to the end of the line or a quote>`
    [/(authorization\s*[:=]\s*)[^\r\n"']+/gi, (_m, prefix) => `${prefix}${REDACTED}`],
    // `Bearer <credential>` / `Basic <credential>` as in HTTP headers; a plain word after the
    // scheme name ("basic configuration") is prose, not a credential.
    [/\b(bearer|basic)(\s+)([A-Za-z0-9._~+/=-]{8,})/gi, (m, scheme, space, credential) => (/^[A-Za-z][a-z]*$/.test(credential) ? m : `${scheme}${space}${REDACTED}`)],
    // GitHub tokens, classic and fine-grained, wherever they start
    [/gh[pousr]_[A-Za-z0-9_]{20,}/g, () => REDACTED],
    [/github_pat_[A-Za-z0-9_]{20,}/g, () => REDACTED],
    // Runner registration and remove tokens: a run of 26 or more upper-case letters and digits
    // starting with A. Digests are lower-case hex and never match.
    [/(?<![A-Z0-9])A[A-Z0-9]{25,}(?![A-Z0-9])/g, () => REDACTED],
    // JWTs and base64-encoded JSON objects (JIT configs, runtime tokens): `{"` encodes as ey[IJKL].
    // Not inside a word, so camelCase names such as `keyIdentifier…` stay.
    [/(?<![A-Za-z0-9])ey[IJKL][A-Za-z0-9_+/=.-]{16,}/g, () => REDACTED],
];
function redactString(text, secrets) {
    let out = text;
    for (const secret of secrets) {
        if (out.includes(secret))
            out = out.split(secret).join(REDACTED);
    }
    for (const [shape, replace] of TOKEN_SHAPES)
        out = out.replace(shape, replace);
    return out;
}
function isCredentialKey(key) {
    return CREDENTIAL_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}
/** Scrubs every string leaf under a credential key, keeping the structure. */
function scrubAll(value, secrets) {
    if (typeof value === 'string')
        return REDACTED;
    if (Array.isArray(value))
        return value.map((v) => scrubAll(v, secrets));
    if (value !== null && typeof value === 'object') {
        const out = {};
        for (const [k, v] of Object.entries(value)) {
            const safeKey = uniqueKey(out, redactString(k, secrets));
            Object.defineProperty(out, safeKey, { value: scrubAll(v, secrets), enumerable: true, writable: true, configurable: true });
        }
        return out;
    }
    return value;
}
/**
 * A deep copy of `value` with every credential replaced by `***`. Plain data only: class
 * instances serialise through `toJSON` first (a `Secret` becomes `***`).
 */
function redact(value, registry) {
    const secrets = registry?.values() ?? [];
    return walk(value, secrets);
}
function walk(value, secrets) {
    if (value instanceof _util_secret_js__WEBPACK_IMPORTED_MODULE_0__/* .Secret */ .z)
        return REDACTED;
    if (typeof value === 'string')
        return redactString(value, secrets);
    if (Array.isArray(value))
        return value.map((v) => walk(v, secrets));
    if (value !== null && typeof value === 'object') {
        const toJSON = value.toJSON;
        if (typeof toJSON === 'function')
            return walk(toJSON.call(value), secrets);
        const out = {};
        for (const [key, v] of Object.entries(value)) {
            const safeKey = uniqueKey(out, redactString(key, secrets));
            // defineProperty: a `__proto__` key from parsed JSON stays a plain member.
            Object.defineProperty(out, safeKey, {
                value: isCredentialKey(key) ? scrubAll(v, secrets) : walk(v, secrets),
                enumerable: true,
                writable: true,
                configurable: true,
            });
        }
        return out;
    }
    return value;
}
/** Two keys that redact to the same text must not overwrite each other. */
function uniqueKey(target, key) {
    if (!Object.hasOwn(target, key))
        return key;
    let n = 2;
    while (Object.hasOwn(target, `${key}#${n}`))
        n++;
    return `${key}#${n}`;
}
/** `JSON.stringify` of the redacted value: the only way records become text. */
function redactedJson(value, registry, indent = 2) {
    return `${JSON.stringify(redact(value, registry), null, indent)}\n`;
}


/***/ }),

/***/ 33800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ runContextFromEnv)
/* harmony export */ });
/** The workflow run as the Actions runner describes it in the environment; `local` outside it. */
function runContextFromEnv(env) {
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


/***/ }),

/***/ 55047:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ky: () => (/* binding */ LeaseProofSchema),
/* harmony export */   lt: () => (/* binding */ leaseAudience)
/* harmony export */ });
/* unused harmony export PLAN_DIGEST_PATTERN */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92857);
/**
 * Proof that a lease is taken by the approved apply job: the contract shared by the action (which
 * asks GitHub for an OIDC token) and the privileged helper (which verifies it). The token's
 * audience binds one host and one plan digest, so a token minted for another host or another plan
 * is worthless; the claims the helper verified are recorded in the lease and the audit record.
 */

const PLAN_DIGEST_PATTERN = /^[0-9a-f]{64}$/;
/** The audience the apply job asks for and the helper demands: `lanekeeper:<host>:<plan digest>`. */
function leaseAudience(host, planDigest) {
    return `lanekeeper:${host}:${planDigest}`;
}
/** What the helper verified, as it records it in the lease and the lane's audit record. */
const LeaseProofSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    issuer: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    subject: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    audience: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    repository: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    jobWorkflowRef: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    jobWorkflowSha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    environment: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    event: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    runId: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    runAttempt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    actor: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    planDigest: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    tokenId: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    issuedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    expiresAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
});


/***/ }),

/***/ 9898:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HY: () => (/* binding */ SHAPES),
/* harmony export */   XV: () => (/* binding */ confirmationPhrase),
/* harmony export */   kl: () => (/* binding */ ACTIONS),
/* harmony export */   zq: () => (/* binding */ STEP_KINDS)
/* harmony export */ });
/* unused harmony export BLOCKER_CODES */
const SHAPES = [
    'absent',
    'github_only',
    'local_service_only',
    'supervised_active',
    'supervised_inactive',
    'mismatched_labels',
    'version_drift',
    'unknown_conflict',
];
const ACTIONS = ['noop', 'create', 'adopt', 'reconcile', 'restart', 'remove'];
const BLOCKER_CODES = (/* unused pure expression or super */ null && ([
    'scope_not_allowlisted',
    'host_unknown',
    'host_not_approved',
    'root_not_allowlisted',
    'service_user_not_allowed',
    'managed_label_missing',
    'unmanaged_runner_exists',
    'duplicate_lane_name',
    'unsafe_lane_name',
    'path_traversal',
    'unit_mismatch',
    'service_user_mismatch',
    'stale_state',
    'baseline_not_ready',
    'observation_failed',
    'runner_version_drift',
    'runner_version_deprecated',
    'runner_group_missing',
    'service_user_shared',
    /** The host's ops runner was offline before host jobs were queued: the host was not inventoried. */
    'ops_runner_offline',
    /** Not a blocker of any lane: the policy waives the approval-gate check (a warning in every plan). */
    'approval_gate_waived',
]));
/**
 * The fixed vocabulary of apply steps. Each step is carried out by exactly one port call
 * (GitHub, the privileged helper, or the service-user runner commands).
 */
const STEP_KINDS = [
    'lease.acquire',
    'github.cordon',
    'drain.wait',
    'github.delete-runner',
    'host.stop',
    'host.disable',
    'runner.unconfigure',
    'runner.prepare-directory',
    'runner.configure',
    'host.install-unit',
    'host.daemon-reload',
    'host.enable-now',
    'host.restart',
    'host.remove-unit',
    'runner.remove-directory',
    'github.set-labels',
    'verify.gates',
    'lease.release',
];
function confirmationPhrase(digest) {
    return `apply ${digest.slice(0, 12)}`;
}


/***/ }),

/***/ 97110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ systemClock)
/* harmony export */ });
/* unused harmony export ManualClock */
const systemClock = { now: () => new Date() };
/** A clock tests and the simulator can move by hand. */
class ManualClock {
    #ms;
    constructor(start = '2026-01-01T00:00:00Z') {
        this.#ms = new Date(start).getTime();
    }
    now() {
        return new Date(this.#ms);
    }
    advance(ms) {
        this.#ms += ms;
    }
    set(at) {
        this.#ms = new Date(at).getTime();
    }
}


/***/ }),

/***/ 47394:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ Secret)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);

const REDACTED = '***';
/**
 * A value GitHub handed us that must never be printed, logged or serialised by accident.
 * `String(secret)`, `JSON.stringify(secret)` and `util.inspect(secret)` all give `***`;
 * the only way to the value is an explicit `reveal()`, which is easy to grep for.
 */
class Secret {
    #value;
    constructor(value) {
        this.#value = value;
    }
    reveal() {
        return this.#value;
    }
    toString() {
        return REDACTED;
    }
    toJSON() {
        return REDACTED;
    }
    [node_util__WEBPACK_IMPORTED_MODULE_0__.inspect.custom]() {
        return `Secret(${REDACTED})`;
    }
    [Symbol.toPrimitive]() {
        return REDACTED;
    }
}


/***/ })

};
