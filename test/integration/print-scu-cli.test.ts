import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printCommand } from '../../core/cli/commands/print.js';
import { printerStatusCommand } from '../../core/cli/commands/printer-status.js';
import { readDicomFile } from '../../core/dicom/read-dicom-file.js';
import { memoryIo } from '../support/memory-io.js';
import { startDcmprscp, type RunningDcmprscp } from '../support/dcmprscp.js';

const CT = join(__dirname, '../fixtures/dicom/ts/CT1_UNC.implicit_little_endian.dcm');

describe('CLI print / printer-status against dcmprscp IHEFULL', () => {
  let p: RunningDcmprscp;
  let queueDir: string;
  beforeAll(async () => { p = await startDcmprscp('IHEFULL'); queueDir = mkdtempSync(join(tmpdir(), 'fs-cli-queue-')); });
  afterAll(async () => { await p.stop(); rmSync(queueDir, { recursive: true, force: true }); });

  it('print paginates 5 images into two 2x2 films and exits 0', async () => {
    const io = memoryIo();
    const code = await printCommand(['--host', '127.0.0.1', '--port', String(p.port), '--called-aet', p.aeTitle, '--profile', 'IHEFULL',
      '--format', 'STANDARD\\2,2', '--film-size', '10INX12IN', '--bits', '12', '--window', '40,400', '--copies', '1', '--magnification', 'CUBIC',
      '--queue-dir', queueDir, CT, CT, CT, CT, CT], io);
    expect(io.out()).toMatch(/^OK: 2 of 2 film\(s\) printed on IHEFULL@127\.0\.0\.1:\d+/);
    expect(code).toBe(0);
    expect(p.storedPrints()).toHaveLength(2);
    const sp = await readDicomFile(p.storedPrints()[0] as string);
    const fb = sp.sequence(0x21300030)[0];
    expect(fb?.string(0x20100050)).toBe('10INX12IN');
    expect(fb?.string(0x20100060)).toBe('CUBIC');
    expect(p.hardcopyImages()).toHaveLength(5);
  }, 60_000);

  it('a medium the printer does not list is refused with the accepted ones', async () => {
    const io = memoryIo();
    await expect(printCommand(['--host', '127.0.0.1', '--port', String(p.port), '--called-aet', p.aeTitle, '--profile', 'IHEFULL',
      '--medium', 'MAMMO FILM', '--queue-dir', queueDir, CT], io)).resolves.toBe(1);
    expect(io.out()).toMatch(/does not accept medium type 'MAMMO FILM' \(it accepts: PAPER, CLEAR FILM, BLUE FILM\)/);
  }, 30_000);

  it('printer-status prints the status in words and exits 0', async () => {
    const io = memoryIo();
    const code = await printerStatusCommand(['--host', '127.0.0.1', '--port', String(p.port), '--called-aet', p.aeTitle], io);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^IHEFULL@127\.0\.0\.1:\d+: Ready\n  Printer Status:      NORMAL/);
  });
});

describe('CLI print with no printer given', () => {
  it('prints to the built-in virtual imager: one film folder with PNG, record and PDF', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fs-cli-vp-'));
    const queueDir = mkdtempSync(join(tmpdir(), 'fs-cli-vpq-'));
    try {
      const io = memoryIo();
      const code = await printCommand(['--out', out, '--queue-dir', queueDir, '--format', 'STANDARD\\2,1', '--film-size', '8INX10IN', CT, CT], io);
      expect(io.err()).toMatch(/built-in virtual imager \(GENERIC\)/);
      expect(io.out()).toMatch(/^OK: 1 of 1 film\(s\) printed on FILMSTATION_VP@127\.0\.0\.1:\d+/);
      expect(code).toBe(0);
      const { readdirSync, readFileSync } = await import('node:fs');
      const sessions = readdirSync(out);
      expect(sessions).toHaveLength(1);
      const session = join(out, sessions[0]!);
      expect(readdirSync(session).sort()).toEqual(['film-001', 'session.pdf']);
      const record = JSON.parse(readFileSync(join(session, 'film-001', 'record.json'), 'utf8')) as Record<string, unknown>;
      expect(JSON.stringify(record)).toContain('STANDARD\\\\2,1');
      expect(readFileSync(join(session, 'session.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(queueDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('--port without --host is a usage error', async () => {
    await expect(printCommand(['--port', '104', CT], memoryIo())).rejects.toThrow(/need --host/);
  });
});
