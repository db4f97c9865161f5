/** Every action input, output and environment name lives here; nothing else spells them. */
export const Inputs = {
  Command: 'command',
  Policy: 'policy',
  Lane: 'lane',
  Mode: 'mode',
  Confirmation: 'confirmation',
  IdempotencyKey: 'idempotency-key',
  Token: 'token',
  AppId: 'app-id',
  AppPrivateKey: 'app-private-key',
  GitHubApiUrl: 'github-api-url',
  GitHubServerUrl: 'github-server-url',
  Observed: 'observed',
  PlanFile: 'plan',
  Host: 'host',
  Helper: 'helper',
  OutputDir: 'output-dir',
  RetentionDays: 'retention-days',
} as const;

export const Outputs = {
  ObservedPath: 'observed-path',
  PlanPath: 'plan-path',
  PlanDigest: 'plan-digest',
  Confirmation: 'confirmation-phrase',
  Status: 'status',
  Result: 'result',
  AuditPath: 'audit-path',
  ArtifactName: 'artifact-name',
  ArtifactId: 'artifact-id',
  Changes: 'changes',
  Blocked: 'blocked',
} as const;

export const Commands = ['inventory', 'plan', 'apply', 'audit'] as const;
export type Command = (typeof Commands)[number];

export const Modes = ['dry-run', 'apply'] as const;
export type Mode = (typeof Modes)[number];

export const DEFAULT_POLICY_PATH = '.github/lanekeeper.yml';
export const DEFAULT_OUTPUT_DIR = '.lanekeeper';
export const DEFAULT_HOST_CONFIG_PATH = '/etc/lanekeeper/host.json';

/** Audit files inside the output directory: one partial per contributing job, then the record. */
export const AuditFiles = {
  Record: 'audit.json',
  InventoryPartial: 'audit-inventory.partial.json',
  PlanPartial: 'audit-plan.partial.json',
  ApplyPartial: 'audit-apply.partial.json',
} as const;
