/** `filmstation find` and `filmstation retrieve` against Orthanc. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../core/cli/main.js';
import { Archive } from '../../core/archive/archive.js';
import { freePort } from '../support/peers.js';
import { memoryIo } from '../support/memory-io.js';
import { fixture } from '../unit/archive/dicom-variants.js';
import { orthancUpload, startOrthancQr, type OrthancQr } from './query-retrieve-support.js';

const H31_STUDY = '1.3.6.1.4.1.5962.1.2.0.1175775771.5702.0';
const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040826185059.5457';
let dir: string;
let orthanc: OrthancQr;
let listenPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fs-qr-cli-'));
  listenPort = await freePort();
  orthanc = await startOrthancQr({ modalities: { FSCLI: ['FSCLI', '127.0.0.1', listenPort] } });
  await orthancUpload(orthanc.httpPort, fixture('charset/chrH31.dcm'));
  await orthancUpload(orthanc.httpPort, fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
}, 60_000);
afterAll(async () => {
  await orthanc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const pacs = (): string[] => ['--host', '127.0.0.1', '--port', String(orthanc.port), '--called-aet', orthanc.aeTitle];

describe('filmstation find', () => {
  it('lists studies as a table with the Japanese name decoded', async () => {
    const io = memoryIo();
    const code = await runCli(['find', ...pacs(), '--level', 'STUDY', '--patient-name', '*山田*'], io);
    expect(code, io.err()).toBe(0);
    expect(io.out()).toContain('Yamada^Tarou=山田^太郎=やまだ^たろう');
    expect(io.out()).toContain('1 match in');
  });

  it('--json gives the matches; a bad date is a usage error (exit 2) without contacting the PACS', async () => {
    const io = memoryIo();
    expect(await runCli(['find', ...pacs(), '--modality', 'CT', '--json'], io)).toBe(0);
    const parsed = JSON.parse(io.out()) as { matches: Array<{ studyInstanceUid: string }> };
    expect(parsed.matches.map((m) => m.studyInstanceUid)).toEqual([CT_STUDY]);
    const bad = memoryIo();
    expect(await runCli(['find', ...pacs(), '--study-date', '2024-01-01'], bad)).toBe(2);
    expect(bad.err()).toMatch(/YYYYMMDD/);
  });

  it('a PACS that is not there: exit 3', async () => {
    const io = memoryIo();
    expect(await runCli(['find', '--host', '127.0.0.1', '--port', String(await freePort()), '--called-aet', 'X'], io)).toBe(3);
  });
});

describe('filmstation retrieve', () => {
  it('--method move runs the Storage SCP on --listen-port for the duration', async () => {
    const io = memoryIo();
    const code = await runCli(['retrieve', ...pacs(), '--study-uid', CT_STUDY, '--method', 'move', '--archive', join(dir, 'a'),
      '--aet', 'FSCLI', '--listen-port', String(listenPort)], io);
    expect(code, io.out() + io.err()).toBe(0);
    expect(io.out()).toMatch(/retrieved: 1 instances/);
    const a = Archive.open(join(dir, 'a'));
    try { expect(a.listInstances({ studyInstanceUid: CT_STUDY })).toHaveLength(1); } finally { a.close(); }
  });

  it('--method get stores over our own association', async () => {
    const io = memoryIo();
    const code = await runCli(['retrieve', ...pacs(), '--study-uid', H31_STUDY, '--method', 'get', '--archive', join(dir, 'b'), '--json'], io);
    expect(code, io.out() + io.err()).toBe(0);
    const report = JSON.parse(io.out()) as { ok: boolean; stored: number };
    expect(report).toMatchObject({ ok: true, stored: 1 });
  });

  it('move to an AE Orthanc does not know: exit 1 and the status in words', async () => {
    const io = memoryIo();
    const code = await runCli(['retrieve', ...pacs(), '--study-uid', CT_STUDY, '--method', 'move', '--archive', join(dir, 'c'),
      '--aet', 'UNKNOWNAE', '--listen-port', String(await freePort())], io);
    expect(code).toBe(1);
    expect(io.out()).toMatch(/NOT fully retrieved/);
  });
});
