/** The Workstation facade against a temporary settings folder, the archive and the built-in virtual imager. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workstation } from '../../../core/app/workstation.js';
import type { JobView, WorkstationEvent } from '../../../core/app/contract-types.js';
import { fixture, newStudyUids, variant } from '../archive/dicom-variants.js';

let dir: string;
let ws: Workstation;
const events: WorkstationEvent[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fs-workstation-'));
  mkdirSync(join(dir, 'settings'));
  // A settings file as a user would leave it: the virtual imager's output in our temp folder, one bad field.
  writeFileSync(join(dir, 'settings', 'settings.json'), JSON.stringify({
    version: 1, language: 'klingon',
    virtualPrinter: { enabled: true, profile: 'GENERIC', aeTitle: 'FS_VIRTUAL', port: 0, outputFolder: join(dir, 'films') },
  }));
  const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
  const uids = newStudyUids(ct);
  mkdirSync(join(dir, 'in'));
  for (let i = 0; i < 6; i++) writeFileSync(join(dir, 'in', `ct${i}.dcm`), variant(ct, uids).bytes);
  writeFileSync(join(dir, 'in', 'jp.dcm'), fixture('charset/chrH31.dcm'));
  writeFileSync(join(dir, 'in', 'notes.txt'), 'not DICOM');
  ws = await Workstation.open({
    settingsDir: join(dir, 'settings'), storage: { port: 0, host: '127.0.0.1' }, statusPolling: false,
    archiveOptions: { durability: 'none' }, retry: { baseMs: 100, maxMs: 200, maxAttempts: 2 },
  });
  ws.on((e) => events.push(e));
});

afterAll(async () => {
  await ws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Workstation', () => {
  it('starts the Storage SCP and the virtual imager, which becomes the default printer', async () => {
    const info = await ws.invoke('app:info', {});
    expect(info.storage.listening).toBe(true);
    expect(info.storage.port).toBeGreaterThan(0);
    expect(info.virtualPrinter.listening).toBe(true);
    const printers = await ws.invoke('printers:list', {});
    expect(printers).toHaveLength(1);
    expect(printers[0]).toMatchObject({ id: 'virtual', kind: 'virtual', isDefault: true, calledAeTitle: 'FS_VIRTUAL', port: info.virtualPrinter.port });
    // The bad field went back to its default; the good ones were kept and saved.
    const s = await ws.invoke('settings:get', {});
    expect(s.language).toBe('auto');
    expect(s.virtualPrinter.outputFolder).toBe(join(dir, 'films'));
    const saved = JSON.parse(readFileSync(join(dir, 'settings', 'settings.json'), 'utf8')) as { defaultPrinterId: string };
    expect(saved.defaultPrinterId).toBe('virtual');
  });

  it('imports files with progress events and lists and searches the studies', async () => {
    const report = await ws.invoke('import:paths', { paths: [join(dir, 'in')], operationId: 'imp1' });
    expect(report).toMatchObject({ operationId: 'imp1', total: 8, imported: 7, duplicates: 0 });
    expect(report.skipped.map((x) => x.path)).toEqual([join(dir, 'in', 'notes.txt')]);
    const progress = events.filter((e) => e.type === 'import-progress');
    expect(progress.at(-1)).toMatchObject({ operationId: 'imp1', done: 8, total: 8 });
    const received = events.filter((e) => e.type === 'study-received');
    expect(received).toHaveLength(2); // coalesced: one per study, not one per instance
    const studies = await ws.invoke('studies:list', {});
    expect(studies).toHaveLength(2);
    const jp = await ws.invoke('studies:list', { query: { text: '山田' } });
    expect(jp.map((s) => s.patientId)).toEqual(['H31EXAMPLE']);
    expect(await ws.invoke('studies:list', { query: { text: 'やまだ' } })).toHaveLength(1);
    const ct = await ws.invoke('studies:list', { query: { modality: 'ct' } });
    expect(ct).toHaveLength(1);
    const detail = await ws.invoke('studies:get', { studyInstanceUid: ct[0]?.studyInstanceUid ?? '' });
    expect(detail.series).toHaveLength(1);
    expect(detail.series[0]?.instanceCount).toBe(6);
  });

  it('answers errors as codes: unknown channel, malformed payload, missing study', async () => {
    expect(await ws.call('studies:drop', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await ws.call('studies:get', { studyInstanceUid: 5 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ws.call('studies:get', { studyInstanceUid: '1.2.3' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ws.call('queue:get', { jobId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ws.call('pacs:findStudies', { nodeId: 'none', query: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('fills films from a dropped series, previews them with the core renderer and prints to the virtual imager', async () => {
    const [ct] = await ws.invoke('studies:list', { query: { modality: 'CT' } });
    const series = (await ws.invoke('studies:get', { studyInstanceUid: ct?.studyInstanceUid ?? '' })).series[0];
    const film = await ws.invoke('films:create', { displayFormat: 'STANDARD\\2,2' });
    expect(film).toMatchObject({ filmSizeId: '14INX17IN', displayFormat: 'STANDARD\\2,2', printer: 'GENERIC' });
    const { films, images } = await ws.invoke('films:fill', { film, source: { kind: 'series', seriesInstanceUid: series?.seriesInstanceUid ?? '' } });
    expect(images).toBe(6);
    expect(films).toHaveLength(2);
    expect(films[1]?.boxes.filter((b) => b !== null)).toHaveLength(2);

    const preview = await ws.invoke('films:preview', { film: films[0] ?? film, maxSide: 400 });
    expect(preview.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(Math.max(preview.width, preview.height)).toBeLessThanOrEqual(400);
    expect(preview.boxes).toHaveLength(4);
    expect(preview.matrix.rows).toBeGreaterThan(preview.height);
    const png = Buffer.from(preview.dataUrl.slice(preview.dataUrl.indexOf(',') + 1), 'base64');
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const box = await ws.invoke('films:previewBox', { film: films[0] ?? film, boxIndex: 0, maxSide: 128 });
    expect(Math.max(box.width, box.height)).toBeLessThanOrEqual(128);
    expect(await ws.call('films:previewBox', { film: films[1] ?? film, boxIndex: 3, maxSide: 128 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    const job = await ws.invoke('print:submit', { films, options: { copies: 1 } });
    expect(job).toMatchObject({ printerId: 'virtual', printerName: 'Virtual imager' });
    expect(['queued', 'running']).toContain(job.state);
    await expect.poll(() => events.some((e) => e.type === 'job-progress' && e.job.id === job.id && e.job.state === 'done'), { timeout: 30_000 }).toBe(true);
    const done = await ws.invoke('queue:get', { jobId: job.id });
    expect(done.films.map((f) => f.state)).toEqual(['printed', 'printed']);
    const progress = events.filter((e): e is Extract<WorkstationEvent, { type: 'job-progress' }> => e.type === 'job-progress' && e.job.id === job.id);
    expect(progress.map((e) => e.job.state)).toContain('running');
    // The virtual imager wrote the films.
    const written = readdirSync(join(dir, 'films'), { recursive: true }).map(String).filter((f) => f.endsWith('.png'));
    expect(written.length).toBeGreaterThanOrEqual(2);

    const list = await ws.invoke('queue:list', {});
    expect(list[0]?.id).toBe(job.id);
    const again: JobView = await ws.invoke('queue:reprint', { jobId: job.id, filmIndexes: [1] });
    expect(again).toMatchObject({ reprintOf: job.id });
    expect(again.films).toHaveLength(1);
    expect(await ws.call('queue:retry', { jobId: job.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const fp = await ws.invoke('queue:filmPreview', { jobId: job.id, filmIndex: 0, maxSide: 200 });
    expect(fp.dataUrl).toMatch(/^data:image\/png/);
  }, 60_000);

  it('refuses to print a film whose images are not in the archive', async () => {
    const film = await ws.invoke('films:create', { displayFormat: 'STANDARD\\1,1' });
    const bad = { ...film, boxes: [{ image: { sopInstanceUid: '1.2.3.4', frame: 0 }, view: {} }] };
    expect(await ws.call('print:submit', { films: [bad] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ws.call('print:submit', { films: [film] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'Film 1 has no images' } });
  });

  it('saves printers and settings, and reports capabilities from the profile', async () => {
    const p = await ws.invoke('printers:save', { printer: { name: 'Drystar', kind: 'dicom', host: '127.0.0.1', port: 1, calledAeTitle: 'DRYSTAR', profile: 'AGFA_DRYSTAR_5302', statusPollSeconds: 0 } });
    expect(p.isDefault).toBe(false);
    const caps = await ws.invoke('printers:capabilities', { printerId: p.id });
    expect(caps.profile).toBe('AGFA_DRYSTAR_5302');
    expect(caps.filmSizes.length).toBeGreaterThan(0);
    const echo = await ws.invoke('printers:echo', { printerId: p.id });
    expect(echo.ok).toBe(false);
    expect(echo.message).toMatch(/DRYSTAR@127\.0\.0\.1:1/);
    const vEcho = await ws.invoke('printers:echo', { printerId: 'virtual' });
    expect(vEcho.ok).toBe(true);
    const s = await ws.invoke('settings:set', { patch: { language: 'ja', defaultPrinterId: p.id } });
    expect(s.defaultPrinterId).toBe(p.id);
    expect(events.some((e) => e.type === 'settings-changed')).toBe(true);
    expect(await ws.call('settings:set', { patch: { defaultPrinterId: 'missing' } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const saved = JSON.parse(readFileSync(join(dir, 'settings', 'settings.json'), 'utf8')) as { language: string; printers: unknown[] };
    expect(saved.language).toBe('ja');
    expect(saved.printers).toHaveLength(2);
    expect(readdirSync(join(dir, 'settings')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await ws.invoke('printers:remove', { printerId: p.id })).toEqual({ removed: true });
    expect((await ws.invoke('settings:get', {})).defaultPrinterId).toBe('virtual');
  });

  it('echoes a PACS node and reports a PACS without C-FIND in words', async () => {
    const port = (await ws.invoke('app:info', {})).storage.port ?? 0;
    await ws.invoke('settings:set', { patch: { pacsNodes: [{ id: 'self', name: 'Ourselves', host: '127.0.0.1', port, calledAeTitle: 'FILMSTATION', retrieveMethod: 'C-MOVE' }] } });
    expect(await ws.invoke('pacs:echo', { nodeId: 'self' })).toMatchObject({ ok: true });
    const r = await ws.call('pacs:findStudies', { nodeId: 'self', query: { patientName: 'Y*' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/C-FIND|refused|not support/i);
  });

  it('deletes a study and says so on the event stream', async () => {
    const [jp] = await ws.invoke('studies:list', { query: { patientId: 'H31EXAMPLE' } });
    const r = await ws.invoke('studies:delete', { studyInstanceUid: jp?.studyInstanceUid ?? '' });
    expect(r.deletedInstances).toBe(1);
    expect(events.some((e) => e.type === 'study-deleted' && e.studyInstanceUid === jp?.studyInstanceUid)).toBe(true);
    expect(await ws.invoke('studies:list', { query: { patientId: 'H31EXAMPLE' } })).toEqual([]);
  });

  it('keeps settings when reopened, and puts an unreadable settings file aside', async () => {
    const other = join(dir, 'settings2');
    mkdirSync(other);
    writeFileSync(join(other, 'settings.json'), '{ broken');
    const ws2 = await Workstation.open({ settingsDir: other, storage: false, virtualPrinter: false, statusPolling: false });
    try {
      expect(readdirSync(other).some((f) => f.startsWith('settings.json.bad-'))).toBe(true);
      expect((await ws2.invoke('settings:get', {})).aeTitle).toBe('FILMSTATION');
      expect((await ws2.invoke('app:info', {})).storage.listening).toBe(false);
    } finally {
      await ws2.close();
    }
    expect(existsSync(join(dir, 'settings', 'settings.json'))).toBe(true);
  });
});
