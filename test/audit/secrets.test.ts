import { describe, expect, it } from 'vitest';
import { redact } from '../../src/audit/redact.js';
import { registeringSecrets, SecretRegistry } from '../../src/audit/secrets.js';
import { recordingIO } from './support/recording-io.js';

describe('SecretRegistry', () => {
  it('learns every value the command masks through its IO', () => {
    const registry = new SecretRegistry();
    const inner = recordingIO({ A: 'b' }, { x: 'y' });
    const io = registeringSecrets(inner, registry);
    io.setSecret('jit-config-value-123');
    expect(inner.secrets).toEqual(['jit-config-value-123']);
    expect(redact('log: jit-config-value-123', registry)).toBe('log: ***');
    // everything else goes straight through
    expect(io.input('x')).toBe('y');
    expect(io.env('A')).toBe('b');
    io.output('o', 'v');
    expect(inner.outputs).toEqual({ o: 'v' });
  });

  it('scrubs the longest registered value first', () => {
    const registry = new SecretRegistry();
    registry.register('abcdef');
    registry.register('abcdef-and-more');
    expect(redact('abcdef-and-more', registry)).toBe('***');
  });
});
