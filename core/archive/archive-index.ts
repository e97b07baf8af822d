/**
 * The archive's SQLite index (better-sqlite3, WAL journal): patients, studies, series and
 * instances, the rows the study browser reads. The files are the truth: the index can
 * always be rebuilt from them (`reindex`). Every change is one transaction, so a crash
 * (kill -9) leaves either the old or the new state, never half of one.
 *
 * synchronous=NORMAL in WAL mode: a committed transaction survives a process crash; after
 * a power loss the last transactions may be lost, but then the files (fsynced before the
 * row is written) are still there and `reindex` finds them.
 */
import Database from 'better-sqlite3';
import type { InstanceAttributes } from './instance-header.js';

export interface StudyRow {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  /** Modalities in the study, '\'-separated like Modalities in Study (0008,0061). */
  modalities: string;
  seriesCount: number;
  instanceCount: number;
  receivedFrom: string;
  receivedAt: string;
  updatedAt: string;
}

export interface SeriesRow {
  seriesInstanceUid: string;
  studyInstanceUid: string;
  modality: string;
  seriesNumber: number | null;
  seriesDescription: string;
  instanceCount: number;
}

export interface InstanceRow {
  sopInstanceUid: string;
  sopClassUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  instanceNumber: number | null;
  numberOfFrames: number | null;
  transferSyntaxUid: string;
  /** Relative to the archive root, '/' separators. */
  path: string;
  size: number;
  receivedFrom: string;
  receivedAt: string;
}

export interface NewInstance {
  attributes: InstanceAttributes;
  path: string;
  size: number;
  /** Calling AE title for received instances; 'import' for imported ones. */
  receivedFrom: string;
  receivedAt?: Date;
}

export interface AddResult {
  /** The study had no row before. */
  newStudy: boolean;
  /** The instance had a row before (overwrite): its previous path. */
  replacedPath: string | undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS patients (
  pk INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL,
  patient_name TEXT NOT NULL,
  name_alphabetic TEXT NOT NULL DEFAULT '',
  name_ideographic TEXT NOT NULL DEFAULT '',
  name_phonetic TEXT NOT NULL DEFAULT '',
  birth_date TEXT NOT NULL DEFAULT '',
  sex TEXT NOT NULL DEFAULT '',
  UNIQUE (patient_id, patient_name)
);
CREATE TABLE IF NOT EXISTS studies (
  study_uid TEXT PRIMARY KEY,
  patient_pk INTEGER NOT NULL REFERENCES patients(pk),
  study_date TEXT NOT NULL DEFAULT '',
  study_time TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  accession TEXT NOT NULL DEFAULT '',
  study_id TEXT NOT NULL DEFAULT '',
  referring TEXT NOT NULL DEFAULT '',
  received_from TEXT NOT NULL DEFAULT '',
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS studies_patient ON studies(patient_pk);
CREATE TABLE IF NOT EXISTS series (
  series_uid TEXT PRIMARY KEY,
  study_uid TEXT NOT NULL REFERENCES studies(study_uid),
  modality TEXT NOT NULL DEFAULT '',
  series_number INTEGER,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS series_study ON series(study_uid);
CREATE TABLE IF NOT EXISTS instances (
  sop_instance_uid TEXT PRIMARY KEY,
  sop_class_uid TEXT NOT NULL,
  series_uid TEXT NOT NULL REFERENCES series(series_uid),
  study_uid TEXT NOT NULL,
  instance_number INTEGER,
  frames INTEGER,
  transfer_syntax TEXT NOT NULL,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  received_from TEXT NOT NULL DEFAULT '',
  received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS instances_series ON instances(series_uid);
CREATE INDEX IF NOT EXISTS instances_study ON instances(study_uid);
`;

const STUDY_SELECT = `
SELECT s.study_uid AS studyInstanceUid, p.patient_name AS patientName, p.patient_id AS patientId,
  p.birth_date AS patientBirthDate, p.sex AS patientSex, s.study_date AS studyDate, s.study_time AS studyTime,
  s.description AS studyDescription, s.accession AS accessionNumber,
  COALESCE((SELECT group_concat(m, '\\') FROM (SELECT DISTINCT modality AS m FROM series WHERE study_uid = s.study_uid AND modality <> '' ORDER BY modality)), '') AS modalities,
  (SELECT COUNT(*) FROM series WHERE study_uid = s.study_uid) AS seriesCount,
  (SELECT COUNT(*) FROM instances WHERE study_uid = s.study_uid) AS instanceCount,
  s.received_from AS receivedFrom, s.received_at AS receivedAt, s.updated_at AS updatedAt
FROM studies s JOIN patients p ON p.pk = s.patient_pk`;

type Statement = Database.Statement<unknown[], unknown>;

export class ArchiveIndex {
  readonly db: Database.Database;
  private readonly stmts: Record<string, Statement>;

  constructor(file: string, options: { readonly?: boolean } = {}) {
    this.db = new Database(file, { readonly: options.readonly ?? false, timeout: 10_000 });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.exec(SCHEMA);
    }
    const p = (sql: string): Statement => this.db.prepare(sql);
    this.stmts = options.readonly ? {} : {
      upsertPatient: p(`INSERT INTO patients (patient_id, patient_name, name_alphabetic, name_ideographic, name_phonetic, birth_date, sex)
        VALUES (@patientId, @patientName, @patientNameAlphabetic, @patientNameIdeographic, @patientNamePhonetic, @patientBirthDate, @patientSex)
        ON CONFLICT (patient_id, patient_name) DO UPDATE SET
          birth_date = CASE WHEN excluded.birth_date <> '' THEN excluded.birth_date ELSE birth_date END,
          sex = CASE WHEN excluded.sex <> '' THEN excluded.sex ELSE sex END
        RETURNING pk`),
      studyExists: p('SELECT 1 FROM studies WHERE study_uid = ?'),
      upsertStudy: p(`INSERT INTO studies (study_uid, patient_pk, study_date, study_time, description, accession, study_id, referring, received_from, received_at, updated_at)
        VALUES (@studyInstanceUid, @patientPk, @studyDate, @studyTime, @studyDescription, @accessionNumber, @studyId, @referringPhysicianName, @receivedFrom, @now, @now)
        ON CONFLICT (study_uid) DO UPDATE SET patient_pk = excluded.patient_pk, updated_at = excluded.updated_at,
          study_date = CASE WHEN excluded.study_date <> '' THEN excluded.study_date ELSE study_date END,
          study_time = CASE WHEN excluded.study_time <> '' THEN excluded.study_time ELSE study_time END,
          description = CASE WHEN excluded.description <> '' THEN excluded.description ELSE description END,
          accession = CASE WHEN excluded.accession <> '' THEN excluded.accession ELSE accession END,
          study_id = CASE WHEN excluded.study_id <> '' THEN excluded.study_id ELSE study_id END,
          referring = CASE WHEN excluded.referring <> '' THEN excluded.referring ELSE referring END`),
      upsertSeries: p(`INSERT INTO series (series_uid, study_uid, modality, series_number, description)
        VALUES (@seriesInstanceUid, @studyInstanceUid, @modality, @seriesNumber, @seriesDescription)
        ON CONFLICT (series_uid) DO UPDATE SET study_uid = excluded.study_uid,
          modality = CASE WHEN excluded.modality <> '' THEN excluded.modality ELSE modality END,
          series_number = COALESCE(excluded.series_number, series_number),
          description = CASE WHEN excluded.description <> '' THEN excluded.description ELSE description END`),
      instancePath: p('SELECT path FROM instances WHERE sop_instance_uid = ?'),
      upsertInstance: p(`INSERT INTO instances (sop_instance_uid, sop_class_uid, series_uid, study_uid, instance_number, frames, transfer_syntax, path, size, received_from, received_at)
        VALUES (@sopInstanceUid, @sopClassUid, @seriesInstanceUid, @studyInstanceUid, @instanceNumber, @numberOfFrames, @transferSyntaxUid, @path, @size, @receivedFrom, @now)
        ON CONFLICT (sop_instance_uid) DO UPDATE SET sop_class_uid = excluded.sop_class_uid, series_uid = excluded.series_uid,
          study_uid = excluded.study_uid, instance_number = excluded.instance_number, frames = excluded.frames,
          transfer_syntax = excluded.transfer_syntax, path = excluded.path, size = excluded.size,
          received_from = excluded.received_from, received_at = excluded.received_at`),
      pruneSeries: p('DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM instances i WHERE i.series_uid = series.series_uid)'),
      pruneStudies: p('DELETE FROM studies WHERE NOT EXISTS (SELECT 1 FROM series r WHERE r.study_uid = studies.study_uid)'),
      prunePatients: p('DELETE FROM patients WHERE NOT EXISTS (SELECT 1 FROM studies s WHERE s.patient_pk = patients.pk)'),
    };
  }

  private stmt(name: string): Statement {
    const s = this.stmts[name];
    if (!s) throw new Error(`the archive index is open read-only (${name})`);
    return s;
  }

  /** Adds (or, for a known SOP Instance UID, replaces) one instance, in one transaction. */
  addInstance(rec: NewInstance): AddResult {
    // Built once: better-sqlite3 wraps the function in BEGIN/COMMIT (nested calls use savepoints).
    this.addTx ??= this.db.transaction((r: NewInstance): AddResult => {
      const a = r.attributes;
      const now = (r.receivedAt ?? new Date()).toISOString();
      const previous = this.stmt('instancePath').get(a.sopInstanceUid) as { path: string } | undefined;
      // In a batch, the patient, study and series rows are written again only when their values change.
      const parents = this.batchParents === undefined ? undefined : parentsKey(r);
      let newStudy = false;
      if (parents === undefined || parents !== this.batchParents) {
        newStudy = this.stmt('studyExists').get(a.studyInstanceUid) === undefined;
        const patient = this.stmt('upsertPatient').get(a) as { pk: number };
        this.stmt('upsertStudy').run({ ...a, patientPk: patient.pk, receivedFrom: r.receivedFrom, now });
        this.stmt('upsertSeries').run({ ...a, seriesNumber: a.seriesNumber ?? null });
        if (parents !== undefined) this.batchParents = parents;
      }
      this.stmt('upsertInstance').run({
        ...a, instanceNumber: a.instanceNumber ?? null, numberOfFrames: a.numberOfFrames ?? null,
        path: r.path, size: r.size, receivedFrom: r.receivedFrom, now,
      });
      if (previous) {
        this.prune();
        // Pruning may have removed parent rows: the next instance writes its own again.
        if (this.batchParents !== undefined) this.batchParents = '';
      }
      return { newStudy, replacedPath: previous?.path };
    });
    return this.addTx(rec);
  }

  private addTx: ((r: NewInstance) => AddResult) | undefined;
  private instancePathStmt: Statement | undefined;

  /**
   * Parent rows written last in the running batch (see addInstances); undefined outside a
   * batch, '' when no row may be skipped.
   */
  private batchParents: string | undefined;

  /**
   * Many instances in one transaction (received instances, reindex, import of a folder).
   * Consecutive instances of one series carry the same patient, study and series values:
   * those rows are written once for them, which halves the cost of a row (measured with
   * better-sqlite3 here: ~60 -> ~30 us per row in batches of 64).
   */
  addInstances(recs: NewInstance[]): AddResult[] {
    return this.db.transaction(() => {
      this.batchParents = '';
      try {
        return recs.map((r) => this.addInstance(r));
      } finally {
        this.batchParents = undefined;
      }
    })();
  }

  instancePath(sopInstanceUid: string): string | undefined {
    // Asked before every stored instance (duplicate check): prepared once, also when read-only.
    this.instancePathStmt ??= this.db.prepare('SELECT path FROM instances WHERE sop_instance_uid = ?');
    const row = this.instancePathStmt.get(sopInstanceUid) as { path: string } | undefined;
    return row?.path;
  }

  listStudies(): StudyRow[] {
    return this.db.prepare(`${STUDY_SELECT} ORDER BY s.study_date DESC, s.study_time DESC, s.study_uid`).all() as StudyRow[];
  }

  getStudy(studyInstanceUid: string): StudyRow | undefined {
    return this.db.prepare(`${STUDY_SELECT} WHERE s.study_uid = ?`).get(studyInstanceUid) as StudyRow | undefined;
  }

  listSeries(studyInstanceUid: string): SeriesRow[] {
    return this.db.prepare(`SELECT series_uid AS seriesInstanceUid, study_uid AS studyInstanceUid, modality, series_number AS seriesNumber,
      description AS seriesDescription, (SELECT COUNT(*) FROM instances i WHERE i.series_uid = series.series_uid) AS instanceCount
      FROM series WHERE study_uid = ? ORDER BY series_number, series_uid`).all(studyInstanceUid) as SeriesRow[];
  }

  listInstances(filter: { studyInstanceUid?: string; seriesInstanceUid?: string } = {}): InstanceRow[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.studyInstanceUid !== undefined) { where.push('study_uid = ?'); args.push(filter.studyInstanceUid); }
    if (filter.seriesInstanceUid !== undefined) { where.push('series_uid = ?'); args.push(filter.seriesInstanceUid); }
    return this.db.prepare(`SELECT sop_instance_uid AS sopInstanceUid, sop_class_uid AS sopClassUid, series_uid AS seriesInstanceUid,
      study_uid AS studyInstanceUid, instance_number AS instanceNumber, frames AS numberOfFrames, transfer_syntax AS transferSyntaxUid,
      path, size, received_from AS receivedFrom, received_at AS receivedAt FROM instances
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY study_uid, series_uid, instance_number, sop_instance_uid`).all(...args) as InstanceRow[];
  }

  /** Removes the rows of a study or series (and of the patient/study/series left empty); returns the removed instances' paths. */
  deleteRows(filter: { studyInstanceUid: string } | { seriesInstanceUid: string }): string[] {
    return this.db.transaction(() => {
      const rows = this.listInstances(filter);
      if ('studyInstanceUid' in filter) {
        this.db.prepare('DELETE FROM instances WHERE study_uid = ?').run(filter.studyInstanceUid);
      } else {
        this.db.prepare('DELETE FROM instances WHERE series_uid = ?').run(filter.seriesInstanceUid);
      }
      this.prune();
      return rows.map((r) => r.path);
    })();
  }

  /** Removes all rows (reindex). */
  clear(): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM instances; DELETE FROM series; DELETE FROM studies; DELETE FROM patients;');
    })();
  }

  counts(): { patients: number; studies: number; series: number; instances: number } {
    const c = (t: string): number => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { patients: c('patients'), studies: c('studies'), series: c('series'), instances: c('instances') };
  }

  /** SQLite's own consistency check ('ok' when sound). */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private prune(): void {
    this.stmt('pruneSeries').run();
    this.stmt('pruneStudies').run();
    this.stmt('prunePatients').run();
  }
}

/** Attributes that belong to the instance row alone; every other one is a parent row's. */
const INSTANCE_ONLY: ReadonlySet<string> = new Set(['sopClassUid', 'sopInstanceUid', 'transferSyntaxUid', 'instanceNumber', 'numberOfFrames', 'sourceAeTitle']);

/** Everything the patient, study and series rows are written from (an unknown attribute counts). */
function parentsKey(r: NewInstance): string {
  let key = r.receivedFrom;
  for (const [name, value] of Object.entries(r.attributes)) {
    if (!INSTANCE_ONLY.has(name)) key += `\u0000${name}=${String(value)}`;
  }
  return key;
}
