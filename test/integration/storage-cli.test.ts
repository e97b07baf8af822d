/** The CLI commands over the archive: serve --archive, send, studies, import, reindex. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../core/cli/main.js';
import { freePort, waitForPort } from '../support/peers.js';
import { memoryIo } from '../support/memory-io.js';
import { fixture, newStudyUids, variant } from '../unit/archive/dicom-variants.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'fs-storage-cli-')); mkdirSync(join(dir, 'in')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('serve --archive, send, studies', () => {
  it('receives what send sends, lists it, and stops with exit 0', async () => {
    const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const study = newStudyUids(ct);
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, 'in', `ct${i}.dcm`), variant(ct, study).bytes);
    writeFileSync(join(dir, 'in', 'jp.dcm'), fixture('charset/chrH31.dcm'));
    const port = await freePort();
    let stop!: (s: string) => void;
    const serveIo = memoryIo(new Promise<string>((r) => { stop = r; }));
    const serving = runCli(['serve', '--settings', join(dir, 'settings'), '--archive', join(dir, 'a'), '--aet', 'FSARCHIVE', '--host', '127.0.0.1', '--port', String(port)], serveIo);
    await waitForPort(port);
    const sendIo = memoryIo();
    const code = await runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--called-aet', 'FSARCHIVE', '--calling-aet', 'CLI', join(dir, 'in')], sendIo);
    expect(sendIo.err()).toBe('');
    expect(code).toBe(0);
    expect(sendIo.out()).toMatch(/\[4\/4\] OK .*Success \(0x0000\)/);
    expect(sendIo.out()).toMatch(/sent 4 of 4 instances/);

    const listIo = memoryIo();
    expect(await runCli(['studies', '--archive', join(dir, 'a'), '--json'], listIo)).toBe(0);
    const studies = JSON.parse(listIo.out()) as Array<Record<string, unknown>>;
    expect(studies).toHaveLength(2);
    expect(studies.find((s) => s.studyInstanceUid === study.studyInstanceUid)).toMatchObject({
      patientName: 'CompressedSamples^CT1', patientId: '1CT1', studyDate: '20040826', modalities: 'CT', seriesCount: 1, instanceCount: 3 });
    expect(studies.map((s) => s.patientName)).toContain('Yamada^Tarou=山田^太郎=やまだ^たろう');

    const tableIo = memoryIo();
    await runCli(['studies', '--archive', join(dir, 'a')], tableIo);
    expect(tableIo.out()).toMatch(/^PATIENT NAME\s+PATIENT ID\s+DATE/);
    expect(tableIo.out()).toMatch(/CompressedSamples\^CT1\s+1CT1\s+2004-08-26\s+CT\s+.*1\s+3\s+/);
    expect(tableIo.out()).toMatch(/2 studies$/m);

    stop('SIGTERM');
    expect(await serving).toBe(0);
    expect(serveIo.out()).toMatch(/association from CLI released: 4 stored, 0 failed/);
    expect(serveIo.out()).toMatch(/stopped/);
  });

  it('send exits 3 when nothing listens, and 2 without files', async () => {
    const port = await freePort();
    const io = memoryIo();
    writeFileSync(join(dir, 'one.dcm'), fixture('modality/MR_small.dcm'));
    expect(await runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--called-aet', 'X', join(dir, 'one.dcm')], io)).toBe(3);
    expect(await runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--called-aet', 'X'], memoryIo())).toBe(2);
  });
});

describe('import and reindex', () => {
  it('imports a folder with a non-DICOM file, lists it, reindexes to the same result', async () => {
    const src = join(dir, 'import-src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'sub', 'mr.dcm'), fixture('modality/MR_small.dcm'));
    writeFileSync(join(src, 'readme.txt'), 'hello');
    const io = memoryIo();
    expect(await runCli(['import', src, '--archive', join(dir, 'b')], io)).toBe(0);
    expect(io.out()).toMatch(/imported 1, already in the archive 0, skipped 1 \(not DICOM\), failed 0; 1 studies/);
    expect(io.out()).toMatch(/skipped .*readme\.txt/);
    const before = memoryIo();
    await runCli(['studies', '--archive', join(dir, 'b'), '--json'], before);
    const re = memoryIo();
    expect(await runCli(['reindex', '--archive', join(dir, 'b')], re)).toBe(0);
    expect(re.out()).toMatch(/indexed 1 instances in 1 studies/);
    const after = memoryIo();
    await runCli(['studies', '--archive', join(dir, 'b'), '--json'], after);
    const strip = (s: string): unknown => (JSON.parse(s) as Array<Record<string, unknown>>).map(({ receivedAt: _a, receivedFrom: _b, ...r }) => r);
    expect(strip(after.out())).toEqual(strip(before.out()));
  });

  it('studies on a folder that is not an archive is a usage error', async () => {
    const io = memoryIo();
    expect(await runCli(['studies', '--archive', join(dir, 'nothing-here')], io)).toBe(2);
    expect(io.err()).toMatch(/not an archive/);
  });
});
