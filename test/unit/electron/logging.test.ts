import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { RotatingLog } from '../../../electron/logging.js';

vi.mock('electron', () => ({}));

const root = mkdtempSync(join(tmpdir(), 'fs-logs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fixed = () => new Date('2025-01-02T03:04:05.000Z');

describe('RotatingLog', () => {
  it('writes timestamped lines with their level', () => {
    const dir = join(root, 'a');
    const log = new RotatingLog(dir, { now: fixed });
    log.info('Storage SCP listening on 11112');
    log.error('Print failed', new Error('association rejected'));
    const text = readFileSync(join(dir, 'filmstation.log'), 'utf8');
    expect(text).toMatch(/^2025-01-02T03:04:05.000Z INFO  Storage SCP listening on 11112\n/);
    expect(text).toContain('ERROR Print failed: Error: association rejected');
  });

  it('rotates by size and keeps at most maxFiles files', () => {
    const dir = join(root, 'b');
    const log = new RotatingLog(dir, { maxBytes: 1024, maxFiles: 3, now: fixed });
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['filmstation.1.log', 'filmstation.2.log', 'filmstation.log']);
    for (const f of files) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(1024);
    expect(readFileSync(join(dir, 'filmstation.log'), 'utf8')).toContain('line 199 ');
    expect(log.files().map((f) => basename(f))).toEqual(['filmstation.log', 'filmstation.1.log', 'filmstation.2.log']);
    // The newest rotated file holds the lines just before the current file's.
    const firstCurrent = Number(/line (\d+)/.exec(readFileSync(join(dir, 'filmstation.log'), 'utf8'))?.[1]);
    expect(readFileSync(join(dir, 'filmstation.1.log'), 'utf8')).toContain(`line ${firstCurrent - 1} `);
  });

  it('continues an existing file after a restart and cuts huge messages', () => {
    const dir = join(root, 'c');
    new RotatingLog(dir, { now: fixed }).info('first run');
    const log = new RotatingLog(dir, { now: fixed, maxLineChars: 100 });
    log.warn('y'.repeat(1000));
    const lines = readFileSync(join(dir, 'filmstation.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('(900 characters cut)');
  });

  it('keeps multi-line messages on indented continuation lines', () => {
    const dir = join(root, 'd');
    new RotatingLog(dir, { now: fixed }).info('a\nb');
    expect(readFileSync(join(dir, 'filmstation.log'), 'utf8')).toBe('2025-01-02T03:04:05.000Z INFO  a\n    b\n');
  });
});
