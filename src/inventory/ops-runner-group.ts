/**
 * Is the organisation runner group of the ops runners closed to everyone but the ops repository
 * and the reusable workflow? An ops runner runs as the ops user, who may call the helper: a group
 * open to other repositories or workflows lets their jobs run commands on the host. The host's
 * OIDC check still refuses them a lease, so a gap is a warning in every plan, not a blocker (the
 * reasoning is in docs/host-setup.md, section 8).
 */
import type { RunnerGroupAccess } from '../github/port.js';

export const REUSABLE_WORKFLOW_PATH = '.github/workflows/lanes-reusable.yml';
/** The plan warning code for a runner group of the ops runners that admits more than it should. */
export const OPS_RUNNER_GROUP_OPEN = 'ops_runner_group_open';
const STEP = 'docs/host-setup.md, "The set-up, in order", step 4';

export interface RunnerGroupGap {
  /** The runner group's field as GitHub's API names it (`visibility`, `selected_workflows`, ...). */
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

/** `refs/heads/main` and `main` name the same ref in a runner group's workflow list. */
function sameWorkflowRef(a: string, b: string): boolean {
  const norm = (s: string) => {
    const at = s.lastIndexOf('@');
    const path = s.slice(0, at).toLowerCase();
    const ref = s.slice(at + 1).replace(/^refs\/(heads|tags)\//, '');
    return `${path}@${ref}`;
  };
  return a.includes('@') && b.includes('@') && norm(a) === norm(b);
}

function isReusableWorkflow(entry: string): boolean {
  return new RegExp(`^[A-Za-z0-9-]+/[A-Za-z0-9._-]+/${REUSABLE_WORKFLOW_PATH.replace(/\./g, '\\.')}@.+$`, 'i').test(entry);
}

/**
 * The gaps of one runner group. `repositories` are the group's selected repositories (read only
 * when its visibility is `selected`); `workflowRef` is the reusable workflow as the run's OIDC token
 * names it (`owner/repo/.github/workflows/lanes-reusable.yml@ref`), when known.
 */
export function runnerGroupGaps(
  group: RunnerGroupAccess,
  repositories: readonly string[],
  opsRepository: string,
  workflowRef: string | undefined,
): RunnerGroupGap[] {
  const gaps: RunnerGroupGap[] = [];
  // The settings page takes a branch or tag by its short name (the OIDC token says refs/heads/...).
  const wanted = workflowRef?.replace(/@refs\/(heads|tags)\//, '@') ?? `<owner>/<lanekeeper repo>/${REUSABLE_WORKFLOW_PATH}@<ref>`;
  const where = `Settings → Actions → Runner groups → ${group.name}`;
  if (group.visibility !== 'selected') {
    gaps.push({
      field: 'visibility',
      problem: `is "${group.visibility}", so every ${group.visibility === 'private' ? 'private ' : ''}repository of the organisation may send jobs to the ops runners`,
      fix: `${where} → Repository access: "Selected repositories", only ${opsRepository}`,
    });
  } else {
    const others = repositories.filter((r) => r.toLowerCase() !== opsRepository.toLowerCase());
    if (!repositories.some((r) => r.toLowerCase() === opsRepository.toLowerCase())) {
      gaps.push({ field: 'selected_repositories', problem: `do not include the ops repository ${opsRepository}`, fix: `${where} → Repository access: add ${opsRepository}` });
    }
    if (others.length > 0) {
      gaps.push({
        field: 'selected_repositories',
        problem: `also admit ${others.join(', ')}, whose workflows may run commands as the ops user`,
        fix: `${where} → Repository access: remove ${others.join(', ')}, keep only ${opsRepository}`,
      });
    }
  }
  if (!group.restrictedToWorkflows) {
    gaps.push({
      field: 'restricted_to_workflows',
      problem: 'is false, so any workflow of an admitted repository (any branch) may send jobs to the ops runners',
      fix: `${where} → Workflow access: "Selected workflows", only ${wanted}`,
    });
  } else {
    const foreign = group.selectedWorkflows.filter((w) => (workflowRef ? !sameWorkflowRef(w, workflowRef) : !isReusableWorkflow(w)));
    if (foreign.length > 0) {
      gaps.push({
        field: 'selected_workflows',
        problem: `also name ${foreign.join(', ')}, which ${foreign.length === 1 ? 'is' : 'are'} not the reusable workflow this run comes from`,
        fix: `${where} → Workflow access: remove ${foreign.join(', ')}, keep only ${wanted}`,
      });
    }
    if (workflowRef && !group.selectedWorkflows.some((w) => sameWorkflowRef(w, workflowRef))) {
      gaps.push({ field: 'selected_workflows', problem: `do not name ${workflowRef}, the reusable workflow this run comes from`, fix: `${where} → Workflow access: add ${wanted}` });
    }
  }
  if (group.allowsPublicRepositories) {
    gaps.push({
      field: 'allows_public_repositories',
      problem: 'is true, so a pull request from a fork of a public repository could run on the ops runners',
      fix: `${where} → untick "Allow public repositories"`,
    });
  }
  return gaps;
}

/** The words of a gap, as the ops-runners step and every plan print it. */
export function describeGap(org: string, group: string, runners: readonly string[], gap: RunnerGroupGap): string {
  return `runner group "${group}" of ${org} (ops runners ${runners.join(', ')}): ${gap.field} ${gap.problem}. Fix: ${gap.fix} (${STEP})`;
}
