import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { diagnosticsFileName, failedJobIds, jobTraceText, saveDiagnostics } from '../../../electron/diagnostics.js';
import { tarBuffer, tarHeader } from '../../../electron/tar-gzip.js';

vi.mock('electron', () => ({}));

const root = mkdtempSync(join(tmpdir(), 'fs-diag-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Reads a ustar stream back: name -> content. Checks every header checksum. */
function untar(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let off = 0;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, ''), 8);
    const sum = parseInt(h.subarray(148, 156).toString('ascii').replace(/[\0 ].*$/s, ''), 8);
    let actual = 0;
    for (let i = 0; i < 512; i++) actual += i >= 148 && i < 156 ? 32 : (h[i] ?? 0);
    expect(actual, `checksum of ${name}`).toBe(sum);
    expect(h.subarray(257, 262).toString('ascii')).toBe('ustar');
    out.set(name, buf.subarray(off + 512, off + 512 + size).toString('utf8'));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function job(id: string, state: string, updatedAt: string, films: unknown[]): string {
  return JSON.stringify({
    version: 1, id, sequence: 1, createdAt: updatedAt, updatedAt, state, attempts: 2,
    printer: { name: 'DRYSTAR', host: '10.0.0.5', port: 104, calledAeTitle: 'DRYSTAR5302', callingAeTitle: 'FILMSTATION', profile: 'AGFA_DRYSTAR_5302' },
    options: {}, sources: {}, films, lastError: state === 'failed' ? 'Film Box N-CREATE refused: 0xC616' : undefined,
    events: [{ eventTypeId: 2, printerStatus: 'FAILURE', printerStatusInfo: 'FILM JAM' }],
    history: [{ at: updatedAt, what: 'attempt 2 failed', film: 0 }],
  });
}

describe('tar writer', () => {
  it('writes valid ustar headers and refuses unsafe names', () => {
    const t = untar(tarBuffer([{ name: 'a/b.txt', data: Buffer.from('hello') }, { name: 'c.txt', data: Buffer.alloc(0) }]));
    expect([...t]).toEqual([['a/b.txt', 'hello'], ['c.txt', '']]);
    expect(() => tarHeader('/etc/passwd', 1, new Date())).toThrow(RangeError);
    expect(() => tarHeader('a/../../x', 1, new Date())).toThrow(RangeError);
    expect(() => tarHeader('x'.repeat(101), 1, new Date())).toThrow(RangeError);
  });
});

describe('save diagnostics', () => {
  const queueDir = join(root, 'print-queue');
  const logDir = join(root, 'logs');
  mkdirSync(queueDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const failedFilm = {
    index: 0, state: 'failed', attempts: 2, warnings: ['Magnification Type adjusted'], failure: 'Refused: film size not supported',
    statuses: [
      { step: 'N-CREATE Film Session', status: { code: 0, category: 'success', name: 'Success', text: 'Done' } },
      { step: 'N-CREATE Film Box', status: { code: 0xc616, category: 'failure', name: 'Refused', text: 'Film size not supported' }, errorComment: 'FILM SIZE 14INX17IN' },
    ],
  };
  writeFileSync(join(queueDir, 'job-old.json'), job('job-old', 'failed', '2025-01-01T00:00:00Z', [failedFilm]));
  writeFileSync(join(queueDir, 'job-new.json'), job('job-new', 'needs-attention', '2025-02-01T00:00:00Z', [{ ...failedFilm, state: 'uncertain' }]));
  writeFileSync(join(queueDir, 'job-ok.json'), job('job-ok', 'done', '2025-03-01T00:00:00Z', [{ ...failedFilm, state: 'printed' }]));
  writeFileSync(join(queueDir, 'job-new.trace.txt'), '-> A-ASSOCIATE-RQ\n<- A-ASSOCIATE-AC\n');
  writeFileSync(join(queueDir, 'not-a-job.json'), '{ torn');
  writeFileSync(join(logDir, 'filmstation.log'), 'current log\n');
  writeFileSync(join(logDir, 'filmstation.1.log'), 'older log\n');

  it('finds failed and needs-attention jobs, newest first', async () => {
    expect(await failedJobIds(queueDir, 10)).toEqual(['job-new', 'job-old']);
    expect(await failedJobIds(queueDir, 1)).toEqual(['job-new']);
    expect(await failedJobIds(join(root, 'nope'), 5)).toEqual([]);
  });

  it('renders the DIMSE steps of a job as readable lines', () => {
    const text = jobTraceText(job('j', 'failed', '2025-01-01T00:00:00Z', [failedFilm]));
    expect(text).toContain('Printer DRYSTAR  DRYSTAR5302@10.0.0.5:104  calling AE FILMSTATION');
    expect(text).toContain('N-CREATE Film Box  status C616H failure Refused  Error Comment: FILM SIZE 14INX17IN');
    expect(text).toContain('N-CREATE Film Session  status 0000H success');
    expect(text).toContain('FILM JAM');
    expect(jobTraceText('{')).toMatch(/not valid JSON/);
  });

  it('bundles logs, system info and the failed jobs with their traces into a .tar.gz', async () => {
    const out = join(root, diagnosticsFileName(new Date(2025, 0, 2, 3, 4, 5)));
    expect(out).toMatch(/filmstation-diagnostics-20250102-030405\.tar\.gz$/);
    const r = await saveDiagnostics(out, {
      logFiles: [join(logDir, 'filmstation.log'), join(logDir, 'filmstation.1.log'), join(logDir, 'missing.log')],
      queueDir, system: { version: '0.1.0', platform: 'test' },
    });
    expect(r.jobs).toEqual(['job-new', 'job-old']);
    const files = untar(gunzipSync(readFileSync(out)));
    expect([...files.keys()]).toEqual([
      'README.txt', 'system.json', 'logs/filmstation.log', 'logs/filmstation.1.log',
      'jobs/job-new.json', 'jobs/job-new.steps.txt', 'jobs/job-new.trace.txt',
      'jobs/job-old.json', 'jobs/job-old.steps.txt',
    ]);
    expect(files.get('jobs/job-new.trace.txt')).toBe('-> A-ASSOCIATE-RQ\n<- A-ASSOCIATE-AC\n');
    expect(files.get('logs/filmstation.log')).toBe('current log\n');
    expect(JSON.parse(files.get('system.json') ?? '{}')).toEqual({ version: '0.1.0', platform: 'test' });
    expect(files.get('jobs/job-old.steps.txt')).toContain('C616H');
    expect(files.get('README.txt')).toContain('job-new, job-old');
    expect(existsSync(`${out}.part`)).toBe(false);
  });

  it('includes only the jobs asked for, and refuses ids that are not job ids', async () => {
    const out = join(root, 'one.tar.gz');
    const r = await saveDiagnostics(out, { logFiles: [], queueDir, jobIds: ['job-ok', '../etc/passwd'], system: {} });
    expect(r.jobs).toEqual(['job-ok']);
    expect([...untar(gunzipSync(readFileSync(out))).keys()]).toEqual(['README.txt', 'system.json', 'jobs/job-ok.json', 'jobs/job-ok.steps.txt']);
  });

  it.skipIf(!existsSync('/usr/bin/tar'))('opens with the system tar', async () => {
    const out = join(root, 'system-tar.tar.gz');
    await saveDiagnostics(out, { logFiles: [join(logDir, 'filmstation.log')], queueDir, system: {} });
    const list = execFileSync('/usr/bin/tar', ['-tzf', out], { encoding: 'utf8' }).trim().split('\n');
    expect(list).toContain('logs/filmstation.log');
    expect(list).toContain('jobs/job-old.steps.txt');
  });
});
