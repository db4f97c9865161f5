export const id = 315;
export const ids = [315];
export const modules = {

/***/ 36315:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AppInstallationError: () => (/* binding */ AppInstallationError),
/* harmony export */   RENEW_BEFORE_MS: () => (/* binding */ RENEW_BEFORE_MS),
/* harmony export */   installationTokens: () => (/* binding */ installationTokens)
/* harmony export */ });
/* harmony import */ var _octokit_auth_app__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76479);
/* harmony import */ var _octokit_request__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57561);
/* harmony import */ var _util_clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(97110);
/**
 * GitHub App installation tokens minted and renewed by the action itself (@octokit/auth-app).
 * An installation token lives one hour and an apply may run two; a token minted once by the
 * workflow would die halfway. Here every request asks for the current token, and a token is
 * replaced `RENEW_BEFORE_MS` before the `expires_at` GitHub gave it. One token per owner: the
 * installation is looked up for the one owner the lanes belong to, and the token is limited to
 * the permissions and repositories the command needs.
 */



/** Renew this long before the token's own expiry. */
const RENEW_BEFORE_MS = 10 * 60_000;
class AppInstallationError extends Error {
    name = 'AppInstallationError';
}
/** A function that returns a live installation token, minting a new one when the last is close to expiry. */
function installationTokens(credentials, options) {
    const clock = options.clock ?? _util_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m;
    const request = _octokit_request__WEBPACK_IMPORTED_MODULE_1__/* .request */ .E.defaults({ baseUrl: options.baseUrl });
    const entries = new Map();
    const auth = (0,_octokit_auth_app__WEBPACK_IMPORTED_MODULE_2__/* .createAppAuth */ .K)({
        appId: credentials.appId,
        privateKey: credentials.privateKey,
        request,
        // auth-app's cache value is `token|createdAt|expiresAt|…`: an entry counts until RENEW_BEFORE_MS before expiresAt.
        cache: {
            get: (key) => {
                const value = entries.get(key);
                const expiresAt = value ? Date.parse(value.split('|')[2] ?? '') : NaN;
                return value !== undefined && expiresAt - RENEW_BEFORE_MS > clock.now().getTime() ? value : undefined;
            },
            set: (key, value) => void entries.set(key, value),
        },
    });
    let installationId = null;
    let last = '';
    return async () => {
        installationId ??= await findInstallation(auth, request, options.owner);
        const { token } = await auth({
            type: 'installation',
            installationId,
            permissions: { ...options.permissions },
            ...(options.repositories.length > 0 ? { repositoryNames: [...options.repositories] } : {}),
        });
        if (token !== last) {
            last = token;
            options.onToken?.(token);
        }
        return token;
    };
}
async function findInstallation(auth, request, owner) {
    const { token: jwt } = await auth({ type: 'app' });
    const failures = [];
    for (const route of ['GET /orgs/{owner}/installation', 'GET /users/{owner}/installation']) {
        try {
            const { data } = await request(route, { owner, headers: { authorization: `bearer ${jwt}` } });
            return data.id;
        }
        catch (e) {
            failures.push(`${route.replace('{owner}', owner)}: ${e.status ?? e.message}`);
        }
    }
    throw new AppInstallationError(`the GitHub App installation for ${owner} was not found (${failures.join('; ')}). Fix: install the App on ${owner} with the permissions docs/host-setup.md lists, or check app-id and app-private-key.`);
}


/***/ })

};
