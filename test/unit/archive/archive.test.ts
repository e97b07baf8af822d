/** The archive without the network: import, duplicates, delete, reindex, crash leftovers, events. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../core/archive/archive.js';
import { ArchiveIndex } from '../../../core/archive/archive-index.js';
import { PlacementJournal } from '../../../core/archive/placement-journal.js';
import { importPaths } from '../../../core/archive/import-files.js';
import { reindexArchive } from '../../../core/archive/reindex.js';
import type { ArchiveEvent } from '../../../core/archive/archive-events.js';
import { run } from '../../support/peers.js';
import { datasetBytesOf, fixture, newStudyUids, variant } from './dicom-variants.js';
import { partialFiles } from '../../support/archive-tmp.js';

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
let dir: string;
let archive: Archive;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fs-archive-'));
  mkdirSync(join(dir, 'in'));
  archive = Archive.open(join(dir, 'archive'));
});
afterEach(async () => {
  await archive.close();
  rmSync(dir, { recursive: true, force: true });
});

function input(name: string, bytes: Uint8Array): string {
  const p = join(dir, 'in', name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, bytes);
  return p;
}

describe('import', () => {
  it('copies files byte for byte, leaves originals untouched, and indexes them', async () => {
    const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const p = input('a/ct.dcm', ct);
    const before = statSync(p).mtimeMs;
    const report = await importPaths(archive, [join(dir, 'in')]);
    expect(report).toMatchObject({ total: 1, imported: 1, duplicates: 0, skipped: [], failed: [] });
    const row = archive.listInstances()[0];
    expect(Buffer.compare(readFileSync(archive.absolutePath(row?.path ?? '')), Buffer.from(ct))).toBe(0);
    expect(statSync(p).mtimeMs).toBe(before);
    expect(Buffer.compare(readFileSync(p), Buffer.from(ct))).toBe(0);
    expect(row?.receivedFrom).toBe('import');
  });

  it('walks folders recursively, skips non-DICOM files and reports them, with progress', async () => {
    const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const study = newStudyUids(ct);
    input('x/1.dcm', variant(ct, study).bytes);
    input('x/y/z/2', variant(ct, study).bytes);
    input('x/notes.txt', new TextEncoder().encode('not dicom at all'));
    input('x/empty', new Uint8Array(0));
    const progress: string[] = [];
    const report = await importPaths(archive, [join(dir, 'in')], { onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.outcome}`) });
    expect(report.imported).toBe(2);
    expect(report.skipped.map((s) => s.path.replace(dir, '')).sort()).toEqual(['/in/x/empty', '/in/x/notes.txt']);
    expect(report.skipped.every((s) => /not a readable DICOM file/.test(s.reason))).toBe(true);
    expect(progress).toHaveLength(4);
    expect(progress.at(-1)).toMatch(/^4\/4 /);
    expect(archive.listStudies()).toHaveLength(1);
    expect(archive.listStudies()[0]?.instanceCount).toBe(2);
  });

  it('imports the files a DICOMDIR references (CD layout, made by DCMTK dcmmkdir)', async () => {
    const cd = join(dir, 'cd');
    mkdirSync(join(cd, 'IMAGES'), { recursive: true });
    writeFileSync(join(cd, 'IMAGES', 'IM000001'), fixture('charset/chrH31.dcm'));
    writeFileSync(join(cd, 'IMAGES', 'IM000002'), fixture('modality/MR_small.dcm'));
    writeFileSync(join(cd, 'IMAGES', 'UNLISTED'), fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    const r = await runIn(cd, 'dcmmkdir', ['-Pgp', '+I', '+id', '.', 'IMAGES/IM000001', 'IMAGES/IM000002']);
    expect(r.code, r.stderr).toBe(0);
    const report = await importPaths(archive, [join(cd, 'DICOMDIR')]);
    expect(report.imported).toBe(2);
    expect(report.missing).toEqual([]);
    const names = archive.listStudies().map((s) => s.patientName).sort();
    expect(names).toContain('Yamada^Tarou=山田^太郎=やまだ^たろう');
    expect(names).toHaveLength(2);
  });

  it('matches DICOMDIR file IDs case-insensitively (a CD mounted lower-case)', async () => {
    const cd = join(dir, 'cd2');
    mkdirSync(join(cd, 'IMAGES'), { recursive: true });
    writeFileSync(join(cd, 'IMAGES', 'IM000001'), fixture('charset/chrH31.dcm'));
    expect((await runIn(cd, 'dcmmkdir', ['-Pgp', '+I', '+id', '.', 'IMAGES/IM000001'])).code).toBe(0);
    const lower = join(dir, 'lower');
    mkdirSync(join(lower, 'images'), { recursive: true });
    writeFileSync(join(lower, 'dicomdir'), readFileSync(join(cd, 'DICOMDIR')));
    writeFileSync(join(lower, 'images', 'im000001'), readFileSync(join(cd, 'IMAGES', 'IM000001')));
    const report = await importPaths(archive, [join(lower, 'dicomdir')]);
    expect(report.imported).toBe(1);
  });
});

function runIn(cwd: string, cmd: string, args: string[]): ReturnType<typeof run> {
  return run('sh', ['-c', `cd "${cwd}" && ${cmd} ${args.map((a) => `'${a}'`).join(' ')}`]);
}

describe('duplicates, delete, events', () => {
  it('a second import of the same instance keeps one copy', async () => {
    const p = input('ct.dcm', fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    await importPaths(archive, [p]);
    const again = await importPaths(archive, [p]);
    expect(again).toMatchObject({ imported: 0, duplicates: 1 });
    expect(archive.listInstances()).toHaveLength(1);
  });

  it('deletes a series and a study: files and rows together, with events', async () => {
    const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const study = newStudyUids(ct);
    const other = { ...study, seriesInstanceUid: newStudyUids(ct).seriesInstanceUid };
    await importPaths(archive, [input('1', variant(ct, study).bytes), input('2', variant(ct, study).bytes), input('3', variant(ct, other).bytes)]);
    const events: ArchiveEvent[] = [];
    archive.events.on((e) => events.push(e));
    expect(archive.listSeries(study.studyInstanceUid)).toHaveLength(2);
    expect(archive.deleteSeries(study.studyInstanceUid, study.seriesInstanceUid)).toBe(2);
    expect(existsSync(join(archive.root, study.studyInstanceUid, study.seriesInstanceUid))).toBe(false);
    expect(archive.listStudies()[0]).toMatchObject({ seriesCount: 1, instanceCount: 1 });
    expect(archive.deleteStudy(study.studyInstanceUid)).toBe(1);
    expect(archive.listStudies()).toEqual([]);
    expect(archive.index.counts()).toEqual({ patients: 0, studies: 0, series: 0, instances: 0 });
    expect(existsSync(join(archive.root, study.studyInstanceUid))).toBe(false);
    expect(events).toEqual([
      { type: 'study-deleted', studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: study.seriesInstanceUid },
      { type: 'study-deleted', studyInstanceUid: study.studyInstanceUid },
    ]);
  });

  it('a listener that throws does not break storage', async () => {
    archive.events.on(() => { throw new Error('UI bug'); });
    const r = await importPaths(archive, [input('ct.dcm', fixture('ts/CT1_UNC.implicit_little_endian.dcm'))]);
    expect(r.imported).toBe(1);
  });
});

/** A CT received as the Storage SCP receives it: committed with the answer before the index row. */
async function receivedAnswerFirst(): Promise<{ uids: ReturnType<typeof variant>['uids']; events: ArchiveEvent[]; result: Awaited<ReturnType<Archive['commit']>> }> {
  const { bytes, uids } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
  const incoming = archive.beginInstance({ mediaStorageSopClassUid: CT_IMAGE, mediaStorageSopInstanceUid: uids.sopInstanceUid,
    transferSyntaxUid: '1.2.840.10008.1.2', sourceApplicationEntityTitle: 'MODALITY1' });
  incoming.write(datasetBytesOf(bytes));
  incoming.end();
  const events: ArchiveEvent[] = [];
  archive.events.on((e) => events.push(e));
  const result = await archive.commit(incoming, { sopClassUid: CT_IMAGE, sopInstanceUid: uids.sopInstanceUid }, 'MODALITY1', { answerFirst: true });
  return { uids, events, result };
}

describe('crash recovery and reindex', () => {
  it('opening the archive removes temporary files left by a crash', async () => {
    await archive.close();
    writeFileSync(join(dir, 'archive', '.tmp', 'dead.part'), 'half a data set');
    archive = Archive.open(join(dir, 'archive'));
    expect(partialFiles(join(dir, 'archive', '.tmp'))).toEqual([]);
  });

  it('a received instance is answered before its row; the row follows shortly, and the journal empties', async () => {
    const { uids, events, result } = await receivedAnswerFirst();
    expect(result.outcome).toBe('stored');
    expect(existsSync(join(archive.root, result.path))).toBe(true);
    const journal = join(archive.root, 'index.sqlite-placed');
    expect(readFileSync(journal, 'utf8')).toBe(`${result.path}\n`);
    expect(events).toEqual([]); // no row yet (the event comes with it): the answer went first
    await new Promise((r) => setTimeout(r, 100)); // the batch timer writes it (20 ms)
    expect(events.map((e) => e.type)).toEqual(['study-received']);
    expect(archive.index.instancePath(uids.sopInstanceUid)).toBe(result.path);
    await archive.close();
    expect(statSync(journal).size).toBe(0);
    archive = Archive.open(join(dir, 'archive'));
  });

  it('readers of the index (and a releasing sender) never miss an answered instance: pending rows are written first', async () => {
    const { uids, events, result } = await receivedAnswerFirst();
    expect(events).toEqual([]);
    expect(archive.index.instancePath(uids.sopInstanceUid)).toBe(result.path);
    expect(events.map((e) => e.type)).toEqual(['study-received']);
  });

  it('a commit that finishes after the archive closed is refused and leaves no file (nor the journal open)', async () => {
    const { bytes, uids } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    const incoming = archive.beginInstance({ mediaStorageSopClassUid: CT_IMAGE, mediaStorageSopInstanceUid: uids.sopInstanceUid,
      transferSyntaxUid: '1.2.840.10008.1.2', sourceApplicationEntityTitle: 'MODALITY1' });
    incoming.write(datasetBytesOf(bytes));
    incoming.end();
    const commit = archive.commit(incoming, { sopClassUid: CT_IMAGE, sopInstanceUid: uids.sopInstanceUid }, 'MODALITY1', { answerFirst: true });
    archive.close(); // while the commit is on its way (its fdatasync runs on the thread pool)
    await expect(commit).rejects.toThrow(/closed|not open/);
    expect(existsSync(join(dir, 'archive', 'index.sqlite-placed')) ? statSync(join(dir, 'archive', 'index.sqlite-placed')).size : 0).toBe(0);
    const stored = readdirSync(join(dir, 'archive'), { recursive: true }).filter((n) => String(n).endsWith('.dcm'));
    expect(stored).toEqual([]);
    archive = Archive.open(join(dir, 'archive'));
  });

  it('the placement journal is not reopened once closed (a late commit would hold the file open)', () => {
    const file = join(dir, 'journal');
    const journal = new PlacementJournal(file);
    journal.record('a/b/c.dcm');
    journal.close();
    expect(() => journal.record('a/b/d.dcm')).toThrow(/closed/);
    journal.settled(true); // a no-op now
    expect(readFileSync(file, 'utf8')).toBe('a/b/c.dcm\n');
  });

  it('a process killed between the answer and the row: the next start indexes the journalled file', async () => {
    const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    await archive.importFile(input('ct.dcm', ct));
    const [row] = archive.listInstances();
    await archive.close();
    // What a kill leaves: the file in place and journalled, no row (and a line for a file that never arrived).
    const index = new ArchiveIndex(join(dir, 'archive', 'index.sqlite'));
    index.deleteRows({ seriesInstanceUid: row!.seriesInstanceUid });
    index.close();
    writeFileSync(join(dir, 'archive', 'index.sqlite-placed'), `${row!.path}\nno/such/file.dcm\n`);
    archive = Archive.open(join(dir, 'archive'));
    expect(archive.listInstances().map((i) => [i.sopInstanceUid, i.path])).toEqual([[row!.sopInstanceUid, row!.path]]);
    expect(statSync(join(dir, 'archive', 'index.sqlite-placed')).size).toBe(0);
  });

  it('reindex rebuilds the same index from the files, and finds files the index missed', async () => {
    const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const study = newStudyUids(ct);
    await importPaths(archive, [input('1', variant(ct, study).bytes), input('2', variant(ct, study).bytes), input('jp', fixture('charset/chrH31.dcm'))]);
    const before = archive.listStudies().map(({ receivedAt: _a, updatedAt: _b, receivedFrom: _c, ...s }) => s);
    // A file that reached its place but whose row was lost (crash between rename and index).
    const lost = variant(ct, study);
    const lostPath = join(archive.root, study.studyInstanceUid, study.seriesInstanceUid, `${lost.uids.sopInstanceUid}.dcm`);
    writeFileSync(lostPath, lost.bytes);
    writeFileSync(join(archive.root, 'README.txt'), 'someone left a note');
    await archive.close();
    const report = await reindexArchive(join(dir, 'archive'));
    expect(report.instances).toBe(4);
    expect(report.unreadable.map((u) => u.path)).toEqual(['README.txt']);
    archive = Archive.open(join(dir, 'archive'));
    const after = archive.listStudies().map(({ receivedAt: _a, updatedAt: _b, receivedFrom: _c, ...s }) => s);
    expect(after.find((s) => s.studyInstanceUid === study.studyInstanceUid)?.instanceCount).toBe(3);
    expect(after.map((s) => s.patientName).sort()).toEqual(before.map((s) => s.patientName).sort());
  });

  it('stored data set bytes equal the source data set bytes (import keeps the file whole)', async () => {
    const mr = fixture('ts/MR_small_jp2klossless.dcm');
    await importPaths(archive, [input('mr', mr)]);
    const row = archive.listInstances()[0];
    expect(Buffer.compare(datasetBytesOf(new Uint8Array(readFileSync(archive.absolutePath(row?.path ?? '')))), datasetBytesOf(mr))).toBe(0);
  });
});

describe('one writer per archive folder', () => {
  it('a second open is refused while the first is open, and allowed once it is closed; the lock file is not taken for an instance', async () => {
    expect(() => Archive.open(join(dir, 'archive'))).toThrow(/already open in this process/);
    await archive.close();
    archive = Archive.open(join(dir, 'archive'));
    const report = await reindexArchive(join(dir, 'other'));
    expect(report.unreadable).toEqual([]);
    await archive.close();
    const again = await reindexArchive(join(dir, 'archive'));
    expect(again.unreadable).toEqual([]);
    archive = Archive.open(join(dir, 'archive'));
  });
});
