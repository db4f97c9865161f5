// Regenerates examples/observed.json: one lane of each shape for examples/lanes.yml.
// Run: npx tsx scripts/make-example-observed.ts
import { writeFileSync } from 'node:fs';
import { activeUnit, host, hostLane, observed, okBaseline, runner, scope, unit } from '../test/support/observed-builders.js';

const api = 'https://github.com/acme/api';
const web = 'https://github.com/acme/web';
const org = 'https://github.com/acme';

const state = observed(
  [
    scope('repo:acme/api', [
      runner(11, 'api-ghost', { status: 'offline', custom: ['lanekeeper-managed', 'api'] }),
      runner(12, 'api-legacy', { status: 'offline', custom: ['lanekeeper-managed', 'api'] }),
      runner(13, 'api-retired', { busy: true, custom: ['lanekeeper-managed', 'api'] }),
      runner(14, 'gpu-box', { custom: ['gpu'], readOnly: true }),
    ]),
    scope('repo:acme/web', [
      runner(21, 'web-1', { custom: ['lanekeeper-managed', 'web'] }),
      runner(22, 'web-2', { busy: true, custom: ['lanekeeper-managed', 'web'] }),
      runner(23, 'web-manual', { custom: ['web'], readOnly: true }),
    ]),
    scope('org:acme', [
      runner(31, 'org-build', { status: 'offline', custom: ['lanekeeper-managed', 'build', 'large'] }),
      runner(32, 'org-test', { custom: ['lanekeeper-managed', 'test', 'old-label'] }),
      runner(33, 'org-pinned', { custom: ['lanekeeper-managed', 'pinned'] }),
    ]),
  ],
  [
    host('build-01', [
      hostLane('api-new'),
      hostLane('web-1', { configured: { url: web, agentId: 21 }, unit: activeUnit('lanekeeper-runner@web-1.service', 'lk-web-1') }),
      hostLane('web-2', { configured: { url: web, agentId: 22 }, unit: activeUnit('lanekeeper-runner@web-2.service', 'lk-web-2'), workerRunning: true }),
      hostLane('api-ghost'),
      hostLane('api-orphan', {
        configured: { url: api, agentId: 9 },
        unit: activeUnit('lanekeeper-runner@api-orphan.service', 'lk-api-orphan', { activeState: 'failed', subState: 'failed', mainPid: null, mainPidUser: null }),
      }),
      hostLane('web-manual'),
      hostLane('api-misplaced', { root: '/opt/runners' }),
    ], {
      unclaimed: [{ kind: 'directory', name: '/srv/runners/old-lane', detail: 'runner directory no lane claims (.runner names old-lane)' }],
      baseline: okBaseline('build-01', ['lk-api-new', 'lk-web-1', 'lk-web-2', 'lk-api-ghost', 'lk-api-orphan', 'lk-web-manual', 'lk-api-misplaced']),
    }),
    host('build-02', [
      hostLane('org-build', {
        root: '/data/runners',
        configured: { url: org, agentId: 31 },
        unit: activeUnit('lanekeeper-runner@org-build.service', 'lk-org-build', { fileState: 'disabled', activeState: 'inactive', subState: 'dead', mainPid: null, mainPidUser: null }),
      }),
      hostLane('org-test', { configured: { url: org, agentId: 32 }, unit: activeUnit('lanekeeper-runner@org-test.service', 'lk-org-test') }),
      hostLane('org-pinned', { configured: { url: org, agentId: 33 }, version: '2.329.0', unit: activeUnit('lanekeeper-runner@org-pinned.service', 'lk-org-pinned') }),
      hostLane('api-legacy', { configured: { url: api, agentId: 12 } }),
      hostLane('api-retired', { configured: { url: api, agentId: 13 }, unit: activeUnit('lanekeeper-runner@api-retired.service', 'lk-api-retired'), workerRunning: true }),
    ], { baseline: [
      ...['lk-org-build', 'lk-org-test', 'lk-org-pinned', 'lk-api-legacy', 'lk-api-retired'].map((user, i) => ({ id: 'service-user' as const, subject: user, ok: true, evidence: `uid ${1101 + i}, home /home/${user}` })),
      { id: 'disk-space', subject: '/srv/runners', ok: true, evidence: 'free space under /srv/runners is above 2 GiB', measured: 80_000_000_000 },
      { id: 'disk-space', subject: '/data/runners', ok: true, evidence: 'free space under /data/runners is above 2 GiB', measured: 900_000_000_000 },
      { id: 'runner-dependencies', subject: 'build-02', ok: true, evidence: 'libicu, libssl and libkrb5 present' },
    ] }),
  ],
);
writeFileSync('examples/observed.json', JSON.stringify(state, null, 2) + '\n');
