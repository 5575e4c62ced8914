import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keptSecret } from './kept-secret';

describe('keptSecret', () => {
  let dir: string;
  const heard: string[] = [];
  const log = (m: string) => heard.push(m);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'erp-secret-'));
    heard.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a random secret on first use, readable by its owner only, and keeps it', () => {
    const first = keptSecret(join(dir, 'data'), 'jwt-secret', log);
    expect(first).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const path = join(dir, 'data', 'jwt-secret');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(heard.join()).toContain('generated jwt-secret');
    expect(keptSecret(join(dir, 'data'), 'jwt-secret', log)).toBe(first);
    expect(readFileSync(path, 'utf8').trim()).toBe(first);
  });

  it('gives each data directory its own secret', () => {
    expect(keptSecret(join(dir, 'a'), 'jwt-secret', log)).not.toBe(
      keptSecret(join(dir, 'b'), 'jwt-secret', log),
    );
  });

  it('repairs a kept secret that others could read', () => {
    const path = join(dir, 'jwt-secret');
    writeFileSync(path, 'x'.repeat(64));
    chmodSync(path, 0o644);
    expect(keptSecret(dir, 'jwt-secret', log)).toBe('x'.repeat(64));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(heard.join()).toContain('mode is now 0600');
  });

  it('refuses a file too short to be a secret it wrote', () => {
    writeFileSync(join(dir, 'jwt-secret'), 'secret\n', { mode: 0o600 });
    expect(() => keptSecret(dir, 'jwt-secret', log)).toThrow(/too short/);
  });
});
