export const id = 64;
export const ids = [64];
export const modules = {

/***/ 27538:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Rj: () => (/* binding */ githubFromInputs),
  qJ: () => (/* binding */ hostFromInputs),
  a5: () => (/* binding */ serverUrlFromInputs)
});

// UNUSED EXPORTS: HOST_EXEC_ENV, TOKEN_ENV, workflowRepository

// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(63251);
;// CONCATENATED MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
// pkg/dist-src/index.js


// pkg/dist-src/version.js
var VERSION = "0.0.0-development";

// pkg/dist-src/wrap-request.js
var noop = () => Promise.resolve();
function wrapRequest(state, request, options) {
  return state.retryLimiter.schedule(doRequest, state, request, options);
}
async function doRequest(state, request, options) {
  const { pathname } = new URL(options.url, "http://github.test");
  const isAuth = isAuthRequest(options.method, pathname);
  const isWrite = !isAuth && options.method !== "GET" && options.method !== "HEAD";
  const isSearch = options.method === "GET" && pathname.startsWith("/search/");
  const isGraphQL = pathname.startsWith("/graphql");
  const retryCount = ~~request.retryCount;
  const jobOptions = retryCount > 0 ? { priority: 0, weight: 0 } : {};
  if (state.clustering) {
    jobOptions.expiration = 1e3 * 60;
  }
  if (isWrite || isGraphQL) {
    await state.write.key(state.id).schedule(jobOptions, noop);
  }
  if (isWrite && state.triggersNotification(pathname)) {
    await state.notifications.key(state.id).schedule(jobOptions, noop);
  }
  if (isSearch) {
    await state.search.key(state.id).schedule(jobOptions, noop);
  }
  const req = (isAuth ? state.auth : state.global).key(state.id).schedule(jobOptions, request, options);
  if (isGraphQL) {
    const res = await req;
    if (res.data.errors != null && res.data.errors.some((error) => error.type === "RATE_LIMITED")) {
      const error = Object.assign(new Error("GraphQL Rate Limit Exceeded"), {
        response: res,
        data: res.data
      });
      throw error;
    }
  }
  return req;
}
function isAuthRequest(method, pathname) {
  return method === "PATCH" && // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-a-scoped-access-token
  /^\/applications\/[^/]+\/token\/scoped$/.test(pathname) || method === "POST" && // https://docs.github.com/en/rest/apps/oauth-applications?apiVersion=2022-11-28#reset-a-token
  (/^\/applications\/[^/]+\/token$/.test(pathname) || // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-an-installation-access-token-for-an-app
  /^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) || // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
  pathname === "/login/oauth/access_token");
}

// pkg/dist-src/generated/triggers-notification-paths.js
var triggers_notification_paths_default = [
  "/orgs/{org}/invitations",
  "/orgs/{org}/invitations/{invitation_id}",
  "/orgs/{org}/teams/{team_slug}/discussions",
  "/orgs/{org}/teams/{team_slug}/discussions/{discussion_number}/comments",
  "/repos/{owner}/{repo}/collaborators/{username}",
  "/repos/{owner}/{repo}/commits/{commit_sha}/comments",
  "/repos/{owner}/{repo}/issues",
  "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
  "/repos/{owner}/{repo}/pulls",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
  "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "/repos/{owner}/{repo}/releases",
  "/teams/{team_id}/discussions",
  "/teams/{team_id}/discussions/{discussion_number}/comments"
];

// pkg/dist-src/route-matcher.js
function routeMatcher(paths) {
  const regexes = paths.map(
    (path) => path.split("/").map((c) => c.startsWith("{") ? "(?:.+?)" : c).join("/")
  );
  const regex2 = `^(?:${regexes.map((r) => `(?:${r})`).join("|")})[^/]*$`;
  return new RegExp(regex2, "i");
}

// pkg/dist-src/index.js
var regex = routeMatcher(triggers_notification_paths_default);
var triggersNotification = regex.test.bind(regex);
var groups = {};
var createGroups = function(Bottleneck, common) {
  groups.global = new Bottleneck.Group({
    id: "octokit-global",
    maxConcurrent: 10,
    ...common
  });
  groups.auth = new Bottleneck.Group({
    id: "octokit-auth",
    maxConcurrent: 1,
    ...common
  });
  groups.search = new Bottleneck.Group({
    id: "octokit-search",
    maxConcurrent: 1,
    minTime: 2e3,
    ...common
  });
  groups.write = new Bottleneck.Group({
    id: "octokit-write",
    maxConcurrent: 1,
    minTime: 1e3,
    ...common
  });
  groups.notifications = new Bottleneck.Group({
    id: "octokit-notifications",
    maxConcurrent: 1,
    minTime: 3e3,
    ...common
  });
};
function throttling(octokit, octokitOptions) {
  const {
    enabled = true,
    Bottleneck = light,
    id = "no-id",
    timeout = 1e3 * 60 * 2,
    // Redis TTL: 2 minutes
    connection
  } = octokitOptions.throttle || {};
  if (!enabled) {
    return {};
  }
  const common = { timeout };
  if (typeof connection !== "undefined") {
    common.connection = connection;
  }
  const state = Object.assign(
    {
      clustering: connection != null,
      triggersNotification,
      fallbackSecondaryRateRetryAfter: 60,
      retryAfterBaseValue: 1e3,
      id
    },
    octokitOptions.throttle
  );
  if (typeof state.onSecondaryRateLimit !== "function" || typeof state.onRateLimit !== "function") {
    throw new Error(`octokit/plugin-throttling error:
        You must pass the onSecondaryRateLimit and onRateLimit error handlers.
        See https://octokit.github.io/rest.js/#throttling

        const octokit = new Octokit({
          throttle: {
            onSecondaryRateLimit: (retryAfter, options) => {/* ... */},
            onRateLimit: (retryAfter, options) => {/* ... */}
          }
        })
    `);
  }
  let initialized = false;
  const initializeBottleneck = () => {
    if (initialized) {
      return;
    }
    initialized = true;
    if (groups.global == null) {
      createGroups(Bottleneck, common);
    }
    state.global = state.global ?? groups.global;
    state.auth = state.auth ?? groups.auth;
    state.search = state.search ?? groups.search;
    state.write = state.write ?? groups.write;
    state.notifications = state.notifications ?? groups.notifications;
    state.retryLimiter = state.retryLimiter ?? new Bottleneck();
    const events = {};
    const emitter = new Bottleneck.Events(events);
    events.on("secondary-limit", state.onSecondaryRateLimit);
    events.on("rate-limit", state.onRateLimit);
    events.on(
      "error",
      (e) => octokit.log.warn("Error in throttling-plugin limit handler", e)
    );
    state.retryLimiter.on("failed", async function(error, info) {
      const [state2, request, options] = info.args;
      const { pathname } = new URL(options.url, "http://github.test");
      const shouldRetryGraphQL = pathname.startsWith("/graphql") && error.status !== 401;
      if (!(shouldRetryGraphQL || error.status === 403 || error.status === 429)) {
        return;
      }
      const retryCount = ~~request.retryCount;
      request.retryCount = retryCount;
      options.request.retryCount = retryCount;
      const { wantRetry, retryAfter = 0 } = await (async function() {
        if (/\bsecondary rate\b/i.test(error.message)) {
          const retryAfter2 = Number(error.response.headers["retry-after"]) || state2.fallbackSecondaryRateRetryAfter;
          const wantRetry2 = await emitter.trigger(
            "secondary-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        if (error.response.headers != null && error.response.headers["x-ratelimit-remaining"] === "0" || (error.response.data?.errors ?? []).some(
          (error2) => error2.type === "RATE_LIMITED"
        )) {
          const rateLimitReset = new Date(
            ~~error.response.headers["x-ratelimit-reset"] * 1e3
          ).getTime();
          const retryAfter2 = Math.max(
            // Add one second so we retry _after_ the reset time
            // https://docs.github.com/en/rest/overview/resources-in-the-rest-api?apiVersion=2022-11-28#exceeding-the-rate-limit
            Math.ceil((rateLimitReset - Date.now()) / 1e3) + 1,
            0
          );
          const wantRetry2 = await emitter.trigger(
            "rate-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        return {};
      })();
      if (wantRetry) {
        request.retryCount++;
        return retryAfter * state2.retryAfterBaseValue;
      }
    });
  };
  octokit.hook.wrap("request", (request, options) => {
    initializeBottleneck();
    return wrapRequest(state, request, options);
  });
  return {};
}
throttling.VERSION = VERSION;
throttling.triggersNotification = triggersNotification;


;// CONCATENATED MODULE: ./src/github/octokit-client.ts



const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** Retries of one request after a 5xx, a network failure or a rate limit. */
const DEFAULT_RETRIES = 3;
/** Longest rate-limit wait worth sitting out inside a job; beyond it the call fails and says so. */
const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 300;
/** The `github-api-url` input, else `GITHUB_API_URL`, else api.github.com; no trailing slash. */
function resolveApiUrl(input, env = process.env) {
    const chosen = input?.trim() || env['GITHUB_API_URL']?.trim() || DEFAULT_GITHUB_API_URL;
    return chosen.replace(/\/+$/, '');
}
/** Octokit with retries on 5xx and network failures, and rate limits waited out within bounds. */
function createGitHubClient(options) {
    const retries = options.retries ?? DEFAULT_RETRIES;
    const maxWait = options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS;
    const retryAfterBaseValue = 1_000 * (options.waitScale ?? 1);
    const log = options.log ?? (() => undefined);
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        const retrying = retryCount < retries && retryAfter <= maxWait;
        log(retrying
            ? `GitHub ${kind} on ${request.method} ${request.url}; retry ${retryCount + 1} of ${retries} in ${retryAfter}s`
            : `GitHub ${kind} on ${request.method} ${request.url}; giving up (retried ${retryCount} times, reset in ${retryAfter}s)`);
        return retrying;
    };
    const throttle = {
        retryAfterBaseValue,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        ...(options.spaceWrites === false ? { write: unpacedGroup(), notifications: unpacedGroup() } : {}),
    };
    const auth = options.auth;
    return (0,github/* getOctokit */.Q)(auth ? '' : options.token, {
        // A renewing token: Octokit's auth strategy hook asks for the current token on every request.
        ...(auth ? { auth: 'installation', authStrategy: () => ({ hook: renewingAuthHook(auth) }) } : {}),
        baseUrl: options.baseUrl,
        // Rate limits (403 with remaining 0, 429) are the throttling plugin's: it honours the headers.
        retry: { retries, retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
        throttle,
        log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    }, dist_bundle/* retry */.L, throttling);
}
function renewingAuthHook(auth) {
    return async (request, route, parameters) => {
        const endpoint = request.endpoint.merge(route, parameters);
        endpoint.headers.authorization = `token ${await auth()}`;
        return request(endpoint);
    };
}
/** Stands in for the throttling plugin's write-spacing Bottleneck group and runs jobs at once. */
function unpacedGroup() {
    const limiter = {
        schedule: (...args) => {
            const [first, ...rest] = args;
            const [job, ...jobArgs] = typeof first === 'function' ? [first, ...rest] : rest;
            return Promise.resolve(job(...jobArgs));
        },
    };
    return { key: () => limiter };
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./src/util/secret.ts
var secret = __webpack_require__(47394);
// EXTERNAL MODULE: ./src/policy/types.ts
var types = __webpack_require__(63943);
;// CONCATENATED MODULE: ./src/github/errors.ts

function isOctokitFailure(error) {
    return error instanceof Error && typeof error.status === 'number';
}
/** A GitHub call that failed after the retries it was allowed; the message says what to do. */
class GitHubApiError extends Error {
    name = 'GitHubApiError';
    scope;
    /** HTTP status GitHub answered; `null` when no answer came (connection reset, DNS, ...). */
    status;
    /** Route template, e.g. `GET /repos/{owner}/{repo}/actions/runners`. */
    route;
    requestId;
    constructor(init) {
        const key = (0,types/* scopeKey */.OD)(init.scope);
        const answered = init.status === null ? 'no answer' : `HTTP ${init.status}`;
        const detail = init.detail.trim().replace(/\.+$/, '');
        super(`GitHub ${init.route} for ${key} failed with ${answered}: ${detail}. ${GitHubApiError.hint(init.scope, init.status, detail)}`);
        this.scope = key;
        this.status = init.status;
        this.route = init.route;
        this.requestId = init.requestId;
    }
    static fromFailure(scope, route, error) {
        if (!isOctokitFailure(error)) {
            return new GitHubApiError({ scope, status: null, route, requestId: null, detail: error instanceof Error ? error.message : String(error) });
        }
        const answered = error.response !== undefined;
        const data = error.response?.data;
        const detail = typeof data?.message === 'string' ? data.message : error.message;
        const requestId = error.response?.headers['x-github-request-id'];
        return new GitHubApiError({
            scope,
            status: answered ? error.status : null,
            route,
            requestId: typeof requestId === 'string' ? requestId : null,
            // Octokit already puts the cause of a failed fetch ("other side closed", ...) in the message.
            detail: answered ? detail : error.message,
        });
    }
    /** The fix for a status, in the words of the permission a person has to grant. */
    static hint(scope, status, detail = '') {
        const what = scope.kind === 'repository' ? 'repository' : 'organization';
        const permission = scope.kind === 'repository'
            ? `the "Administration" repository permission (read and write) on ${scope.owner}/${scope.repo}`
            : `the "Self-hosted runners" organization permission (read and write) on ${scope.org}`;
        if (status === null)
            return 'Check that the GitHub API URL (github-api-url) is right and reachable from this runner, then retry.';
        if (status === 401)
            return 'The token is missing, invalid or expired: pass a GitHub App installation token or a fine-grained PAT (GITHUB_TOKEN cannot manage runners).';
        if ((status === 403 || status === 429) && /rate limit/i.test(detail)) {
            return 'GitHub rate-limited the token and the limit did not lift within the retries: run again after the reset, or use a GitHub App token, which has a higher limit.';
        }
        if (status === 403)
            return `Forbidden: the token needs ${permission}.`;
        if (status === 404)
            return `Not found: check the ${what} name, and that the token has ${permission} (GitHub answers 404 when the token cannot see the ${what}).`;
        if (status === 422)
            return 'GitHub refused the request as it stands (a busy runner cannot be deleted; labels must be valid); see the message above.';
        if (status >= 500)
            return 'GitHub kept failing after the retries; try again later (https://www.githubstatus.com).';
        return 'See the message above.';
    }
}

;// CONCATENATED MODULE: ./src/github/octokit-runners.ts



const PER_PAGE = 100;
function toLabel(label) {
    return { name: label.name, type: label.type === 'read-only' ? 'read-only' : 'custom' };
}
function toRunner(runner) {
    return {
        id: runner.id,
        name: runner.name,
        status: runner.status === 'online' ? 'online' : 'offline',
        busy: runner.busy,
        os: runner.os,
        labels: runner.labels.map(toLabel),
        ...(runner.runner_group_id !== undefined ? { runnerGroupId: runner.runner_group_id } : {}),
    };
}
function toLabels(data) {
    return data.labels.map(toLabel);
}
/** Route template and parameters of the runner endpoints of a scope. */
function scopeRoute(scope) {
    return scope.kind === 'repository'
        ? { prefix: '/repos/{owner}/{repo}/actions/runners', params: { owner: scope.owner, repo: scope.repo } }
        : { prefix: '/orgs/{org}/actions/runners', params: { org: scope.org } };
}
function requestIdOf(headers) {
    const id = headers?.['x-github-request-id'];
    return typeof id === 'string' ? id : null;
}
/** The `GitHubRunners` port over Octokit (REST, with the client's retries and throttling). */
class OctokitGitHubRunners {
    #octokit;
    #onSecret;
    #evidence = [];
    constructor(octokit, options) {
        this.#octokit = octokit;
        this.#onSecret = options.onSecret;
    }
    /** One entry per HTTP exchange that ended (list pages count one each), for the audit record. */
    evidence() {
        return [...this.#evidence];
    }
    async listRunners(scope) {
        const { prefix, params } = scopeRoute(scope);
        const route = `GET ${prefix}`;
        const runners = [];
        let started = external_node_perf_hooks_.performance.now();
        try {
            for await (const page of this.#octokit.paginate.iterator(route, { ...params, per_page: PER_PAGE })) {
                this.#record(route, started, page.status, page.headers);
                runners.push(...page.data.map(toRunner));
                started = external_node_perf_hooks_.performance.now();
            }
        }
        catch (error) {
            throw this.#failed(scope, route, started, error);
        }
        return runners;
    }
    async listRunnerGroups(org) {
        return (await this.#orgPages(org, 'GET /orgs/{org}/actions/runner-groups', {})).map((g) => g.name);
    }
    async listRunnerGroupAccess(org) {
        const groups = await this.#orgPages(org, 'GET /orgs/{org}/actions/runner-groups', {});
        return groups.map((g) => ({
            id: g.id,
            name: g.name,
            visibility: g.visibility,
            allowsPublicRepositories: g.allows_public_repositories,
            // GitHub documents both as defaulting to false and [] when left out.
            restrictedToWorkflows: g.restricted_to_workflows ?? false,
            selectedWorkflows: g.selected_workflows ?? [],
        }));
    }
    async listRunnerGroupRepositories(org, groupId) {
        const repositories = await this.#orgPages(org, 'GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories', { runner_group_id: groupId });
        return repositories.map((r) => r.full_name);
    }
    /** Every item of a paginated organisation route, one evidence entry per page. */
    async #orgPages(org, route, params) {
        const items = [];
        let started = external_node_perf_hooks_.performance.now();
        try {
            for await (const page of this.#octokit.paginate.iterator(route, { org, ...params, per_page: PER_PAGE })) {
                this.#record(route, started, page.status, page.headers);
                items.push(...page.data);
                started = external_node_perf_hooks_.performance.now();
            }
        }
        catch (error) {
            throw this.#failed({ kind: 'organization', org }, route, started, error);
        }
        return items;
    }
    async getRunner(scope, runnerId) {
        const response = await this.#call(scope, 'GET', '/{runner_id}', { runner_id: runnerId }, [404]);
        return response.status === 404 ? null : toRunner(response.data);
    }
    async deleteRunner(scope, runnerId) {
        await this.#call(scope, 'DELETE', '/{runner_id}', { runner_id: runnerId }, [404]);
    }
    createRegistrationToken(scope) {
        return this.#token(scope, '/registration-token');
    }
    async generateJitConfig(scope, request) {
        const body = {
            name: request.name,
            runner_group_id: request.runnerGroupId,
            labels: request.labels,
            ...(request.workFolder !== undefined ? { work_folder: request.workFolder } : {}),
        };
        const response = await this.#call(scope, 'POST', '/generate-jitconfig', body);
        const data = response.data;
        return { runner: toRunner(data.runner), encodedJitConfig: this.#secret(data.encoded_jit_config) };
    }
    async addLabels(scope, runnerId, labels) {
        return toLabels((await this.#call(scope, 'POST', '/{runner_id}/labels', { runner_id: runnerId, labels })).data);
    }
    async setLabels(scope, runnerId, labels) {
        return toLabels((await this.#call(scope, 'PUT', '/{runner_id}/labels', { runner_id: runnerId, labels })).data);
    }
    async removeLabel(scope, runnerId, label) {
        return toLabels((await this.#call(scope, 'DELETE', '/{runner_id}/labels/{name}', { runner_id: runnerId, name: label })).data);
    }
    async #token(scope, suffix) {
        const response = await this.#call(scope, 'POST', suffix, {});
        const data = response.data;
        return { token: this.#secret(data.token), expiresAt: data.expires_at };
    }
    #secret(value) {
        this.#onSecret(value);
        return new secret/* Secret */.z(value);
    }
    /** Every single call goes through here: request, evidence, and errors as `GitHubApiError`. */
    async #call(scope, method, suffix, params, acceptedStatuses = []) {
        const { prefix, params: scopeParams } = scopeRoute(scope);
        const route = `${method} ${prefix}${suffix}`;
        const started = external_node_perf_hooks_.performance.now();
        try {
            const response = (await this.#octokit.request(route, { ...scopeParams, ...params }));
            this.#record(route, started, response.status, response.headers);
            return response;
        }
        catch (error) {
            if (isOctokitFailure(error) && error.response && acceptedStatuses.includes(error.status)) {
                this.#record(route, started, error.status, error.response.headers);
                return { status: error.status, headers: error.response.headers, data: error.response.data };
            }
            throw this.#failed(scope, route, started, error);
        }
    }
    #failed(scope, route, started, error) {
        const failure = GitHubApiError.fromFailure(scope, route, error);
        const headers = isOctokitFailure(error) ? error.response?.headers : undefined;
        this.#record(route, started, failure.status ?? 0, headers);
        return failure;
    }
    #record(route, started, status, headers) {
        const [method = '', template = ''] = route.split(' ');
        this.#evidence.push({
            method,
            route: template,
            status,
            requestId: requestIdOf(headers),
            durationMs: Math.round(external_node_perf_hooks_.performance.now() - started),
        });
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./src/host/command-runner.ts
/**
 * How SudoHostAgent reaches a host: a function that runs one argv and returns its output.
 * The default spawns locally; a test rig can run the same argv inside a container by prefix.
 */

/** Runs the argv on this machine, no shell, stdin closed (or fed `stdin`), a minimal environment; kills it (SIGKILL) at the timeout. */
const spawnCommand = (request) => new Promise((resolve, reject) => {
    const [cmd, ...args] = request.argv;
    if (cmd === undefined) {
        reject(new Error('spawnCommand: empty argv'));
        return;
    }
    // A minimal environment: the action's own (INPUT_TOKEN, ACTIONS_RUNTIME_TOKEN, ...) never
    // reaches the helper or the runner scripts; only what the request names is added.
    const env = { PATH: process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...request.env };
    const child = (0,external_node_child_process_.spawn)(cmd, args, { env, stdio: [request.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (request.stdin !== undefined && child.stdin) {
        child.stdin.on('error', () => undefined);
        child.stdin.end(request.stdin);
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
    }, request.timeoutMs);
    child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
    });
    child.on('close', (exitCode, signal) => {
        clearTimeout(timer);
        resolve({ exitCode, signal, stdout, stderr, timedOut });
    });
});
/**
 * A runner that puts `prefix` before every argv, e.g. ['nsenter', '-t', pid, '-a']. The request's
 * `env` reaches the command only through a prefix that passes its environment on (nsenter,
 * runuser); ssh would need SendEnv/AcceptEnv for ACTIONS_RUNNER_INPUT_TOKEN.
 */
function prefixedRunner(prefix, inner = spawnCommand) {
    return (request) => inner({ ...request, argv: [...prefix, ...request.argv] });
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/policy/schema.ts
var schema = __webpack_require__(54139);
// EXTERNAL MODULE: ./src/host/host-config.ts
var host_config = __webpack_require__(2357);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(92857);
// EXTERNAL MODULE: ./src/plan/observed-schema.ts
var observed_schema = __webpack_require__(29091);
// EXTERNAL MODULE: ./src/host/lease-proof.ts
var lease_proof = __webpack_require__(55047);
;// CONCATENATED MODULE: ./src/host/helper-protocol.ts
/**
 * The privileged helper's command-line contract, shared by the helper and its client
 * (SudoHostAgent): verbs, argument names, exit codes, error codes and the JSON replies.
 * Every reply is validated against these schemas on the client side.
 */



const HelperVerbs = (/* unused pure expression or super */ null && ([
    'status',
    'install-or-update-unit',
    'daemon-reload',
    'enable-now',
    'restart',
    'stop',
    'disable',
    'remove-unit',
    'lease-acquire',
    'lease-release',
    'prepare-directory',
    'remove-directory',
]));
/** Verbs that change the host; each needs the lane lease's current fencing token. */
const MutatingVerbs = [
    'install-or-update-unit',
    'daemon-reload',
    'enable-now',
    'restart',
    'stop',
    'disable',
    'remove-unit',
    'prepare-directory',
    'remove-directory',
];
const HelperArgs = {
    Host: '--host',
    Lane: '--lane',
    Root: '--root',
    User: '--user',
    Unit: '--unit',
    FencingToken: '--fencing-token',
    Holder: '--holder',
    TtlSeconds: '--ttl-seconds',
    /** lease-acquire: the plan being applied; the job's OIDC token (audience bound to it) comes on stdin. */
    PlanDigest: '--plan-digest',
};
const HelperExit = {
    Ok: 0,
    Internal: 1,
    InvalidArgument: 2,
    NotFound: 3,
    LeaseConflict: 4,
    SystemdFailure: 5,
    ConfigUntrusted: 6,
    /** lease-acquire without a valid proof of the approved apply job. */
    ProofRefused: 7,
};
const HelperErrorCodes = [
    'USAGE',
    'INVALID_ARGUMENT',
    'LANE_NAME_INVALID',
    'HOST_MISMATCH',
    'ROOT_NOT_ALLOWED',
    'PATH_ESCAPE',
    'SHELL_METACHARACTER',
    'USER_NOT_ALLOWED',
    'USER_MISSING',
    'UNIT_NAME_INVALID',
    'NOT_FOUND',
    'UNIT_NOT_MANAGED',
    'UNIT_ACTIVE',
    'LEASE_HELD',
    'LEASE_MISSING',
    'LEASE_EXPIRED',
    'STALE_FENCING_TOKEN',
    'LOCK_TIMEOUT',
    'SYSTEMD_FAILED',
    'CONFIG_UNTRUSTED',
    'CONFIG_INVALID',
    'PROOF_NOT_CONFIGURED',
    'PROOF_MISSING',
    'PROOF_INVALID',
    'INTERNAL',
    'UNSAFE_OWNERSHIP',
    'USER_SHARED',
    'LANE_NOT_MANAGED',
];
/** The exit code each error code leaves with. */
const EXIT_FOR_ERROR = {
    USAGE: HelperExit.InvalidArgument,
    INVALID_ARGUMENT: HelperExit.InvalidArgument,
    LANE_NAME_INVALID: HelperExit.InvalidArgument,
    HOST_MISMATCH: HelperExit.InvalidArgument,
    ROOT_NOT_ALLOWED: HelperExit.InvalidArgument,
    PATH_ESCAPE: HelperExit.InvalidArgument,
    SHELL_METACHARACTER: HelperExit.InvalidArgument,
    USER_NOT_ALLOWED: HelperExit.InvalidArgument,
    USER_MISSING: HelperExit.InvalidArgument,
    UNIT_NAME_INVALID: HelperExit.InvalidArgument,
    NOT_FOUND: HelperExit.NotFound,
    UNIT_NOT_MANAGED: HelperExit.InvalidArgument,
    UNIT_ACTIVE: HelperExit.SystemdFailure,
    LEASE_HELD: HelperExit.LeaseConflict,
    LEASE_MISSING: HelperExit.LeaseConflict,
    LEASE_EXPIRED: HelperExit.LeaseConflict,
    STALE_FENCING_TOKEN: HelperExit.LeaseConflict,
    LOCK_TIMEOUT: HelperExit.LeaseConflict,
    SYSTEMD_FAILED: HelperExit.SystemdFailure,
    CONFIG_UNTRUSTED: HelperExit.ConfigUntrusted,
    CONFIG_INVALID: HelperExit.ConfigUntrusted,
    PROOF_NOT_CONFIGURED: HelperExit.ProofRefused,
    PROOF_MISSING: HelperExit.ProofRefused,
    PROOF_INVALID: HelperExit.ProofRefused,
    INTERNAL: HelperExit.Internal,
    UNSAFE_OWNERSHIP: HelperExit.InvalidArgument,
    USER_SHARED: HelperExit.InvalidArgument,
    LANE_NOT_MANAGED: HelperExit.InvalidArgument,
};
const LeaseSchema = schemas/* strictObject */.rej({
    lane: schemas/* string */.YjP(),
    holder: schemas/* string */.YjP(),
    fencingToken: schemas/* number */.aig().int().positive(),
    expiresAt: schemas/* string */.YjP(),
    /** The verified OIDC claims of the job that took the lease (absent on leases of older helpers). */
    proof: lease_proof/* LeaseProofSchema */.ky.optional(),
});
const HelperErrorReplySchema = schemas/* strictObject */.rej({
    ok: schemas/* literal */.euz(false),
    verb: schemas/* string */.YjP().optional(),
    error: schemas/* strictObject */.rej({ code: schemas/* enum */.k5n(HelperErrorCodes), message: schemas/* string */.YjP(), fix: schemas/* string */.YjP() }),
});
/** The `status` reply carries a host observation exactly as the planner reads it. */

const StatusReplySchema = schemas/* strictObject */.rej({
    ok: schemas/* literal */.euz(true),
    verb: schemas/* literal */.euz('status'),
    observation: observed_schema/* HostObservationSchema */.u_,
});
const LeaseAcquireReplySchema = schemas/* strictObject */.rej({
    ok: schemas/* literal */.euz(true),
    verb: schemas/* literal */.euz('lease-acquire'),
    lease: LeaseSchema,
    renewed: schemas/* boolean */.zMY(),
});
const LeaseReleaseReplySchema = schemas/* strictObject */.rej({
    ok: schemas/* literal */.euz(true),
    verb: schemas/* literal */.euz('lease-release'),
    lane: schemas/* string */.YjP(),
    released: schemas/* boolean */.zMY(),
});
const UnitReplySchema = schemas/* strictObject */.rej({
    ok: schemas/* literal */.euz(true),
    verb: schemas/* enum */.k5n(MutatingVerbs),
    lane: schemas/* string */.YjP(),
    unit: schemas/* string */.YjP(),
    changed: schemas/* boolean */.zMY(),
});
const ReplySchemas = {
    status: StatusReplySchema,
    'lease-acquire': LeaseAcquireReplySchema,
    'lease-release': LeaseReleaseReplySchema,
    'install-or-update-unit': UnitReplySchema,
    'daemon-reload': UnitReplySchema,
    'enable-now': UnitReplySchema,
    restart: UnitReplySchema,
    stop: UnitReplySchema,
    disable: UnitReplySchema,
    'remove-unit': UnitReplySchema,
    'prepare-directory': UnitReplySchema,
    'remove-directory': UnitReplySchema,
};

// EXTERNAL MODULE: ./src/host/unit.ts
var unit = __webpack_require__(58906);
;// CONCATENATED MODULE: ./src/host/sudo-host-agent.ts
/**
 * HostAgent over the privileged helper, run as `sudo -n <helper> <verb> ...`, and the runner's
 * own scripts run as the lane's service user (`sudo -n -u <user> ...`). Every helper verb goes
 * through one exec → decode → validate path (`#call`); a timeout, a non-JSON reply or a reply
 * that does not match the protocol becomes a HelperError.
 */







/** The environment variable actions/runner's config.sh reads for `--token` (ACTIONS_RUNNER_INPUT_<NAME>). */
const RUNNER_TOKEN_ENV = 'ACTIONS_RUNNER_INPUT_TOKEN';
class HelperError extends Error {
    verb;
    exitCode;
    code;
    detail;
    fix;
    name = 'HelperError';
    constructor(verb, 
    /** The helper's exit code; null when it was killed (timeout) or never started. */
    exitCode, code, detail, fix) {
        super(`host helper ${verb} failed (${code}${exitCode === null ? '' : `, exit ${exitCode}`}): ${detail}. Fix: ${fix}`);
        this.verb = verb;
        this.exitCode = exitCode;
        this.code = code;
        this.detail = detail;
        this.fix = fix;
    }
    /** Lease conflicts and stale tokens: another run owns the lane. */
    get isLeaseConflict() {
        return this.exitCode === HelperExit.LeaseConflict;
    }
    get isNotFound() {
        return this.exitCode === HelperExit.NotFound;
    }
}
class SudoHostAgent {
    host;
    #helper;
    #laneRunner;
    #run;
    #sudo;
    #timeoutMs;
    #longTimeoutMs;
    #leaseProof;
    constructor(options) {
        this.host = options.host;
        this.#helper = options.helperPath ?? host_config/* DEFAULT_HELPER_PATH */.F9;
        this.#laneRunner = options.laneRunnerPath ?? `${(0,external_node_path_.dirname)(this.#helper)}/lane-runner`;
        this.#run = options.run ?? spawnCommand;
        this.#sudo = options.sudo ?? ['sudo', '-n'];
        this.#timeoutMs = options.timeoutMs ?? 60_000;
        this.#longTimeoutMs = options.longTimeoutMs ?? 15 * 60_000;
        this.#leaseProof = options.leaseProof;
    }
    async status(lanes) {
        const reply = await this.#call('status', lanes.flatMap(laneArgs));
        return reply.observation;
    }
    async leaseAcquire(lane, holder, ttlSeconds) {
        const args = [...laneArgs(lane), HelperArgs.Holder, holder, HelperArgs.TtlSeconds, String(ttlSeconds)];
        const proof = this.#leaseProof;
        if (!proof)
            return (await this.#call('lease-acquire', args)).lease;
        // A fresh token per lease: GitHub's ID tokens live minutes, an apply may run for hours.
        let token;
        try {
            token = await proof.idToken((0,lease_proof/* leaseAudience */.lt)(this.host, proof.planDigest));
        }
        catch (e) {
            throw new HelperError('lease-acquire', null, 'COMMAND_FAILED', `could not get the job's OIDC token: ${e.message}`, 'Give the apply job `permissions: id-token: write` (the reusable workflow does); apply proves itself to the host with that token.');
        }
        const reply = await this.#call('lease-acquire', [...args, HelperArgs.PlanDigest, proof.planDigest], this.#timeoutMs, token);
        return reply.lease;
    }
    async leaseRenew(lane, lease, ttlSeconds) {
        const reply = await this.#call('lease-acquire', [
            ...laneArgs(lane),
            HelperArgs.Holder,
            lease.holder,
            HelperArgs.TtlSeconds,
            String(ttlSeconds),
            HelperArgs.FencingToken,
            String(lease.fencingToken),
        ]);
        return reply.lease;
    }
    async leaseRelease(lane, lease) {
        await this.#call('lease-release', [...laneArgs(lane), HelperArgs.Holder, lease.holder, HelperArgs.FencingToken, String(lease.fencingToken)]);
    }
    async installOrUpdateUnit(lane, fencingToken) {
        const reply = await this.#unitVerb('install-or-update-unit', lane, fencingToken);
        return { changed: reply.changed };
    }
    async daemonReload(lane, fencingToken) {
        await this.#unitVerb('daemon-reload', lane, fencingToken);
    }
    async enableNow(lane, fencingToken) {
        await this.#unitVerb('enable-now', lane, fencingToken);
    }
    async restart(lane, fencingToken) {
        await this.#unitVerb('restart', lane, fencingToken);
    }
    async stop(lane, fencingToken) {
        await this.#unitVerb('stop', lane, fencingToken);
    }
    async disable(lane, fencingToken) {
        await this.#unitVerb('disable', lane, fencingToken);
    }
    async removeUnit(lane, fencingToken) {
        await this.#unitVerb('remove-unit', lane, fencingToken);
    }
    // The lane directory is created and removed by the helper, as root: the registration root is
    // root-owned, and the directory belongs to the lane's user with mode 0700.
    async prepareDirectory(lane, fencingToken) {
        assertRunnerSideLane(lane);
        await this.#unitVerb('prepare-directory', lane, fencingToken);
    }
    async removeDirectory(lane, fencingToken) {
        assertRunnerSideLane(lane);
        await this.#unitVerb('remove-directory', lane, fencingToken);
    }
    // config.sh runs through lane-runner, as the lane's service user: the only program sudoers lets
    // the ops user run as a service user (docs/host-setup.md). It checks the lane's marker and
    // fencing token itself, and copies the program files afresh before config.sh runs.
    async configureRunner(lane, fencingToken, registration) {
        assertRunnerSideLane(lane);
        const args = ['configure', lane.root, lane.lane, String(fencingToken), registration.url, registration.labels.join(','), ...(registration.runnerGroup ? [registration.runnerGroup] : [])];
        await this.#asUser(lane, 'configure-runner', args, { [RUNNER_TOKEN_ENV]: registration.token.reveal() });
    }
    async unconfigureRunner(lane, fencingToken) {
        assertRunnerSideLane(lane);
        await this.#asUser(lane, 'unconfigure-runner', ['unconfigure', lane.root, lane.lane, String(fencingToken)]);
    }
    #unitVerb(verb, lane, fencingToken) {
        return this.#call(verb, [...laneArgs(lane), HelperArgs.FencingToken, String(fencingToken)], this.#longTimeoutMs);
    }
    /** The one path every helper verb takes: exec → decode → validate. */
    async #call(verb, args, timeoutMs = this.#timeoutMs, stdin) {
        const argv = [...this.#sudo, this.#helper, verb, HelperArgs.Host, this.host, ...args];
        const result = await this.#exec(verb, { argv, timeoutMs, ...(stdin !== undefined ? { stdin } : {}) });
        const json = decode(result.stdout);
        if (json === undefined) {
            throw new HelperError(verb, result.exitCode, 'BAD_REPLY', `no JSON reply (stderr: ${tail(result.stderr)})`, 'Check that the helper is installed at the configured path and that sudoers allows it (docs/host-setup.md).');
        }
        if (result.exitCode !== HelperExit.Ok) {
            const error = HelperErrorReplySchema.safeParse(json);
            if (!error.success)
                throw new HelperError(verb, result.exitCode, 'BAD_REPLY', `unexpected error reply ${tail(result.stdout)}`, 'Install a helper of the same Lanekeeper version as the action.');
            throw new HelperError(verb, result.exitCode, error.data.error.code, error.data.error.message, error.data.error.fix);
        }
        const schema = ReplySchemas[verb];
        const reply = schema.safeParse(json);
        if (!reply.success) {
            throw new HelperError(verb, result.exitCode, 'BAD_REPLY', `reply does not match the protocol: ${reply.error.issues[0]?.message ?? ''} at ${reply.error.issues[0]?.path.join('.') ?? ''}`, 'Install a helper of the same Lanekeeper version as the action.');
        }
        return reply.data;
    }
    async #asUser(lane, what, args, env) {
        // sudoers keeps ACTIONS_RUNNER_INPUT_TOKEN (env_keep) for lane-runner and nothing else.
        const argv = [this.#laneRunner, ...args];
        const result = await this.#exec(what, {
            argv: [...this.#sudo, '-u', lane.user, '--', ...argv],
            ...(env ? { env } : {}),
            timeoutMs: this.#longTimeoutMs,
        });
        if (result.exitCode !== 0) {
            throw new HelperError(what, result.exitCode, 'COMMAND_FAILED', `${argv[0]} as ${lane.user} failed: ${tail(result.stderr || result.stdout)}`, `Run it by hand as ${lane.user} on ${this.host} to see the full output.`);
        }
    }
    async #exec(verb, request) {
        let result;
        try {
            result = await this.#run(request);
        }
        catch (e) {
            throw new HelperError(verb, null, 'COMMAND_FAILED', `could not start ${request.argv[0]}: ${e.message}`, 'Install sudo and the helper as docs/host-setup.md shows.');
        }
        if (result.timedOut) {
            throw new HelperError(verb, null, 'TIMEOUT', `no answer within ${request.timeoutMs} ms`, `Look at the host: systemctl status; the lane lease stays until it expires.`);
        }
        return result;
    }
}
/** Host inventory for the lanes, or an observation carrying the error (the planner then blocks them). */
async function inventoryHost(agent, lanes) {
    try {
        return await agent.status(lanes);
    }
    catch (e) {
        return { host: agent.host, error: e.message, lanes: {}, unclaimed: [], baseline: [] };
    }
}
/**
 * The runner-side commands run as the service user, not through the helper, so they check the
 * lane's shape here before a path reaches `rm -rf` or `cp`: the helper's checks do not cover them.
 */
function assertRunnerSideLane(lane) {
    const problems = [
        schema/* LANE_NAME_PATTERN */.GR.test(lane.lane) ? null : `lane name ${JSON.stringify(lane.lane)}`,
        host_config/* SAFE_PATH_PATTERN */.X8.test(lane.root) && !lane.root.split('/').includes('..') && lane.root !== '/' ? null : `root ${JSON.stringify(lane.root)}`,
        host_config/* USER_NAME_PATTERN */.x.test(lane.user) && lane.user !== 'root' ? null : `user ${JSON.stringify(lane.user)}`,
    ].filter((p) => p !== null);
    if (problems.length > 0) {
        throw new HelperError('runner-command', null, 'INVALID_ARGUMENT', `unsafe ${problems.join(', ')}`, 'Fix the lane in the policy; the planner blocks such lanes.');
    }
}
function laneArgs(lane) {
    return [HelperArgs.Lane, lane.lane, HelperArgs.Root, lane.root, HelperArgs.User, lane.user, HelperArgs.Unit, lane.unit];
}
function decode(stdout) {
    const line = stdout.trim().split('\n').pop();
    if (!line)
        return undefined;
    try {
        return JSON.parse(line);
    }
    catch {
        return undefined;
    }
}
function tail(text) {
    return text.trim().slice(-500);
}

// EXTERNAL MODULE: ./src/commands/errors.ts
var errors = __webpack_require__(29255);
;// CONCATENATED MODULE: ./src/commands/adapters.ts






/**
 * How the host helper is reached when it is not on this machine's PATH via sudo: a JSON array
 * of words put before every command (e.g. `["nsenter","-t","4242","-a"]` for a container, or
 * `["ssh","ops@box1","--"]`). Empty on an ops runner, which runs on the host itself.
 */
const HOST_EXEC_ENV = 'LANEKEEPER_HOST_EXEC';
/** Where the CLI takes the token from when --token is not given (keeps it out of the process list). */
const TOKEN_ENV = 'LANEKEEPER_TOKEN';
/**
 * The GitHub adapter. With `app-id` and `app-private-key`, the action mints (and renews) the App
 * installation token itself for `access`: the one owner of the lanes, its repositories, and the
 * permissions the command needs. Otherwise `token` (or LANEKEEPER_TOKEN) as given.
 */
function githubFromInputs(io, access) {
    const appId = io.input(constants/* Inputs */.G0.AppId);
    const privateKey = io.input(constants/* Inputs */.G0.AppPrivateKey);
    if (appId || privateKey) {
        if (!appId || !privateKey)
            throw new errors/* InputError */.d(appId ? constants/* Inputs */.G0.AppPrivateKey : constants/* Inputs */.G0.AppId, 'give both "app-id" and "app-private-key", or neither');
        if (!access)
            throw new errors/* InputError */.d(constants/* Inputs */.G0.AppId, 'this command does not take a GitHub App; give "token"');
        io.setSecret(privateKey);
        if (access.owners.length > 1) {
            throw new errors/* InputError */.d(constants/* Inputs */.G0.AppId, `the selected lanes belong to several owners (${access.owners.join(', ')}); a GitHub App installation token covers one owner: run once per owner, or give "token" (a fine-grained token for all of them)`);
        }
        const level = access.write ? 'write' : 'read';
        // Loaded only when an App is given: @octokit/auth-app is not worth its start-up time otherwise.
        let tokens = null;
        const options = {
            baseUrl: resolveApiUrl(io.input(constants/* Inputs */.G0.GitHubApiUrl), { GITHUB_API_URL: io.env('GITHUB_API_URL') }),
            owner: access.owners[0] ?? '',
            repositories: access.repositories,
            permissions: {
                ...(access.repositories.length > 0 ? { administration: level } : {}),
                ...(access.organizations ? { organization_self_hosted_runners: level } : {}),
            },
            onToken: (t) => io.setSecret(t),
        };
        const auth = async () => {
            if (!options.owner)
                throw new errors/* InputError */.d(constants/* Inputs */.G0.AppId, 'no selected lane names a scope, so there is no owner to mint a GitHub App token for');
            tokens ??= (await Promise.all(/* import() */[__webpack_require__.e(479), __webpack_require__.e(315)]).then(__webpack_require__.bind(__webpack_require__, 36315))).installationTokens({ appId, privateKey }, options);
            return tokens();
        };
        const env = { GITHUB_API_URL: io.env('GITHUB_API_URL') };
        const octokit = createGitHubClient({ token: '', auth, baseUrl: resolveApiUrl(io.input(constants/* Inputs */.G0.GitHubApiUrl), env), log: (m) => io.info(m) });
        return new OctokitGitHubRunners(octokit, { onSecret: (s) => io.setSecret(s) });
    }
    const token = io.input(constants/* Inputs */.G0.Token) || io.env(TOKEN_ENV) || '';
    if (!token) {
        throw new errors/* InputError */.d(constants/* Inputs */.G0.Token, `input "token" is empty (CLI: set ${TOKEN_ENV}, which keeps it out of the process list): give a GitHub App installation token or a fine-grained PAT with runner administration (GITHUB_TOKEN cannot manage self-hosted runners)`);
    }
    io.setSecret(token);
    const env = { GITHUB_API_URL: io.env('GITHUB_API_URL') };
    const octokit = createGitHubClient({ token, baseUrl: resolveApiUrl(io.input(constants/* Inputs */.G0.GitHubApiUrl), env), log: (m) => io.info(m) });
    return new OctokitGitHubRunners(octokit, { onSecret: (s) => io.setSecret(s) });
}
function serverUrlFromInputs(io) {
    return (io.input(constants/* Inputs */.G0.GitHubServerUrl) || io.env('GITHUB_SERVER_URL') || 'https://github.com').replace(/\/+$/, '');
}
/** The host this job runs on, or null when the `host` input is empty (GitHub-only inventory). */
function hostFromInputs(io, leaseProof) {
    const host = io.input(constants/* Inputs */.G0.Host);
    if (!host)
        return null;
    const prefix = parseHostExec(io.env(HOST_EXEC_ENV));
    const helper = io.input(constants/* Inputs */.G0.Helper);
    return new SudoHostAgent({
        host,
        ...(helper ? { helperPath: helper } : {}),
        run: prefix.length > 0 ? prefixedRunner(prefix) : spawnCommand,
        ...(leaseProof ? { leaseProof } : {}),
    });
}
function parseHostExec(value) {
    if (!value)
        return [];
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        throw new errors/* InputError */.d(HOST_EXEC_ENV, `${HOST_EXEC_ENV} must be a JSON array of words, e.g. ["nsenter","-t","4242","-a"]`);
    }
    if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string' && w.length > 0)) {
        throw new errors/* InputError */.d(HOST_EXEC_ENV, `${HOST_EXEC_ENV} must be a JSON array of non-empty strings`);
    }
    return parsed;
}
/** The repository running the workflow, from `GITHUB_REPOSITORY` (the runner sets it), as "owner/name". */
function workflowRepository(io) {
    const fullName = io.env('GITHUB_REPOSITORY') ?? '';
    const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(fullName);
    if (!m)
        throw new InputError('GITHUB_REPOSITORY', 'GITHUB_REPOSITORY must name the repository that runs the workflow ("owner/name"); the workflow sets it');
    return { owner: m[1], repo: m[2], fullName };
}


/***/ }),

/***/ 65586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OX: () => (/* binding */ scopesAccess)
/* harmony export */ });
/* unused harmony exports MATRIX_HOST_PATTERN, hostMatrix, tokenScopes */
/* harmony import */ var _host_host_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2357);
/* harmony import */ var _plan_planner_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37621);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(29255);
/**
 * The hosts the workflow fans out over (`lanekeeper hosts --json`): the approved hosts of the
 * selected lanes. Host names end up in artifact names and runner labels, so each is checked; a
 * lane selection that matches nothing is an error naming the lanes the policy has, not an empty
 * matrix and a green run.
 */




/** Artifact names forbid `"` `:` `<` `>` `|` `*` `?` `\` `/` and line breaks; labels forbid commas. */
const MATRIX_HOST_PATTERN = (/* unused pure expression or super */ null && (HOST_NAME_PATTERN));
function hostMatrix(policy, only) {
    const lanes = selectLanes(policy.lanes, only);
    if (lanes.length === 0 && only !== 'all') {
        // A pool's lanes are selected by their base name too (`ci` selects ci-1..N).
        const bases = policy.lanes.flatMap((l) => (/-\d+$/.test(l.name) ? [l.name.replace(/-\d+$/, '')] : []));
        const known = [...new Set([...policy.lanes.map((l) => l.name), ...bases])].sort();
        throw new InputError(Inputs.Lane, `no lane of the policy is called "${only}"; the policy has: ${known.join(', ') || '(no lanes)'}, or use "all"`);
    }
    const names = [...new Set(lanes.map((l) => l.host))].sort();
    for (const host of names) {
        if (!MATRIX_HOST_PATTERN.test(host)) {
            throw new InputError(Inputs.Policy, `host name ${JSON.stringify(host)} is not a host name (letters, digits, "." and "-", starting with a letter or digit): it becomes a runner label and part of artifact names; rename it in the policy`);
        }
    }
    const approved = (h) => policy.hosts[h]?.approved === true;
    return { hosts: names.filter(approved), unapproved: names.filter((h) => !approved(h)) };
}
/** What an App installation token must cover for the selected lanes: one token per owner. */
function tokenScopes(policy, only) {
    return scopesAccess(selectLanes(policy.lanes, only).map((l) => l.scope));
}
/** The owners, repository names and organisation flag of a list of scopes. */
function scopesAccess(scopes) {
    const owners = new Set();
    const repositories = new Set();
    let organizations = false;
    for (const scope of scopes) {
        if (scope.kind === 'repository') {
            owners.add(scope.owner);
            repositories.add(scope.repo);
        }
        else {
            owners.add(scope.org);
            organizations = true;
        }
    }
    return { owners: [...owners].sort(), repositories: [...repositories].sort(), organizations };
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
