export const id = 483;
export const ids = [483];
export const modules = {

/***/ 56145:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ readObservedFile),
/* harmony export */   j: () => (/* binding */ readObservedInput)
/* harmony export */ });
/* harmony import */ var _plan_observed_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(29091);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(29255);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(72729);



/** Reads the observed state from a file, or merges every inventory's file under a directory. */
function readObservedInput(path, warn = () => { }) {
    const files = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .observedFiles */ .IJ)(path);
    if (files.length === 0) {
        // Every inventory failed: plan anyway, so each lane comes out blocked with observation_failed.
        warn(`${path} holds no observed.json: no inventory succeeded, so every lane is blocked until one does`);
        return { schemaVersion: 1, observedAt: new Date(0).toISOString(), github: [], hosts: {} };
    }
    return (0,_plan_observed_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .mergeObservedStates */ .Jm)(files.map((f) => readObservedFile(f)));
}
function readObservedFile(file) {
    const raw = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .readJsonFile */ .JE)(file, 'observed state', 'run `lanekeeper inventory` first, or pass --observed FILE');
    try {
        return (0,_plan_observed_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .parseObservedState */ .bd)(raw);
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputFileError */ .T(file, `not an observed-state file: ${e.message.split('\n').slice(0, 6).join(' ')}`);
    }
}


/***/ }),

/***/ 74483:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPlan: () => (/* binding */ runPlan)
/* harmony export */ });
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27242);
/* harmony import */ var _policy_load_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17154);
/* harmony import */ var _plan_planner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37621);
/* harmony import */ var _plan_render_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(30031);
/* harmony import */ var _plan_types_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9898);
/* harmony import */ var _util_clock_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(97110);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(72729);
/* harmony import */ var _observed_input_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(56145);
/* harmony import */ var _recording_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(89196);









/** `plan`: policy + observed state → plan file, outputs and a summary. Mutates nothing. */
async function runPlan(io, clock = _util_clock_js__WEBPACK_IMPORTED_MODULE_4__/* .systemClock */ .m) {
    const policyPath = io.input(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Policy) || _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_POLICY_PATH */ .lo;
    const outputDir = io.input(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.OutputDir) || _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_OUTPUT_DIR */ .w;
    const observedPath = io.input(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Observed) || _files_js__WEBPACK_IMPORTED_MODULE_5__/* .OutputFiles */ .RL.observed(outputDir);
    const only = io.input(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Lane) || 'all';
    const recorder = (0,_recording_js__WEBPACK_IMPORTED_MODULE_7__/* .recorderFor */ .u)(io, 'plan', clock);
    return (0,_recording_js__WEBPACK_IMPORTED_MODULE_7__/* .recording */ .o)(recorder, outputDir, async () => {
        const { policy, problems } = (0,_policy_load_js__WEBPACK_IMPORTED_MODULE_1__/* .loadPolicyFile */ .n$)(policyPath);
        recorder.recordPolicyDigest(policy.digest);
        for (const p of problems)
            io.warning(`${p.path}: ${p.message} (fix: ${p.fix})`, { file: policyPath, line: p.line });
        const observed = (0,_observed_input_js__WEBPACK_IMPORTED_MODULE_6__/* .readObservedInput */ .j)(observedPath, (m) => io.warning(m));
        const plan = (0,_plan_planner_js__WEBPACK_IMPORTED_MODULE_2__/* .buildPlan */ .G)(policy, problems, observed, { only });
        const planPath = io.input(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.PlanFile) || _files_js__WEBPACK_IMPORTED_MODULE_5__/* .OutputFiles */ .RL.plan(outputDir);
        (0,_files_js__WEBPACK_IMPORTED_MODULE_5__/* .writeJsonFile */ .An)(planPath, plan);
        (0,_files_js__WEBPACK_IMPORTED_MODULE_5__/* .writeJsonFile */ .An)(_files_js__WEBPACK_IMPORTED_MODULE_5__/* .OutputFiles */ .RL.planObserved(planPath), observed);
        recorder.recordObserved('pre', observed);
        recorder.recordPlan(plan);
        io.output(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.PlanPath, planPath);
        io.output(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.PlanDigest, plan.digest);
        io.output(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Confirmation, (0,_plan_types_js__WEBPACK_IMPORTED_MODULE_8__/* .confirmationPhrase */ .XV)(plan.digest));
        io.output(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Changes, String(plan.counts.changes));
        io.output(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Blocked, String(plan.counts.blocked));
        io.output(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Status, plan.counts.blocked > 0 ? 'blocked' : 'ready');
        await io.summary((0,_plan_render_js__WEBPACK_IMPORTED_MODULE_3__/* .renderPlanMarkdown */ .d$)(plan), (0,_plan_render_js__WEBPACK_IMPORTED_MODULE_3__/* .renderPlanText */ .$D)(plan));
        return { plan, planPath };
    });
}


/***/ }),

/***/ 30031:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $3: () => (/* binding */ ACTION_SYMBOLS),
/* harmony export */   $D: () => (/* binding */ renderPlanText),
/* harmony export */   d$: () => (/* binding */ renderPlanMarkdown)
/* harmony export */ });
/* unused harmony exports countLine, codeSpan */
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9898);

/** One symbol per action, Terraform-style; `!` marks a blocked lane whatever its action. */
const ACTION_SYMBOLS = {
    blocked: '!',
    create: '+',
    adopt: '&',
    reconcile: '~',
    restart: '^',
    remove: '-',
    noop: '=',
};
const ACTION_WORDS = {
    blocked: 'blocked',
    create: 'create',
    adopt: 'adopt',
    reconcile: 'reconcile',
    restart: 'restart',
    remove: 'remove',
    noop: 'no change',
};
function mark(l) {
    return l.status === 'blocked' ? 'blocked' : l.action;
}
function pad(s, n) {
    return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
/** The closing count line, e.g. "Plan: 2 to create, 1 to remove, 3 unchanged, 1 blocked." */
function countLine(plan) {
    const c = plan.counts;
    if (c.lanes === 0)
        return 'Plan: no lanes selected.';
    if (c.changes === 0 && c.blocked === 0)
        return 'No changes. Every lane is as the policy says.';
    const parts = [];
    for (const a of ['create', 'adopt', 'reconcile', 'restart', 'remove']) {
        if (c.byAction[a] > 0)
            parts.push(`${c.byAction[a]} to ${a}`);
    }
    if (c.byAction.noop > 0)
        parts.push(`${c.byAction.noop} unchanged`);
    if (c.blocked > 0)
        parts.push(`${c.blocked} blocked`);
    return `Plan: ${parts.join(', ')}.`;
}
/** Plain-text rendering for the terminal, from the same serialised plan that is audited. */
function renderPlanText(plan) {
    const out = [];
    const hosts = new Set(plan.lanes.map((l) => l.host)).size;
    out.push(`Lanekeeper plan: ${plan.counts.lanes} lane${plan.counts.lanes === 1 ? '' : 's'} on ${hosts} host${hosts === 1 ? '' : 's'}, ${plan.foreign.length} foreign runner${plan.foreign.length === 1 ? '' : 's'}`);
    out.push('');
    const used = [...new Set(plan.lanes.map(mark))];
    if (used.length > 0) {
        out.push(`Symbols: ${used.map((m) => `${ACTION_SYMBOLS[m]} ${ACTION_WORDS[m]}`).join(', ')}`);
        out.push('');
        const w = {
            lane: Math.max(4, ...plan.lanes.map((l) => l.lane.length)),
            host: Math.max(4, ...plan.lanes.map((l) => l.host.length)),
            shape: Math.max(5, ...plan.lanes.map((l) => l.shape.length)),
            action: 9,
        };
        out.push(`  ${pad('LANE', w.lane)}  ${pad('HOST', w.host)}  ${pad('SHAPE', w.shape)}  ${pad('ACTION', w.action)}  REASON`);
        for (const l of plan.lanes) {
            out.push(`${ACTION_SYMBOLS[mark(l)]} ${pad(l.lane, w.lane)}  ${pad(l.host, w.host)}  ${pad(l.shape, w.shape)}  ${pad(ACTION_WORDS[mark(l)], w.action)}  ${l.reason}`);
            for (const b of l.blockers) {
                out.push(`      blocker ${b.code}${b.path ? ` at ${b.path}` : ''}: ${b.message}`);
                out.push(`        fix: ${b.fix}`);
            }
        }
    }
    if (plan.warnings?.length) {
        out.push('');
        out.push('Warnings (accepted risks):');
        for (const w of plan.warnings)
            out.push(`  ${w.path}: ${w.message}`);
    }
    if (plan.policyProblems.length > 0) {
        out.push('');
        out.push('Policy problems:');
        for (const p of plan.policyProblems)
            out.push(`  ${p.path ?? ''}: ${p.message} (fix: ${p.fix})`);
    }
    if (plan.foreign.length > 0) {
        out.push('');
        out.push('Foreign runners (no managed label: observed, never touched):');
        for (const f of plan.foreign) {
            out.push(`  ${f.scope}  #${f.id} ${f.name}  ${f.status}  [${f.labels.map((x) => x.name).join(', ')}]`);
        }
    }
    if (plan.unclaimed.length > 0) {
        out.push('');
        out.push('Unclaimed (reported, never touched):');
        for (const u of plan.unclaimed)
            out.push(`  ${u.host}  ${u.kind} ${u.name}: ${u.detail}`);
    }
    out.push('');
    out.push(countLine(plan));
    out.push(`Digest: sha256:${plan.digest}`);
    if (plan.counts.changes > 0)
        out.push(`To apply the ready lanes, confirm with: ${(0,_types_js__WEBPACK_IMPORTED_MODULE_0__/* .confirmationPhrase */ .XV)(plan.digest)}`);
    return out.join('\n') + '\n';
}
/**
 * A code span that holds any text: names of unclaimed directories and units come from the host,
 * so a backtick, a control character or a line break in one must not end the span and turn the
 * rest into Markdown or HTML of the job summary.
 */
function codeSpan(s) {
    const text = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longest + 1);
    const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${text}${pad}${fence}`;
}
function cell(s) {
    return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
/** Markdown for the job summary: heading with the digest, one table row per lane, raw JSON folded. */
function renderPlanMarkdown(plan) {
    const out = [];
    out.push(`### Lanekeeper plan \`${plan.digest.slice(0, 12)}\``);
    out.push('');
    out.push(`**${countLine(plan)}**`);
    out.push('');
    for (const w of plan.policyProblems.filter((p) => p.code === 'approval_gate_waived')) {
        out.push(`> **Warning (${w.code}):** ${cell(w.message)}. Fix: ${cell(w.fix)}.`);
        out.push('');
    }
    if (plan.lanes.length > 0) {
        out.push('| | Lane | Host | Shape | Action | Reason |');
        out.push('|---|---|---|---|---|---|');
        for (const l of plan.lanes) {
            const reason = l.blockers.length > 0 ? l.blockers.map((b) => `**${b.code}**: ${b.message} — fix: ${b.fix}`).join('<br>') : l.reason;
            out.push(`| \`${ACTION_SYMBOLS[mark(l)]}\` | ${cell(l.lane)} | ${cell(l.host)} | ${l.shape} | ${ACTION_WORDS[mark(l)]} | ${cell(reason)} |`);
        }
        out.push('');
    }
    if (plan.warnings?.length) {
        out.push('**Warnings (accepted risks):**');
        out.push('');
        for (const w of plan.warnings)
            out.push(`- \`${cell(w.path)}\`: ${cell(w.message)}`);
        out.push('');
    }
    if (plan.foreign.length > 0) {
        out.push(`<details><summary>${plan.foreign.length} foreign runner(s): observed, never touched</summary>`);
        out.push('');
        out.push('| Scope | Id | Name | Status | Labels |');
        out.push('|---|---|---|---|---|');
        for (const f of plan.foreign)
            out.push(`| ${f.scope} | ${f.id} | ${cell(f.name)} | ${f.status} | ${cell(f.labels.map((x) => x.name).join(', '))} |`);
        out.push('');
        out.push('</details>');
        out.push('');
    }
    if (plan.unclaimed.length > 0) {
        out.push('**Unclaimed (reported, never touched):**');
        out.push('');
        for (const u of plan.unclaimed)
            out.push(`- ${cell(u.host)}: ${u.kind} ${codeSpan(u.name)} — ${cell(u.detail)}`);
        out.push('');
    }
    out.push(`Digest: \`sha256:${plan.digest}\``);
    out.push('');
    if (plan.counts.changes > 0) {
        out.push(`To apply the ready lanes, run the workflow with mode \`apply\` and confirmation:`);
        out.push('');
        out.push('```');
        out.push((0,_types_js__WEBPACK_IMPORTED_MODULE_0__/* .confirmationPhrase */ .XV)(plan.digest));
        out.push('```');
        out.push('');
    }
    out.push('<details><summary>Plan JSON</summary>');
    out.push('');
    out.push('```json');
    out.push(JSON.stringify(plan, null, 2));
    out.push('```');
    out.push('');
    out.push('</details>');
    return out.join('\n') + '\n';
}


/***/ })

};
