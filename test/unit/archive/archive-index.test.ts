import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveIndex } from '../../../core/archive/archive-index.js';
import type { InstanceAttributes } from '../../../core/archive/instance-header.js';

function attrs(over: Partial<InstanceAttributes>): InstanceAttributes {
  return {
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.1', transferSyntaxUid: '1.2.840.10008.1.2',
    studyInstanceUid: '2.1', seriesInstanceUid: '3.1', patientId: 'P1', patientName: 'Doe^John',
    patientNameAlphabetic: 'Doe^John', patientNameIdeographic: '', patientNamePhonetic: '', patientBirthDate: '19700101',
    patientSex: 'M', studyDate: '20240102', studyTime: '101010', studyDescription: 'Chest', accessionNumber: 'A1', studyId: '1',
    referringPhysicianName: '', modality: 'CT', seriesNumber: 1, seriesDescription: 'Axial', instanceNumber: 1, numberOfFrames: undefined,
    sourceAeTitle: '', ...over,
  };
}

let dir: string;
let index: ArchiveIndex;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'fs-index-')); index = new ArchiveIndex(join(dir, 'index.sqlite')); });
afterEach(() => { index.close(); rmSync(dir, { recursive: true, force: true }); });

describe('ArchiveIndex', () => {
  it('uses WAL journaling', () => {
    expect(index.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('counts series and instances per study and joins modalities', () => {
    index.addInstance({ attributes: attrs({}), path: 'a', size: 1, receivedFrom: 'CT1' });
    index.addInstance({ attributes: attrs({ sopInstanceUid: '1.2' }), path: 'b', size: 1, receivedFrom: 'CT1' });
    index.addInstance({ attributes: attrs({ sopInstanceUid: '1.3', seriesInstanceUid: '3.2', modality: 'SR' }), path: 'c', size: 1, receivedFrom: 'CT1' });
    const [s] = index.listStudies();
    expect(s).toMatchObject({ studyInstanceUid: '2.1', patientName: 'Doe^John', patientId: 'P1', seriesCount: 2, instanceCount: 3,
      modalities: 'CT\\SR', studyDescription: 'Chest', receivedFrom: 'CT1' });
    expect(index.listSeries('2.1').map((r) => [r.seriesInstanceUid, r.instanceCount])).toEqual([['3.1', 2], ['3.2', 1]]);
  });

  it('reports a new study once, then updates', () => {
    expect(index.addInstance({ attributes: attrs({}), path: 'a', size: 1, receivedFrom: 'X' }).newStudy).toBe(true);
    expect(index.addInstance({ attributes: attrs({ sopInstanceUid: '1.2' }), path: 'b', size: 1, receivedFrom: 'X' }).newStudy).toBe(false);
  });

  it('replacing an instance moved to another series prunes the empty series', () => {
    index.addInstance({ attributes: attrs({}), path: 'a', size: 1, receivedFrom: 'X' });
    const r = index.addInstance({ attributes: attrs({ seriesInstanceUid: '3.9' }), path: 'b', size: 1, receivedFrom: 'X' });
    expect(r.replacedPath).toBe('a');
    expect(index.listSeries('2.1').map((s) => s.seriesInstanceUid)).toEqual(['3.9']);
  });

  it('keeps Japanese names as decoded text', () => {
    index.addInstance({ attributes: attrs({ patientName: 'Yamada^Tarou=山田^太郎=やまだ^たろう' }), path: 'a', size: 1, receivedFrom: 'X' });
    expect(index.listStudies()[0]?.patientName).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
  });

  it('a failing transaction leaves nothing behind', () => {
    index.addInstance({ attributes: attrs({}), path: 'a', size: 1, receivedFrom: 'X' });
    const bad = attrs({ sopInstanceUid: '1.5', studyInstanceUid: '2.5' });
    // NOT NULL violation in the last statement of the transaction.
    expect(() => index.addInstance({ attributes: bad, path: null as unknown as string, size: 1, receivedFrom: 'X' })).toThrow();
    expect(index.counts()).toEqual({ patients: 1, studies: 1, series: 1, instances: 1 });
  });

  it('a batch gives the same index as the rows one by one (repeated parent rows skipped, changes and overwrites kept)', () => {
    const rows = [
      { attributes: attrs({ sopInstanceUid: '1.1' }), path: 'a', size: 1, receivedFrom: 'CT1' },
      { attributes: attrs({ sopInstanceUid: '1.2', instanceNumber: 2 }), path: 'b', size: 1, receivedFrom: 'CT1' },
      // Another series of the study, then back: the parent rows change in between.
      { attributes: attrs({ sopInstanceUid: '1.3', seriesInstanceUid: '3.2', modality: 'SR', seriesDescription: 'Report' }), path: 'c', size: 1, receivedFrom: 'CT1' },
      { attributes: attrs({ sopInstanceUid: '1.4', studyDescription: 'Chest PA' }), path: 'd', size: 1, receivedFrom: 'CT1' },
      // An overwrite of 1.3 moving it to a new study: its old series and study are pruned.
      { attributes: attrs({ sopInstanceUid: '1.3', studyInstanceUid: '2.9', seriesInstanceUid: '3.9', patientId: 'P9', patientName: 'Roe^Jane' }), path: 'e', size: 1, receivedFrom: 'CT2' },
      { attributes: attrs({ sopInstanceUid: '1.5', studyInstanceUid: '2.9', seriesInstanceUid: '3.9', patientId: 'P9', patientName: 'Roe^Jane' }), path: 'f', size: 1, receivedFrom: 'CT2' },
      { attributes: attrs({ sopInstanceUid: '1.6' }), path: 'g', size: 1, receivedFrom: 'CT1' },
    ];
    const at = new Date('2026-01-01T00:00:00Z');
    const one = new ArchiveIndex(join(dir, 'one.sqlite'));
    try {
      const singles = rows.map((r) => one.addInstance({ ...r, receivedAt: at }));
      const batched = index.addInstances(rows.map((r) => ({ ...r, receivedAt: at })));
      expect(batched.map((r) => r.newStudy)).toEqual(singles.map((r) => r.newStudy));
      expect(batched.map((r) => r.replacedPath)).toEqual(singles.map((r) => r.replacedPath));
      expect(index.listStudies()).toEqual(one.listStudies());
      for (const st of one.listStudies()) expect(index.listSeries(st.studyInstanceUid)).toEqual(one.listSeries(st.studyInstanceUid));
      expect(index.listInstances()).toEqual(one.listInstances());
      expect(index.counts()).toEqual(one.counts());
    } finally {
      one.close();
    }
  });
});

