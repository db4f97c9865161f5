/**
 * Checks a response against GitHub's published OpenAPI description (@octokit/openapi), so the
 * simulator cannot drift from what GitHub answers. Used by tests and benchmarks only: it reads
 * the description file from disk (13 MB, parsed once per process) and compiles one ajv
 * validator per operation and status, on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { SimExchange } from './github-simulator.js';

type Json = Record<string, unknown>;

interface OpenApiOperation {
  readonly operationId?: string;
  readonly responses?: Record<string, Json>;
}

interface CompiledPath {
  readonly template: string;
  readonly pattern: RegExp;
  readonly params: number;
  readonly operations: Record<string, OpenApiOperation>;
}

interface LoadedSpec {
  readonly components: Record<string, Record<string, Json>>;
  readonly paths: CompiledPath[];
}

/** Errors GitHub answers for statuses an operation does not list (401, 403, 429, 5xx) have this shape. */
const GENERIC_ERROR_REF = '#/components/schemas/basic-error';

let spec: LoadedSpec | null = null;
const validators = new Map<string, ValidateFunction>();
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

function loadSpec(): LoadedSpec {
  if (spec) return spec;
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, OpenApiOperation>>; components: LoadedSpec['components'] };
  const paths = Object.entries(raw.paths).map(([template, operations]) => ({
    template,
    operations,
    params: (template.match(/\{/g) ?? []).length,
    pattern: new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  // The most literal template wins: `/runners/downloads` before `/runners/{runner_id}`.
  paths.sort((a, b) => a.params - b.params);
  spec = { components: raw.components, paths };
  return spec;
}

/** Follows `#/components/...` references. */
function resolveRef(node: Json, components: LoadedSpec['components']): Json {
  let current = node;
  for (let depth = 0; typeof current['$ref'] === 'string' && depth < 10; depth++) {
    const [, section, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(current['$ref'])!;
    current = components[section!]![name!]!;
  }
  return current;
}

/** The `components.schemas` entries a schema reaches, so ajv compiles only those. */
function reachableSchemas(root: unknown, components: LoadedSpec['components']): Record<string, Json> {
  const found: Record<string, Json> = {};
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const name = /^#\/components\/schemas\/(.+)$/.exec(value)?.[1];
          if (name && !found[name]) {
            found[name] = components['schemas']![name]!;
            stack.push(found[name]);
          }
        } else if (key !== 'example' && key !== 'examples') {
          stack.push(value);
        }
      }
    }
  }
  return found;
}

function compile(key: string, schema: Json, components: LoadedSpec['components']): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ allOf: [schema], components: { schemas: reachableSchemas(schema, components) } });
    validators.set(key, validate);
  }
  return validate;
}

/** Problems with a response, empty when it conforms to GitHub's description of the operation. */
export function checkGitHubResponse(exchange: SimExchange): string[] {
  const { components, paths } = loadSpec();
  const method = exchange.method.toLowerCase();
  const path = exchange.path.split('?')[0]!;
  const where = `${exchange.method} ${path} → ${exchange.status}`;
  const match = paths.find((p) => p.operations[method] && p.pattern.test(path));
  if (!match) return [`${where}: no operation in GitHub's OpenAPI description`];
  const operation = match.operations[method]!;
  const declared = operation.responses?.[String(exchange.status)];
  let schema: Json | undefined;
  if (declared) {
    const response = resolveRef(declared, components);
    schema = (response['content'] as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema;
    if (!schema) {
      return exchange.body === undefined ? [] : [`${where}: ${operation.operationId} answers ${exchange.status} without a body`];
    }
  } else if (exchange.status >= 400) {
    schema = { $ref: GENERIC_ERROR_REF };
  } else {
    return [`${where}: ${operation.operationId} does not answer ${exchange.status}`];
  }
  if (exchange.body === undefined) return [`${where}: ${operation.operationId} answers ${exchange.status} with a JSON body`];
  const validate = compile(`${operation.operationId} ${declared ? exchange.status : 'error'}`, schema, components);
  if (validate(exchange.body)) return [];
  return (validate.errors ?? []).map((e) => `${where}: ${operation.operationId} ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
}
