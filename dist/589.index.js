export const id = 589;
export const ids = [589];
export const modules = {

/***/ 17589:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAudit: () => (/* binding */ runAudit)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 302 modules
var artifact = __webpack_require__(91252);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
// EXTERNAL MODULE: ./src/audit/assemble.ts + 1 modules
var assemble = __webpack_require__(19963);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/audit/redact.ts
var redact = __webpack_require__(95882);
;// CONCATENATED MODULE: ./src/audit/render.ts
/** GitHub caps a job summary at 1 MiB; a larger record is left to the artifact. */
const MAX_SUMMARY_JSON_CHARS = 512 * 1024;
const RESULT_ORDER = {
    blocked: 0,
    failed: 1,
    planned: 2,
    completed: 2,
    skipped: 2,
    noop: 2,
};
/** Blocked lanes first, then failed ones, the rest in record order. */
function lanesForSummary(record) {
    return record.lanes
        .map((lane, i) => ({ lane, i }))
        .sort((a, b) => RESULT_ORDER[a.lane.result] - RESULT_ORDER[b.lane.result] || a.i - b.i)
        .map(({ lane }) => lane);
}
function shortDigest(digest) {
    return digest ? digest.slice(0, 12) : 'none';
}
function gatesText(lane, ok, failed) {
    if (lane.gates.length === 0)
        return '-';
    return lane.gates.map((g) => `${g.ok ? ok : failed} ${g.name}`).join(', ');
}
function runLine(record) {
    const { run } = record;
    const parts = [`mode ${record.mode}`, `run ${run.runId} attempt ${run.runAttempt}`];
    if (run.actor)
        parts.push(`actor ${run.actor}`);
    if (run.repository)
        parts.push(run.repository);
    return parts.join(', ');
}
function failureLines(record) {
    return lanesForSummary(record)
        .filter((l) => l.failure !== null)
        .map((l) => ({ lane: l.lane, step: l.failure.step, message: l.failure.message, hint: l.failure.recoveryHint }));
}
function escapeCell(text) {
    return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
function code(text) {
    return `\`${text.replace(/`/g, "'")}\``;
}
function renderAuditMarkdown(record) {
    const out = [];
    out.push(`## Lanekeeper audit: ${record.status} · plan ${code(shortDigest(record.planDigest))}`, '');
    const run = record.run.runUrl ? `[${runLine(record)}](${record.run.runUrl})` : runLine(record);
    out.push(`${run}`, '');
    const lanes = lanesForSummary(record);
    if (lanes.length === 0) {
        out.push('No lanes.', '');
    }
    else {
        out.push('| Lane | Shape | Action | Result | Gates |', '| --- | --- | --- | --- | --- |');
        for (const lane of lanes) {
            const cells = [code(lane.lane), lane.shape, lane.action, `**${lane.result}**`, escapeCell(gatesText(lane, '✅', '❌'))];
            out.push(`| ${cells.join(' | ')} |`);
        }
        out.push('');
    }
    const failures = failureLines(record);
    if (failures.length > 0) {
        out.push('### Failures', '');
        for (const f of failures) {
            out.push(`- ${code(f.lane)}${f.step ? ` at ${code(f.step)}` : ''}: ${escapeCell(f.message).replace(/\.$/, '')}. Recovery: ${escapeCell(f.hint)}`);
        }
        out.push('');
    }
    if (record.errors.length > 0) {
        out.push('### Errors', '');
        for (const e of record.errors)
            out.push(`- ${e.phase}${e.name ? ` (${e.name})` : ''}: ${escapeCell(e.message)}`);
        out.push('');
    }
    if (record.confirmationPhrase) {
        out.push(record.status === 'planned'
            ? `To apply this plan, a reviewer types the confirmation phrase ${code(record.confirmationPhrase)}.`
            : `Confirmation phrase of this plan: ${code(record.confirmationPhrase)}.`, '');
    }
    const json = JSON.stringify(record, null, 2);
    out.push('<details><summary>Audit record (JSON)</summary>', '');
    if (json.length <= MAX_SUMMARY_JSON_CHARS) {
        const fence = '`'.repeat(Math.max(3, ...[...json.matchAll(/`+/g)].map((m) => m[0].length + 1)));
        out.push(`${fence}json`, json, fence);
    }
    else {
        out.push(`The record is ${json.length} characters, too large for the job summary; it is in the uploaded artifact.`);
    }
    out.push('', '</details>', '');
    return out.join('\n');
}
function table(rows) {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}
function renderAuditPlain(record, recordPath) {
    const out = [];
    out.push(`Lanekeeper audit: ${record.status}, plan ${shortDigest(record.planDigest)}`);
    out.push(runLine(record) + (record.run.runUrl ? ` (${record.run.runUrl})` : ''), '');
    const lanes = lanesForSummary(record);
    if (lanes.length === 0) {
        out.push('No lanes.');
    }
    else {
        out.push(...table([
            ['Lane', 'Shape', 'Action', 'Result', 'Gates'],
            ...lanes.map((l) => [l.lane, l.shape, l.action, l.result, gatesText(l, 'ok', 'FAILED')]),
        ]));
    }
    const failures = failureLines(record);
    if (failures.length > 0) {
        out.push('', 'Failures:');
        for (const f of failures)
            out.push(`  ${f.lane}${f.step ? ` at ${f.step}` : ''}: ${f.message}`, `    Recovery: ${f.hint}`);
    }
    if (record.errors.length > 0) {
        out.push('', 'Errors:');
        for (const e of record.errors)
            out.push(`  ${e.phase}${e.name ? ` (${e.name})` : ''}: ${e.message}`);
    }
    if (record.confirmationPhrase) {
        out.push('', `${record.status === 'planned' ? 'Confirmation phrase to apply this plan' : 'Confirmation phrase of this plan'}: ${record.confirmationPhrase}`);
    }
    if (recordPath)
        out.push('', `Audit record: ${recordPath}`);
    return `${out.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/audit/publish.ts
/**
 * Publishing a validated record: the JSON file, the workflow artifact (in GitHub Actions) and
 * the summary (job summary in Actions, plain text in the terminal). The record is redacted once
 * more on its way to text; nothing here writes it any other way.
 */




/**
 * `lanekeeper-audit-<run>-<attempt>`, plus `-<call>` when the reusable workflow passes its
 * per-call id (a caller may invoke it twice in one run; artifact names are per run).
 */
function auditArtifactName(run, callId) {
    return `lanekeeper-audit-${run.runId}-${run.runAttempt}${callId ? `-${callId}` : ''}`;
}
/** Set by the reusable workflow: an id unique to one call of it within a run. */
const CALL_ID_ENV = 'LANEKEEPER_CALL_ID';
const CALL_ID_PATTERN = /^[a-z0-9]{1,16}$/;
/** The per-call id from the environment; anything but a short lower-case word is ignored. */
function callIdFrom(io) {
    const id = io.env(CALL_ID_ENV);
    return id && CALL_ID_PATTERN.test(id) ? id : undefined;
}
/** The environment variable the Actions runner sets for artifact uploads; absent outside Actions. */
const ACTIONS_RUNTIME_TOKEN_ENV = 'ACTIONS_RUNTIME_TOKEN';
function inGitHubActions(io) {
    return Boolean(io.env(ACTIONS_RUNTIME_TOKEN_ENV));
}
async function writeRecordFile(path, record, registry) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
    await (0,promises_.writeFile)(path, (0,redact/* redactedJson */.Rh)(record, registry));
}
async function uploadRecordFile(uploader, recordPath, run, retentionDays, callId) {
    const name = auditArtifactName(run, callId);
    const options = retentionDays === undefined ? {} : { retentionDays };
    const result = await uploader.uploadArtifact(name, [recordPath], (0,external_node_path_.dirname)(recordPath), options);
    return { name, id: result.id ?? null };
}
async function publish(recordIn, options) {
    const record = (0,redact/* redact */.E$)(recordIn, options.registry);
    const { io, recordPath } = options;
    await writeRecordFile(recordPath, record, options.registry);
    io.info(`Audit record written to ${recordPath}`);
    let artifact = null;
    let uploadError = null;
    if (options.uploader) {
        try {
            artifact = await uploadRecordFile(options.uploader, recordPath, record.run, options.retentionDays, options.callId);
            io.info(`Audit record uploaded as artifact ${artifact.name} (id ${artifact.id ?? 'unknown'})`);
        }
        catch (error) {
            uploadError = error instanceof Error ? error.message : String(error);
            io.warning(`The audit record could not be uploaded as ${auditArtifactName(record.run, options.callId)}: ${uploadError}. It is still at ${(0,external_node_path_.basename)(recordPath)} in the output directory.`);
        }
    }
    await io.summary(renderAuditMarkdown(record), renderAuditPlain(record, recordPath));
    return { recordPath, artifact, uploadError };
}

// EXTERNAL MODULE: ./src/audit/run-context.ts
var run_context = __webpack_require__(33800);
// EXTERNAL MODULE: ./src/util/secret.ts
var secret = __webpack_require__(47394);
;// CONCATENATED MODULE: ./src/audit/secrets.ts

/**
 * Values that must never reach an audit record. The IO layer feeds it: every value a command
 * masks with `io.setSecret` is registered here too (see `registeringSecrets`).
 *
 * Values shorter than `MIN_SECRET_LENGTH` are not scrubbed from records: masking `true` or a
 * lane name everywhere would destroy the record, and no credential GitHub issues is that short.
 */
const MIN_SECRET_LENGTH = 6;
class SecretRegistry {
    #values = new Set();
    register(value) {
        const text = value instanceof secret/* Secret */.z ? value.reveal() : value;
        if (text.length < MIN_SECRET_LENGTH)
            return;
        this.#values.add(text);
        // The same value as it appears inside URLs and form bodies.
        const encoded = encodeURIComponent(text);
        if (encoded !== text)
            this.#values.add(encoded);
    }
    /** Longest first, so a secret that contains another is scrubbed whole. */
    values() {
        return [...this.#values].sort((a, b) => b.length - a.length);
    }
}
/** A CommandIO whose `setSecret` also registers the value for audit redaction. */
function registeringSecrets(io, registry) {
    return {
        input: (name) => io.input(name),
        output: (name, value) => io.output(name, value),
        info: (message) => io.info(message),
        warning: (message, where) => io.warning(message, where),
        error: (message, where) => io.error(message, where),
        group: (title, body) => io.group(title, body),
        summary: (markdown, plain) => io.summary(markdown, plain),
        env: (name) => io.env(name),
        setSecret(value) {
            registry.register(value);
            io.setSecret(value);
        },
    };
}

// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(97110);
;// CONCATENATED MODULE: ./src/commands/audit.ts
/**
 * `audit`: assembles the partial records inventory, plan and apply left in the output directory,
 * redacts and validates the record, writes it, uploads it (in GitHub Actions) and summarises it.
 * Runs on failure too: a failed apply still yields its `failed` record.
 */








function defaultUploader() {
    return new artifact/* DefaultArtifactClient */.t9();
}
function parseRetentionDays(io, errors) {
    const text = io.input(constants/* Inputs */.G0.RetentionDays);
    if (text === '')
        return undefined;
    const days = Number(text);
    if (Number.isInteger(days) && days >= 1 && days <= 400)
        return days;
    errors.push({ phase: 'audit', name: 'InputError', message: `${constants/* Inputs */.G0.RetentionDays} must be a whole number of days from 1 to 400, got "${text}"` });
    return undefined;
}
function parseMode(io, errors) {
    const text = io.input(constants/* Inputs */.G0.Mode);
    if (text === '')
        return undefined;
    if (constants/* Modes */.dX.includes(text))
        return text;
    errors.push({ phase: 'audit', name: 'InputError', message: `${constants/* Inputs */.G0.Mode} must be one of ${constants/* Modes */.dX.join(', ')}, got "${text}"` });
    return undefined;
}
async function runAudit(io, deps = {}) {
    const clock = deps.clock ?? util_clock/* systemClock */.m;
    const startedAt = clock.now();
    const registry = deps.registry ?? new SecretRegistry();
    for (const value of [io.input(constants/* Inputs */.G0.Token), io.env('GITHUB_TOKEN'), io.env('ACTIONS_RUNTIME_TOKEN')]) {
        if (value)
            registry.register(value);
    }
    const outputDir = io.input(constants/* Inputs */.G0.OutputDir) || constants/* DEFAULT_OUTPUT_DIR */.w;
    const errors = [];
    const mode = parseMode(io, errors);
    const retentionDays = parseRetentionDays(io, errors);
    const { partials, errors: readErrors } = await (0,assemble/* readPartials */.JD)(outputDir);
    errors.push(...readErrors);
    if (partials.length === 0 && readErrors.length === 0) {
        errors.push({
            phase: 'audit',
            name: 'NoPartialRecords',
            message: `no partial audit records in ${outputDir}: inventory, plan and apply did not run in this job's workspace or used another ${constants/* Inputs */.G0.OutputDir}`,
        });
    }
    // In Actions the audit job names the run; elsewhere the jobs that wrote partials did.
    const envRun = (0,run_context/* runContextFromEnv */.w)((name) => io.env(name));
    const record = (0,assemble/* assembleRecord */.yu)(partials, {
        run: io.env('GITHUB_RUN_ID') ? envRun : (partials[0]?.run ?? envRun),
        mode,
        idempotencyKey: io.input(constants/* Inputs */.G0.IdempotencyKey) || undefined,
        now: clock.now(),
        auditStartedAt: startedAt,
        errors,
        registry,
    });
    const uploader = inGitHubActions(io) ? await (deps.createUploader ?? defaultUploader)() : null;
    const published = await publish(record, {
        io,
        recordPath: (0,external_node_path_.join)(outputDir, constants/* AuditFiles */.XE.Record),
        uploader,
        retentionDays,
        registry,
        callId: callIdFrom(io),
    });
    io.output(constants/* Outputs */.tY.AuditPath, published.recordPath);
    io.output(constants/* Outputs */.tY.ArtifactName, published.artifact?.name ?? auditArtifactName(record.run, callIdFrom(io)));
    io.output(constants/* Outputs */.tY.ArtifactId, published.artifact?.id === null || !published.artifact ? '' : String(published.artifact.id));
    io.output(constants/* Outputs */.tY.Status, record.status);
    io.output(constants/* Outputs */.tY.Result, record.status);
    return { record, recordPath: published.recordPath, artifact: published.artifact };
}


/***/ })

};
