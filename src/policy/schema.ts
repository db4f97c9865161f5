import { z } from 'zod';

/** A lane name must be safe as a directory name, a systemd instance name and a runner name. */
export const LANE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const DEFAULT_MANAGED_LABEL = 'lanekeeper-managed';
export const DEFAULT_UNIT_TEMPLATE = 'lanekeeper-runner@<name>.service';
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 900;

const repositoryName = z
  .string()
  .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name", e.g. "acme/api"');
const organizationName = z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an organisation login, e.g. "acme"');
const absolutePath = z.string().regex(/^\/[^\0]*$/, 'must be an absolute path, e.g. "/srv/runners"');
const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version "x.y.z", e.g. "2.330.0"');
const userName = z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a POSIX user name, e.g. "runner"');
/** A lane's service user: a user name, or one with "<name>" standing for the lane name (one user per pool lane). */
const laneUserName = z
  .string()
  .refine((u) => u.split('<name>').length <= 2 && /^[a-z_][a-z0-9_-]{0,31}$/.test(u.replace('<name>', 'x')), 'must be a POSIX user name, optionally with "<name>" for the lane name, e.g. "runner" or "lk-<name>"');
// No comma (config.sh --labels is comma separated) and no white space.
const label = z.string().regex(/^[A-Za-z0-9._:/+@-]{1,100}$/, 'must be 1-100 of A-Z, a-z, 0-9 and . _ : / + @ - (no comma or space)');

export const HostPolicySchema = z.strictObject({
  approved: z.boolean().describe('Only approved hosts get lanes. Set true once the host is set up (docs/host-setup.md).'),
  registrationRoots: z.array(absolutePath).min(1).describe('Directories under which lane directories may live.'),
  serviceUsers: z.array(userName).min(1).describe('Users a lane service may run as.'),
  sharedServiceUsers: z
    .array(userName)
    .optional()
    .describe("Service users several lanes of this host may share, as the host config's sharedServiceUsers allows; the plan warns about each. Every other user serves one lane only."),
});

export const RunnerVersionSchema = z.union([
  z.strictObject({ pinned: semver }).describe('Exactly this runner version.'),
  z.strictObject({ minimum: semver }).describe('This version or newer.'),
]);

export const DrainSchema = z.strictObject({
  timeoutSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_DRAIN_TIMEOUT_SECONDS),
  onTimeout: z.enum(['fail', 'skip']).default('fail'),
});

export const LanePolicySchema = z
  .strictObject({
    name: z.string().describe('Lane name; with `count`, lanes are named <name>-1..<name>-N.'),
    repository: repositoryName.optional().describe('Repository scope "owner/name" (exclusive with organization).'),
    organization: organizationName.optional().describe('Organisation scope (exclusive with repository).'),
    runnerGroup: z.string().min(1).optional().describe('Runner group (organisation scope only).'),
    host: z.string().min(1),
    registrationRoot: absolutePath,
    serviceUser: laneUserName.describe('The lane\'s own service user; "<name>" stands for the lane name, so each lane of a pool gets its own, e.g. "lk-<name>".'),
    unit: z.string().optional().describe(`systemd unit; default ${DEFAULT_UNIT_TEMPLATE}`),
    labels: z.array(label).min(1).describe('Custom labels; must include the managed label.'),
    runnerVersion: RunnerVersionSchema.optional(),
    ensure: z.enum(['present', 'absent']).default('present'),
    drain: DrainSchema.default({ timeoutSeconds: DEFAULT_DRAIN_TIMEOUT_SECONDS, onTimeout: 'fail' }),
    count: z.number().int().min(1).max(1000).optional().describe('N identical lanes <name>-1..N.'),
    containerBuilds: z.boolean().default(false).describe('Lane runs container builds: Docker credential isolation is checked.'),
  });

export const PolicySchema = z.strictObject({
  version: z.literal(1),
  managedLabel: label.default(DEFAULT_MANAGED_LABEL),
  repositories: z.array(repositoryName).default([]),
  organizations: z.array(organizationName).default([]),
  hosts: z.record(z.string().min(1), HostPolicySchema),
  lanes: z.array(LanePolicySchema).default([]),
  approvalGate: z
    .strictObject({
      required: z.boolean().default(true).describe('false waives the check that the environment lanekeeper-apply is protected'),
      reason: z.string().min(1).optional().describe('Why the gate is waived; shown with the warning in every plan and audit record.'),
    })
    .refine((g) => g.required || g.reason !== undefined, { message: 'waiving the approval gate needs a "reason"', path: ['reason'] })
    .optional()
    .describe('Apply refuses to run unless the environment lanekeeper-apply has required reviewers, prevent self-review and a deployment-branch rule, unless this says required: false.'),
});

export type PolicyInput = z.input<typeof PolicySchema>;
export type ParsedPolicy = z.output<typeof PolicySchema>;
export type LanePolicy = z.output<typeof LanePolicySchema>;
export type HostPolicy = z.output<typeof HostPolicySchema>;
export type RunnerVersionPolicy = z.output<typeof RunnerVersionSchema>;
