import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/planner.js';
import type { LanePlan } from '../../src/plan/types.js';
import { renderPlanMarkdown, renderPlanText } from '../../src/plan/render.js';
import { activeUnit, host, hostLane, observed, runner, scope, unit } from '../support/observed-builders.js';
import { laneInput, policyOf } from '../support/policy-builders.js';

const API = 'https://github.com/acme/api';
const UNIT = 'lanekeeper-runner@l1.service';

function planOne(lane = laneInput('l1'), runners = [] as ReturnType<typeof runner>[], hl = hostLane('l1'), hostOverrides = {}): LanePlan {
  const { policy, problems } = policyOf([lane]);
  const obs = observed([scope('repo:acme/api', runners)], [host(lane.host ?? 'box1', [hl], hostOverrides)]);
  const plan = buildPlan(policy, problems, obs);
  expect(plan.lanes).toHaveLength(1);
  return plan.lanes[0]!;
}

const kinds = (l: LanePlan) => l.steps.map((s) => s.kind);
const codes = (l: LanePlan) => l.blockers.map((b) => b.code);

describe('shapes and actions', () => {
  it('absent → create, with every step from lease to gates', () => {
    const l = planOne();
    expect([l.shape, l.action, l.status]).toEqual(['absent', 'create', 'ready']);
    expect(kinds(l)).toEqual([
      'lease.acquire',
      'runner.prepare-directory',
      'runner.configure',
      'host.install-unit',
      'host.daemon-reload',
      'host.enable-now',
      'github.set-labels',
      'verify.gates',
      'lease.release',
    ]);
    expect(l.steps.find((s) => s.kind === 'runner.configure')?.needsToken).toBe('registration');
  });

  it('absent + ensure absent → noop', () => {
    const l = planOne(laneInput('l1', { ensure: 'absent' }));
    expect([l.shape, l.action, l.status]).toEqual(['absent', 'noop', 'ready']);
  });

  it('github_only offline → create after deleting the stale registration', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { status: 'offline' })]);
    expect([l.shape, l.action, l.runnerId]).toEqual(['github_only', 'create', 5]);
    expect(kinds(l).slice(0, 3)).toEqual(['lease.acquire', 'github.delete-runner', 'runner.prepare-directory']);
  });

  it('github_only online → blocked: another machine may run it', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { status: 'online' })]);
    expect([l.shape, l.status]).toEqual(['github_only', 'blocked']);
    expect(codes(l)).toEqual(['stale_state']);
    expect(l.steps).toEqual([]);
  });

  it('github_only + ensure absent → remove the registration only', () => {
    const l = planOne(laneInput('l1', { ensure: 'absent' }), [runner(5, 'l1', { status: 'offline' })]);
    expect([l.shape, l.action]).toEqual(['github_only', 'remove']);
    expect(kinds(l)).toEqual(['lease.acquire', 'github.delete-runner', 'lease.release']);
  });

  it('local_service_only → create again (unconfigure, configure) without re-downloading the runner', () => {
    const hl = hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner', { activeState: 'failed', mainPid: null, mainPidUser: null }) });
    const l = planOne(laneInput('l1'), [], hl);
    expect([l.shape, l.action]).toEqual(['local_service_only', 'create']);
    expect(kinds(l)).toEqual([
      'lease.acquire',
      'host.stop',
      'host.disable',
      'runner.unconfigure',
      'runner.configure',
      'host.install-unit',
      'host.daemon-reload',
      'host.enable-now',
      'github.set-labels',
      'verify.gates',
      'lease.release',
    ]);
  });

  it('local_service_only + ensure absent → remove unit and directory', () => {
    const hl = hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner', { activeState: 'inactive', fileState: 'disabled', mainPid: null, mainPidUser: null }) });
    const l = planOne(laneInput('l1', { ensure: 'absent' }), [], hl);
    expect([l.shape, l.action]).toEqual(['local_service_only', 'remove']);
    expect(kinds(l)).toEqual(['lease.acquire', 'host.stop', 'host.disable', 'host.remove-unit', 'runner.remove-directory', 'lease.release']);
  });

  it('supervised_active → noop', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { custom: ['lanekeeper-managed', 'api'] })], hostLane('l1', { configured: { url: API, agentId: 5 }, unit: activeUnit(UNIT, 'runner') }));
    expect([l.shape, l.action, l.status, l.steps.length]).toEqual(['supervised_active', 'noop', 'ready', 0]);
  });

  it('supervised_active but offline on GitHub → restart after draining', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { status: 'offline', custom: ['lanekeeper-managed', 'api'] })], hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner') }));
    expect([l.shape, l.action]).toEqual(['supervised_active', 'restart']);
    expect(kinds(l)).toEqual(['lease.acquire', 'github.cordon', 'drain.wait', 'host.restart', 'github.set-labels', 'verify.gates', 'lease.release']);
  });

  it('supervised_active with an outdated unit file → reconcile: install, drain, restart', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { custom: ['lanekeeper-managed', 'api'] })], hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner', { matchesRendered: false }) }));
    expect([l.shape, l.action]).toEqual(['supervised_active', 'reconcile']);
    expect(kinds(l)).toContain('drain.wait');
    expect(kinds(l).indexOf('drain.wait')).toBeLessThan(kinds(l).indexOf('host.restart'));
  });

  it('supervised_inactive → restart (enable-now), no drain because nothing runs', () => {
    const u = activeUnit(UNIT, 'runner', { fileState: 'disabled', activeState: 'inactive', subState: 'dead', mainPid: null, mainPidUser: null });
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { status: 'offline', custom: ['lanekeeper-managed', 'api'] })], hostLane('l1', { configured: { url: API }, unit: u }));
    expect([l.shape, l.action]).toEqual(['supervised_inactive', 'restart']);
    expect(kinds(l)).toEqual(['lease.acquire', 'host.enable-now', 'verify.gates', 'lease.release']);
  });

  it('mismatched_labels → reconcile through the labels API only', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { custom: ['lanekeeper-managed', 'api', 'extra'] })], hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner') }));
    expect([l.shape, l.action]).toEqual(['mismatched_labels', 'reconcile']);
    expect(kinds(l)).toEqual(['lease.acquire', 'github.set-labels', 'verify.gates', 'lease.release']);
  });

  it('read-only labels (registered without --no-default-labels) → reconcile: drain, then register again with exactly the policy labels', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { custom: ['api', 'lanekeeper-managed'], readOnly: true })], hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner') }));
    expect([l.shape, l.action, l.status]).toEqual(['mismatched_labels', 'reconcile', 'ready']);
    expect(kinds(l)).toEqual([
      'lease.acquire', 'github.cordon', 'drain.wait', 'host.stop', 'github.delete-runner', 'runner.unconfigure', 'runner.configure',
      'host.install-unit', 'host.daemon-reload', 'host.enable-now', 'github.set-labels', 'verify.gates', 'lease.release',
    ]);
  });

  it('version_drift → blocked with the upgrade as fix', () => {
    const l = planOne(
      laneInput('l1', { runnerVersion: { pinned: '2.331.0' } }),
      [runner(5, 'l1', { custom: ['lanekeeper-managed', 'api'] })],
      hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner'), version: '2.330.0' }),
    );
    expect([l.shape, l.status]).toEqual(['version_drift', 'blocked']);
    expect(codes(l)).toEqual(['runner_version_drift']);
  });

  it('minimum version satisfied → not drift', () => {
    const l = planOne(
      laneInput('l1', { runnerVersion: { minimum: '2.300.0' } }),
      [runner(5, 'l1', { custom: ['lanekeeper-managed', 'api'] })],
      hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner'), version: '2.330.0' }),
    );
    expect(l.shape).toBe('supervised_active');
  });

  it('a registered lane supervised by a hand-made unit → adopt, blocked until the unit is moved away', () => {
    const u = unit(UNIT, { fileState: 'enabled', activeState: 'active', subState: 'running', mainPid: 9, mainPidUser: 'runner' });
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { custom: ['lanekeeper-managed', 'api'] })], hostLane('l1', { configured: { url: API }, unit: u }));
    expect([l.shape, l.action, l.status]).toEqual(['supervised_active', 'adopt', 'blocked']);
    expect(codes(l)).toEqual(['stale_state']);
    expect(l.blockers[0]!.fix).toContain('adopted without registering again');
  });

  it('a registered lane with no unit at all → adopt by installing and starting the unit', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { status: 'offline', custom: ['lanekeeper-managed', 'api'] })], hostLane('l1', { configured: { url: API } }));
    expect([l.shape, l.action]).toEqual(['supervised_inactive', 'adopt']);
    expect(kinds(l)).toEqual(['lease.acquire', 'host.install-unit', 'host.daemon-reload', 'host.enable-now', 'verify.gates', 'lease.release']);
  });

  it('supervised lane + ensure absent → drain, delete the registration, unconfigure, remove everything', () => {
    const l = planOne(laneInput('l1', { ensure: 'absent' }), [runner(5, 'l1', { busy: true, custom: ['lanekeeper-managed', 'api'] })], hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner') }));
    expect([l.shape, l.action]).toEqual(['supervised_active', 'remove']);
    expect(kinds(l)).toEqual([
      'lease.acquire',
      'github.cordon',
      'drain.wait',
      'host.stop',
      'github.delete-runner',
      'runner.unconfigure',
      'host.disable',
      'host.remove-unit',
      'runner.remove-directory',
      'lease.release',
    ]);
  });
});

describe('no job is interrupted without a drain, and no unit Lanekeeper did not render is touched', () => {
  const registered = () => [runner(5, 'l1', { custom: ['lanekeeper-managed', 'api'] })];

  it('a running but disabled unit is only enabled: no restart', () => {
    const l = planOne(laneInput('l1'), registered(), hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner', { fileState: 'disabled' }) }));
    expect([l.shape, l.action]).toEqual(['supervised_inactive', 'restart']);
    expect(kinds(l)).toEqual(['lease.acquire', 'host.enable-now', 'verify.gates', 'lease.release']);
  });

  it('a running, disabled and outdated unit drains before it is rewritten and restarted', () => {
    const l = planOne(laneInput('l1'), registered(), hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner', { fileState: 'disabled', matchesRendered: false }) }));
    expect(l.action).toBe('reconcile');
    expect(kinds(l).indexOf('drain.wait')).toBeLessThan(kinds(l).indexOf('host.install-unit'));
  });

  it('every plan that restarts an active unit drains first, and rewrites the unit only after the drain', () => {
    const l = planOne(laneInput('l1'), registered(), hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'runner', { matchesRendered: false }) }));
    const k = kinds(l);
    expect(k.slice(1, 4)).toEqual(['github.cordon', 'drain.wait', 'host.install-unit']);
  });

  it('an offline registration with a hand-made unit and no configuration is blocked, not replaced', () => {
    const u = unit(UNIT, { fileState: 'enabled', activeState: 'inactive' });
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { status: 'offline' })], hostLane('l1', { unit: u }));
    expect([l.status, codes(l)]).toEqual(['blocked', ['stale_state']]);
  });

  it('a runner of the wrong version blocks adopt and a create into its directory', () => {
    const pinned = laneInput('l1', { runnerVersion: { pinned: '2.330.0' } });
    const adopt = planOne(pinned, [runner(5, 'l1', { status: 'offline' })], hostLane('l1', { configured: { url: API }, version: '2.300.0' }));
    expect([adopt.action, adopt.status, codes(adopt)]).toEqual(['adopt', 'blocked', ['runner_version_drift']]);
    const create = planOne(pinned, [], hostLane('l1', { runnerInstalled: true, version: '2.300.0' }));
    expect([create.action, create.status, codes(create)]).toEqual(['create', 'blocked', ['runner_version_drift']]);
  });
});

describe('fail-closed blockers', () => {
  const cases: { name: string; lane?: Parameters<typeof laneInput>[1]; code: string; policy?: object }[] = [
    { name: 'repository not allowlisted', lane: { repository: 'evil/repo' }, code: 'scope_not_allowlisted' },
    { name: 'organization not allowlisted', lane: { repository: undefined, organization: 'other' }, code: 'scope_not_allowlisted' },
    { name: 'host unknown', lane: { host: 'nowhere' }, code: 'host_unknown' },
    { name: 'host not approved', lane: { host: 'box2' }, code: 'host_not_approved' },
    { name: 'root outside allowlist', lane: { registrationRoot: '/opt/x' }, code: 'root_not_allowlisted' },
    { name: 'root with traversal', lane: { registrationRoot: '/srv/runners/../etc' }, code: 'path_traversal' },
    { name: 'service user not allowed', lane: { serviceUser: 'root' }, code: 'service_user_not_allowed' },
    { name: 'managed label missing', lane: { labels: ['api'] }, code: 'managed_label_missing' },
    { name: 'unsafe lane name', lane: { name: '../etc' } as never, code: 'unsafe_lane_name' },
    { name: 'unit for another lane', lane: { unit: 'lanekeeper-runner@other.service' }, code: 'unit_mismatch' },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code}`, () => {
      const lane = laneInput((c.lane as { name?: string })?.name ?? 'l1', c.lane);
      const { policy, problems } = policyOf([lane]);
      const obs = observed([scope('repo:acme/api', []), scope('org:other', []), scope('repo:evil/repo', [])], [host(lane.host ?? 'box1', [hostLane(lane.name)])]);
      const l = buildPlan(policy, problems, obs).lanes[0]!;
      expect(l.status).toBe('blocked');
      expect(codes(l)).toContain(c.code);
      expect(l.steps).toEqual([]);
      const b = l.blockers.find((x) => x.code === c.code)!;
      expect(b.path).toMatch(/^lanes\[0\]/);
      expect(b.fix.length).toBeGreaterThan(10);
    });
  }

  it('duplicate lane name (after pool expansion) blocks both lanes', () => {
    const { policy, problems } = policyOf([laneInput('web', { count: 2 }), laneInput('web-2')]);
    const obs = observed([scope('repo:acme/api', [])], [host('box1', [hostLane('web-1'), hostLane('web-2')])]);
    const plan = buildPlan(policy, problems, obs);
    const web2 = plan.lanes.filter((l) => l.lane === 'web-2');
    expect(web2).toHaveLength(2);
    expect(web2.every((l) => codes(l).includes('duplicate_lane_name'))).toBe(true);
    expect(plan.lanes.find((l) => l.lane === 'web-1')?.status).toBe('ready');
  });

  it('unmanaged runner with the lane name → unknown_conflict, blocked, even for ensure absent', () => {
    for (const ensure of ['present', 'absent'] as const) {
      const l = planOne(laneInput('l1', { ensure }), [runner(5, 'l1', { custom: ['api'] })]);
      expect([l.shape, l.status]).toEqual(['unknown_conflict', 'blocked']);
      expect(codes(l)).toEqual(['unmanaged_runner_exists']);
    }
  });

  it('directory registered as another runner → stale_state', () => {
    const l = planOne(laneInput('l1'), [], hostLane('l1', { identity: { agentId: 3, agentName: 'other', gitHubUrl: API }, credentialsPresent: true }));
    expect([l.shape, codes(l)]).toEqual(['unknown_conflict', ['stale_state']]);
  });

  it('directory registered to another scope → stale_state', () => {
    const l = planOne(laneInput('l1'), [], hostLane('l1', { configured: { url: 'https://github.com/acme/web' } }));
    expect(codes(l)).toEqual(['stale_state']);
  });

  it('half-configured directory → a recovery: config.sh remove --local clears the leftovers, then the lane registers again', () => {
    for (const hl of [hostLane('l1', { configured: { url: API }, credentialsPresent: false }), hostLane('l1', { runnerInstalled: true, credentialsPresent: true })]) {
      const l = planOne(laneInput('l1'), [], hl);
      expect([l.action, l.status, codes(l)]).toEqual(['create', 'ready', []]);
      expect(kinds(l)).toEqual(['lease.acquire', 'runner.unconfigure', 'runner.configure', 'host.install-unit', 'host.daemon-reload', 'host.enable-now', 'github.set-labels', 'verify.gates', 'lease.release']);
    }
    const withUnit = planOne(laneInput('l1'), [runner(5, 'l1', { status: 'offline' })], hostLane('l1', { configured: { url: API }, credentialsPresent: false, unit: activeUnit(UNIT, 'runner', { activeState: 'failed', subState: 'failed', mainPid: null, mainPidUser: null }) }));
    expect(kinds(withUnit).slice(0, 5)).toEqual(['lease.acquire', 'host.stop', 'host.disable', 'github.delete-runner', 'runner.unconfigure']);
  });

  it('half-configured directory while the runner is online elsewhere → stale_state', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1')], hostLane('l1', { configured: { url: API }, credentialsPresent: false }));
    expect(codes(l)).toEqual(['stale_state']);
  });

  it('a listener that exited with 7 (deprecated version) → runner_version_deprecated, never a restart', () => {
    const stopped = activeUnit(UNIT, 'runner', { activeState: 'failed', subState: 'failed', mainPid: null, mainPidUser: null, lastExit: { code: 'exited', status: 7, result: 'exit-code' } });
    const l = planOne(laneInput('l1'), [runner(5, 'l1', { status: 'offline' })], hostLane('l1', { configured: { url: API }, unit: stopped }));
    expect([l.shape, l.action, l.status, codes(l)]).toEqual(['version_drift', 'noop', 'blocked', ['runner_version_deprecated']]);
    expect(l.blockers[0]!.fix).toContain('install a runner version GitHub supports');
    // Another exit code is an ordinary stopped unit: restart.
    const crashed = activeUnit(UNIT, 'runner', { activeState: 'failed', subState: 'failed', mainPid: null, mainPidUser: null, lastExit: { code: 'exited', status: 2, result: 'exit-code' } });
    expect(planOne(laneInput('l1'), [runner(5, 'l1', { status: 'offline' })], hostLane('l1', { configured: { url: API }, unit: crashed })).action).toBe('restart');
  });

  it('the registration deleted while polling (local files gone, unit inactive) → create, not restart', () => {
    const stopped = activeUnit(UNIT, 'runner', { activeState: 'inactive', subState: 'dead', mainPid: null, mainPidUser: null, lastExit: { code: 'exited', status: 0, result: 'success' } });
    const l = planOne(laneInput('l1'), [], hostLane('l1', { runnerInstalled: true, unit: stopped }));
    expect([l.shape, l.action, l.status]).toEqual(['local_service_only', 'create', 'ready']);
    expect(kinds(l)).toContain('runner.configure');
  });

  it('runner_group_missing: an organisation lane asking for a group the organisation does not have', () => {
    const lane = laneInput('l1', { repository: undefined, organization: 'acme', runnerGroup: 'builders' });
    const { policy, problems } = policyOf([lane], { organizations: ['acme'] });
    const planWith = (runnerGroups: string[] | undefined) =>
      buildPlan(policy, problems, observed([{ ...scope('org:acme', []), ...(runnerGroups ? { runnerGroups } : {}) }], [host('box1', [hostLane('l1')])])).lanes[0]!;
    expect(codes(planWith(['Default']))).toEqual(['runner_group_missing']);
    expect(planWith(['Default']).blockers[0]!.fix).toContain('create the runner group "builders" in acme');
    expect(codes(planWith(['Default', 'Builders']))).toEqual([]);
    expect(codes(planWith(undefined))).toEqual([]);
  });

  it('a listener outside systemd → stale_state', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1')], hostLane('l1', { configured: { url: API }, unsupervisedListener: { pid: 99, user: 'runner' } }));
    expect(codes(l)).toEqual(['stale_state']);
  });

  it('unit running as another user → service_user_mismatch', () => {
    const l = planOne(laneInput('l1'), [runner(5, 'l1')], hostLane('l1', { configured: { url: API }, unit: activeUnit(UNIT, 'root') }));
    expect(codes(l)).toEqual(['service_user_mismatch']);
  });

  it('a unit Lanekeeper did not render is never removed', () => {
    const u = unit(UNIT, { fileState: 'enabled', activeState: 'active', mainPidUser: 'runner' });
    const l = planOne(laneInput('l1', { ensure: 'absent' }), [runner(5, 'l1')], hostLane('l1', { configured: { url: API }, unit: u }));
    expect([l.status, codes(l)]).toEqual(['blocked', ['stale_state']]);
  });

  it('baseline not ready blocks a create and names the check', () => {
    const l = planOne(laneInput('l1'), [], hostLane('l1'), {
      baseline: [{ id: 'service-user', subject: 'runner', ok: false, evidence: 'no such user: runner' }],
    });
    expect([l.action, l.status, codes(l)]).toEqual(['create', 'blocked', ['baseline_not_ready']]);
    expect(l.blockers[0]!.message).toContain('no such user');
  });

  it('docker isolation only matters for lanes with container builds', () => {
    const baseline = [{ id: 'docker-credential-isolation' as const, subject: 'l1', ok: false, evidence: '/home/runner/.docker/config.json is shared' }];
    expect(planOne(laneInput('l1'), [], hostLane('l1'), { baseline }).status).toBe('ready');
    expect(planOne(laneInput('l1', { containerBuilds: true }), [], hostLane('l1'), { baseline }).status).toBe('blocked');
  });

  it('a scope that failed to list blocks its lanes with observation_failed', () => {
    const { policy, problems } = policyOf([laneInput('l1')]);
    const obs = observed([scope('repo:acme/api', [], 'GET /repos/acme/api/actions/runners: 502 after 4 attempts')], [host('box1', [hostLane('l1')])]);
    const l = buildPlan(policy, problems, obs).lanes[0]!;
    expect([l.status, codes(l)]).toEqual(['blocked', ['observation_failed']]);
  });

  it('a host that was not observed blocks its lanes', () => {
    const { policy, problems } = policyOf([laneInput('l1')]);
    const l = buildPlan(policy, problems, observed([scope('repo:acme/api', [])], [])).lanes[0]!;
    expect(codes(l)).toEqual(['observation_failed']);
  });
});

describe('plan as a whole', () => {
  it('reports foreign runners without an action and managed orphans as unclaimed', () => {
    const { policy, problems } = policyOf([laneInput('l1')]);
    const obs = observed([scope('repo:acme/api', [runner(7, 'someone-elses', { custom: ['gpu'] }), runner(8, 'old', { status: 'offline' })])], [host('box1', [hostLane('l1')])]);
    const plan = buildPlan(policy, problems, obs);
    expect(plan.foreign).toEqual([expect.objectContaining({ id: 7, shape: 'foreign', action: 'none' })]);
    expect(plan.unclaimed).toEqual([expect.objectContaining({ kind: 'registration', name: 'old' })]);
    expect(plan.lanes.map((l) => l.lane)).toEqual(['l1']);
  });

  it('lists blocked lanes first and counts actions', () => {
    const { policy, problems } = policyOf([laneInput('a'), laneInput('b', { host: 'box2' })]);
    const obs = observed([scope('repo:acme/api', [])], [host('box1', [hostLane('a')]), host('box2', [hostLane('b')])]);
    const plan = buildPlan(policy, problems, obs);
    expect(plan.lanes.map((l) => [l.lane, l.status])).toEqual([
      ['b', 'blocked'],
      ['a', 'ready'],
    ]);
    expect(plan.counts).toMatchObject({ lanes: 2, ready: 1, blocked: 1, changes: 1 });
    expect(plan.counts.byAction.create).toBe(1);
  });

  it('selects one lane or a pool by its base name', () => {
    const { policy, problems } = policyOf([laneInput('web', { count: 3 }), laneInput('web-x')]);
    const obs = observed([scope('repo:acme/api', [])], [host('box1', ['web-1', 'web-2', 'web-3', 'web-x'].map((n) => hostLane(n)))]);
    expect(buildPlan(policy, problems, obs, { only: 'web' }).lanes.map((l) => l.lane)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(buildPlan(policy, problems, obs, { only: 'web-2' }).lanes.map((l) => l.lane)).toEqual(['web-2']);
  });

  it('a plan never says completed', () => {
    const { policy, problems } = policyOf([laneInput('l1')]);
    const plan = buildPlan(policy, problems, observed([scope('repo:acme/api', [])], [host('box1', [hostLane('l1')])]));
    expect(JSON.stringify(plan)).not.toContain('completed');
  });
});

describe('shared service users', () => {
  it('a pool sharing a user the host accepts plans as usual, and the plan warns', () => {
    const { policy, problems } = policyOf([laneInput('web', { count: 2 })]);
    const plan = buildPlan(policy, problems, observed([scope('repo:acme/api', [])], [host('box1', [hostLane('web-1'), hostLane('web-2')])]));
    expect(plan.lanes.map((l) => l.status)).toEqual(['ready', 'ready']);
    expect(plan.warnings).toEqual([{ code: 'service_user_shared', path: 'hosts.box1.sharedServiceUsers', message: expect.stringContaining('web-1, web-2') }]);
    expect(renderPlanText(plan)).toContain('Warnings (accepted risks):');
    expect(renderPlanMarkdown(plan)).toContain('**Warnings (accepted risks):**');
  });

  it('without the host accepting it, a shared user blocks every lane that shares it', () => {
    const { policy, problems } = policyOf([laneInput('web', { count: 2 }), laneInput('solo', { serviceUser: 'solo' })], {
      hosts: { box1: { approved: true, registrationRoots: ['/srv/runners'], serviceUsers: ['runner', 'solo'] } },
    });
    const plan = buildPlan(policy, problems, observed([scope('repo:acme/api', [])], [host('box1', [hostLane('web-1'), hostLane('web-2'), hostLane('solo')])]));
    expect(plan.lanes.map((l) => [l.lane, l.status])).toEqual([
      ['web-1', 'blocked'],
      ['web-2', 'blocked'],
      ['solo', 'ready'],
    ]);
    expect(plan.lanes[0]!.blockers.map((b) => b.code)).toContain('service_user_shared');
    expect(plan.warnings).toBeUndefined();
  });
});

describe('names from the host in the job summary', () => {
  it('an unclaimed name cannot end its code span and inject Markdown or HTML', () => {
    const evil = 'x` <img src=x onerror=alert(1)> [click](https://evil.example) `y\n# heading';
    const { policy, problems } = policyOf([laneInput('l1')]);
    const plan = buildPlan(policy, problems, observed([scope('repo:acme/api', [])], [host('box1', [hostLane('l1')], { unclaimed: [{ kind: 'directory', name: evil, detail: 'runner directory no lane claims' }] })]));
    const line = renderPlanMarkdown(plan).split('\n').find((l) => l.includes('img'))!;
    expect(line).toBe('- box1: directory ``x` <img src=x onerror=alert(1)> [click](https://evil.example) `y\\x0a# heading`` — runner directory no lane claims');
  });
});
