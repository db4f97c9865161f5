import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { NO_RESTART_EXIT_CODES, renderUnit, unitMarkerLane } from '../../src/host/unit.js';

const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');

test('renders a lane unit byte for byte (golden file)', () => {
  expect(renderUnit({ lane: 'api-1', root: '/srv/runners', user: 'runner' })).toBe(golden('lanekeeper-runner@api-1.service'));
});

test('the unit carries the marker, the stop timeout and no secrets', () => {
  const text = renderUnit({ lane: 'web', root: '/srv/runners/', user: 'ci', stopTimeoutSeconds: 42 });
  expect(unitMarkerLane(text)).toBe('web');
  expect(text).toContain('WorkingDirectory=/srv/runners/web\n');
  expect(text).toContain('TimeoutStopSec=42\n');
  expect(text).toContain(`RestartPreventExitStatus=${NO_RESTART_EXIT_CODES.join(' ')}\n`);
  expect(NO_RESTART_EXIT_CODES).toEqual([1, 5, 7]);
  expect(text).toContain('Environment=ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE=1\n');
  for (const line of text.split('\n').filter((l) => l.startsWith('Environment='))) {
    expect(line).not.toMatch(/TOKEN|SECRET|PASSWORD|KEY/i);
  }
  expect(unitMarkerLane('[Service]\nExecStart=/bin/true\n')).toBeNull();
});
