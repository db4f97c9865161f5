/**
 * The Actions artifact service, as much of it as @actions/artifact (v6) uses to upload:
 * - twirp JSON `POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`,
 *   answering `{ ok, signed_upload_url }` with a URL that points back at this service;
 * - the Azure Blob block upload @azure/storage-blob performs against that URL
 *   (`PUT ?comp=block&blockid=…`, then `PUT ?comp=blocklist`; also a single-shot `PUT`);
 * - `FinalizeArtifact`, answering `{ ok, artifact_id }` after checking size and sha256;
 * - for tests: `GET /_sim/artifacts` (list) and `GET /_sim/artifacts/{id}/zip` (the bytes).
 * Calls must carry a runtime token (see artifact-token.ts) for the run and job they name.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../util/clock.js';
import { DEFAULT_RUNTIME_TOKEN_KEY, mintRuntimeToken, verifyRuntimeToken, type BackendIds } from './artifact-token.js';

/** The handler contract of the GitHub simulator's `use(handler)`: true when it answered. */
export type SimHandler = (req: IncomingMessage, res: ServerResponse, ctx: { url: URL; body: Buffer }) => Promise<boolean>;

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
const BLOB_PREFIX = '/_sim/blob/artifacts/';
const LIST_PATH = '/_sim/artifacts';
const STORAGE_VERSION = '2025-11-05';

export interface StoredArtifact {
  readonly id: number;
  readonly name: string;
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly mimeType: string | null;
  /** Set by FinalizeArtifact. */
  finalized: boolean;
  size: number;
  /** `sha256:<hex>` as the client reported and the service checked. */
  hash: string | null;
  /** Committed blob content (the zip); null until the block list is committed. */
  blob: Buffer | null;
  readonly blocks: Map<string, Buffer>;
  readonly blobKey: string;
}

export interface ArtifactSummary {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly hash: string | null;
  readonly finalized: boolean;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ArtifactServiceOptions {
  readonly clock?: Clock | undefined;
  /** HMAC key for runtime tokens and upload URL signatures. */
  readonly key?: string | undefined;
}

export class ArtifactService {
  readonly #clock: Clock;
  readonly #key: string;
  readonly #artifacts: StoredArtifact[] = [];
  #nextId = 1000;

  constructor(options: ArtifactServiceOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#key = options.key ?? DEFAULT_RUNTIME_TOKEN_KEY;
  }

  /** A runtime token for `ACTIONS_RUNTIME_TOKEN`, signed with this service's key. */
  mintRuntimeToken(ids: BackendIds = { workflowRunBackendId: randomUUID(), workflowJobRunBackendId: randomUUID() }): string {
    return mintRuntimeToken(ids, { key: this.#key, now: this.#clock.now() });
  }

  list(): ArtifactSummary[] {
    return this.#artifacts.map(summarise);
  }

  /** The uploaded archive of a finalized artifact, by id or name (the latest of that name). */
  artifactZip(idOrName: number | string): Buffer | undefined {
    const found = this.#find(idOrName);
    return found?.finalized && found.blob ? Buffer.from(found.blob) : undefined;
  }

  readonly handler: SimHandler = async (req, res, ctx) => {
    const path = ctx.url.pathname;
    if (req.method === 'POST' && path.startsWith(TWIRP_PREFIX)) {
      this.#twirp(req, res, path.slice(TWIRP_PREFIX.length), ctx.body);
      return true;
    }
    if (path.startsWith(BLOB_PREFIX)) {
      this.#blob(req, res, ctx.url, ctx.body);
      return true;
    }
    if (req.method === 'GET' && (path === LIST_PATH || path.startsWith(`${LIST_PATH}/`))) {
      this.#testRoute(res, ctx.url);
      return true;
    }
    return false;
  };

  #find(idOrName: number | string): StoredArtifact | undefined {
    const matches = this.#artifacts.filter((a) => (typeof idOrName === 'number' ? a.id === idOrName : a.name === idOrName));
    return matches[matches.length - 1];
  }

  // --- twirp -------------------------------------------------------------------------------

  #twirp(req: IncomingMessage, res: ServerResponse, method: string, body: Buffer): void {
    try {
      const ids = this.#authenticate(req);
      const request = parseJson(body);
      const requestIds = {
        workflowRunBackendId: stringField(request, 'workflow_run_backend_id'),
        workflowJobRunBackendId: stringField(request, 'workflow_job_run_backend_id'),
      };
      if (requestIds.workflowRunBackendId !== ids.workflowRunBackendId || requestIds.workflowJobRunBackendId !== ids.workflowJobRunBackendId) {
        throw new TwirpError(403, 'permission_denied', 'the runtime token does not grant this workflow run and job');
      }
      let answer: unknown;
      if (method === 'CreateArtifact') answer = this.#createArtifact(req, ids, request);
      else if (method === 'FinalizeArtifact') answer = this.#finalizeArtifact(ids, request);
      else throw new TwirpError(404, 'bad_route', `no such method: ${method}`);
      sendJson(res, 200, answer);
    } catch (error) {
      const e = error instanceof TwirpError ? error : new TwirpError(500, 'internal', String(error));
      sendJson(res, e.status, { code: e.code, msg: e.message });
    }
  }

  #authenticate(req: IncomingMessage): BackendIds {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new TwirpError(401, 'unauthenticated', 'missing bearer token');
    const result = verifyRuntimeToken(match[1]!, this.#key, this.#clock.now());
    if ('error' in result) throw new TwirpError(401, 'unauthenticated', `invalid runtime token: ${result.error}`);
    return result;
  }

  #createArtifact(req: IncomingMessage, ids: BackendIds, request: Record<string, unknown>): unknown {
    const name = stringField(request, 'name');
    if (!name) throw new TwirpError(400, 'invalid_argument', 'name is required');
    const version = request['version'];
    if (typeof version !== 'number' || version < 4) throw new TwirpError(400, 'invalid_argument', 'artifact version 4 or later is required');
    const existing = this.#artifacts.find((a) => a.workflowRunBackendId === ids.workflowRunBackendId && a.name === name && a.finalized);
    if (existing) throw new TwirpError(409, 'already_exists', `an artifact with this name already exists on the workflow run: ${name}`);

    const blobKey = randomUUID();
    const mime = request['mime_type'];
    const artifact: StoredArtifact = {
      id: this.#nextId++,
      name,
      ...ids,
      createdAt: this.#clock.now().toISOString(),
      expiresAt: typeof request['expires_at'] === 'string' ? request['expires_at'] : null,
      mimeType: typeof mime === 'string' ? mime : mime && typeof mime === 'object' && 'value' in mime ? String(mime.value) : null,
      finalized: false,
      size: 0,
      hash: null,
      blob: null,
      blocks: new Map(),
      blobKey,
    };
    // A retried CreateArtifact for an unfinished upload replaces the earlier attempt.
    const unfinished = this.#artifacts.findIndex((a) => a.workflowRunBackendId === ids.workflowRunBackendId && a.name === name && !a.finalized);
    if (unfinished >= 0) this.#artifacts.splice(unfinished, 1);
    this.#artifacts.push(artifact);

    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const expiry = new Date(this.#clock.now().getTime() + 6 * 3600_000).toISOString();
    const blobPath = `${BLOB_PREFIX}${blobKey}/${encodeURIComponent(name)}.zip`;
    const query = new URLSearchParams({ sv: STORAGE_VERSION, sr: 'b', sp: 'cw', se: expiry, sig: this.#signBlob(blobKey, expiry) });
    return { ok: true, signed_upload_url: `${origin}${blobPath}?${query.toString()}` };
  }

  #finalizeArtifact(ids: BackendIds, request: Record<string, unknown>): unknown {
    const name = stringField(request, 'name');
    const artifact = this.#artifacts.find((a) => a.workflowRunBackendId === ids.workflowRunBackendId && a.name === name && !a.finalized);
    if (!artifact) throw new TwirpError(404, 'not_found', `no artifact upload in progress named ${name}`);
    if (!artifact.blob) throw new TwirpError(412, 'failed_precondition', `nothing was uploaded for ${name}`);
    const size = Number(request['size'] ?? 0);
    if (size !== artifact.blob.length) {
      throw new TwirpError(400, 'invalid_argument', `size ${size} does not match the ${artifact.blob.length} bytes uploaded`);
    }
    const hash = request['hash'];
    const hashText = typeof hash === 'string' ? hash : hash && typeof hash === 'object' && 'value' in hash ? String(hash.value) : null;
    if (hashText !== null) {
      const actual = `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`;
      if (hashText !== actual) throw new TwirpError(400, 'invalid_argument', `hash ${hashText} does not match the upload (${actual})`);
    }
    artifact.finalized = true;
    artifact.size = artifact.blob.length;
    artifact.hash = hashText;
    return { ok: true, artifact_id: String(artifact.id) };
  }

  // --- blob storage ------------------------------------------------------------------------

  #signBlob(blobKey: string, expiry: string): string {
    return createHmac('sha256', this.#key).update(`${blobKey}\n${expiry}`).digest('base64');
  }

  #blob(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const requestId = randomUUID();
    const version = headerValue(req, 'x-ms-version') ?? STORAGE_VERSION;
    const base = { 'x-ms-request-id': requestId, 'x-ms-version': version, date: this.#clock.now().toUTCString() };
    const clientRequestId = headerValue(req, 'x-ms-client-request-id');
    const headers: Record<string, string> = clientRequestId ? { ...base, 'x-ms-client-request-id': clientRequestId } : base;

    const key = url.pathname.slice(BLOB_PREFIX.length).split('/')[0] ?? '';
    const expiry = url.searchParams.get('se') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    if (sig !== this.#signBlob(key, expiry) || !(Date.parse(expiry) >= this.#clock.now().getTime())) {
      return sendStorageError(res, 403, 'AuthenticationFailed', 'Server failed to authenticate the request.', headers);
    }
    const artifact = this.#artifacts.find((a) => a.blobKey === key && !a.finalized);
    if (!artifact) return sendStorageError(res, 404, 'BlobNotFound', 'The specified blob does not exist.', headers);
    if (req.method !== 'PUT') return sendStorageError(res, 405, 'UnsupportedHttpVerb', 'The resource does not support the verb.', headers);

    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid');
      if (!blockId) return sendStorageError(res, 400, 'InvalidQueryParameterValue', 'blockid is required.', headers);
      artifact.blocks.set(blockId, Buffer.from(body));
      res.writeHead(201, { ...headers, 'x-ms-request-server-encrypted': 'true', 'content-length': '0' });
      res.end();
      return;
    }
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)].map((m) => xmlUnescape(m[2]!));
      const missing = ids.filter((id) => !artifact.blocks.has(id));
      if (missing.length > 0) return sendStorageError(res, 400, 'InvalidBlockList', `The specified block list is invalid (${missing.length} unknown blocks).`, headers);
      this.#commit(artifact, Buffer.concat(ids.map((id) => artifact.blocks.get(id)!)));
      res.writeHead(201, { ...headers, ...this.#blobHeaders(artifact), 'content-length': '0' });
      res.end();
      return;
    }
    if (comp === null && headerValue(req, 'x-ms-blob-type') === 'BlockBlob') {
      this.#commit(artifact, Buffer.from(body));
      res.writeHead(201, { ...headers, ...this.#blobHeaders(artifact), 'content-length': '0' });
      res.end();
      return;
    }
    sendStorageError(res, 400, 'InvalidQueryParameterValue', `Unsupported blob operation (comp=${comp ?? 'none'}).`, headers);
  }

  #commit(artifact: StoredArtifact, content: Buffer): void {
    artifact.blob = content;
    artifact.blocks.clear();
  }

  #blobHeaders(artifact: StoredArtifact): Record<string, string> {
    const md5 = createHash('md5').update(artifact.blob ?? Buffer.alloc(0)).digest('base64');
    return {
      etag: `"0x${createHash('sha1').update(artifact.blob ?? Buffer.alloc(0)).digest('hex').slice(0, 15).toUpperCase()}"`,
      'last-modified': this.#clock.now().toUTCString(),
      'content-md5': md5,
      'x-ms-request-server-encrypted': 'true',
    };
  }

  // --- test routes -------------------------------------------------------------------------

  #testRoute(res: ServerResponse, url: URL): void {
    const rest = url.pathname.slice(LIST_PATH.length).split('/').filter(Boolean);
    if (rest.length === 0) {
      const name = url.searchParams.get('name');
      sendJson(res, 200, { artifacts: this.list().filter((a) => name === null || a.name === name) });
      return;
    }
    const artifact = this.#find(Number(rest[0]));
    if (!artifact) return sendJson(res, 404, { message: `no artifact ${rest[0]}` });
    if (rest.length === 1) return sendJson(res, 200, summarise(artifact));
    if (rest.length === 2 && rest[1] === 'zip' && artifact.finalized && artifact.blob) {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(artifact.blob.length) });
      res.end(artifact.blob);
      return;
    }
    sendJson(res, 404, { message: 'not found' });
  }
}

function summarise(a: StoredArtifact): ArtifactSummary {
  return {
    id: a.id,
    name: a.name,
    size: a.size,
    hash: a.hash,
    finalized: a.finalized,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
    workflowRunBackendId: a.workflowRunBackendId,
    workflowJobRunBackendId: a.workflowJobRunBackendId,
  };
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new TwirpError(400, 'malformed', 'the request body is not a JSON object');
}

function stringField(request: Record<string, unknown>, key: string): string {
  const value = request[key];
  return typeof value === 'string' ? value : '';
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function xmlUnescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function sendStorageError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string>): void {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { ...headers, 'x-ms-error-code': code, 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(xml)) });
  res.end(xml);
}
