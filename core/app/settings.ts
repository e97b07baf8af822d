/**
 * Workstation settings, persisted as JSON in the settings folder (settings.json). Writes
 * are atomic: a temporary file in the same folder, fsync, rename over the old file, fsync
 * of the folder, so a crash or power loss leaves either the old or the new settings.
 *
 * A settings file that cannot be read is set aside (settings.json.bad-<time>) and the
 * defaults are used; a field that fails validation falls back to its default alone, so
 * one bad value does not lose the PACS nodes and printers.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { defaultVirtualPrinterFolder } from '../services/print-scp/output-writer.js';
import { ApiError } from './errors.js';
import type { Settings, SettingsPatch } from './contract-types.js';
import { settingsPatch } from './contract.js';
import { parse } from './validate.js';

export const SETTINGS_FILE = 'settings.json';
export const VIRTUAL_PRINTER_ID = 'virtual';

export function defaultSettings(): Settings {
  return {
    version: 1,
    aeTitle: 'FILMSTATION',
    port: 11112,
    listenHost: '0.0.0.0',
    language: 'auto',
    pacsNodes: [],
    printers: [],
    defaultPrinterId: null,
    annotationTemplates: [{
      id: 'patient',
      name: 'Patient and film number',
      annotations: [
        { template: '{patientName}  {patientId}', position: 'top-left', scope: 'film', sizeMm: 4 },
        { template: '{filmNumber}/{filmCount}', position: 'top-right', scope: 'film', sizeMm: 4 },
      ],
    }],
    activeAnnotationTemplateId: null,
    defaultFilmSizeId: '14INX17IN',
    defaultDisplayFormat: 'STANDARD\\2,2',
    virtualPrinter: { enabled: true, profile: 'GENERIC', aeTitle: 'FILMSTATION_VP', port: 0, outputFolder: defaultVirtualPrinterFolder() },
  };
}

/** Checks relations between fields that a schema cannot (unique ids, references). Throws ApiError('BAD_REQUEST'). */
export function checkSettings(s: Settings): void {
  const problems: string[] = [];
  const dup = (list: { id: string }[], what: string): void => {
    const seen = new Set<string>();
    for (const x of list) { if (seen.has(x.id)) problems.push(`${what}: id '${x.id}' used twice`); seen.add(x.id); }
  };
  dup(s.printers, 'printers');
  dup(s.pacsNodes, 'pacsNodes');
  dup(s.annotationTemplates, 'annotationTemplates');
  if (s.defaultPrinterId !== null && !s.printers.some((p) => p.id === s.defaultPrinterId)) problems.push(`defaultPrinterId: no printer '${s.defaultPrinterId}'`);
  if (s.activeAnnotationTemplateId !== null && !s.annotationTemplates.some((t) => t.id === s.activeAnnotationTemplateId)) {
    problems.push(`activeAnnotationTemplateId: no template '${s.activeAnnotationTemplateId}'`);
  }
  if (s.printers.filter((p) => p.kind === 'virtual').length > 1) problems.push('printers: only one virtual imager');
  if (problems.length) throw new ApiError('BAD_REQUEST', `Invalid settings: ${problems.join('; ')}`, problems);
}

/** Applies a patch (already validated by the contract) to settings; arrays are replaced whole. */
export function applyPatch(s: Settings, patch: SettingsPatch): Settings {
  const next: Settings = structuredClone({ ...s, ...stripUndefined(patch), version: 1 });
  checkSettings(next);
  return next;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}

export class SettingsStore {
  readonly folder: string;
  readonly file: string;
  private current: Settings;
  /** Problems found when loading (fields reset to defaults), for the log. */
  readonly loadWarnings: string[] = [];

  constructor(folder: string) {
    this.folder = folder;
    this.file = join(folder, SETTINGS_FILE);
    mkdirSync(folder, { recursive: true });
    this.current = this.load();
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Validates, applies and saves a patch; returns the new settings. */
  update(patch: unknown): Settings {
    const p = parse(settingsPatch(), patch, 'settings');
    const next = applyPatch(this.current, p);
    this.write(next);
    this.current = next;
    return this.get();
  }

  /** Replaces the settings (internal changes such as the virtual imager's chosen port). */
  replace(next: Settings): Settings {
    checkSettings(next);
    this.write(next);
    this.current = structuredClone(next);
    return this.get();
  }

  private load(): Settings {
    const defaults = defaultSettings();
    if (!existsSync(this.file)) return defaults;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.file, 'utf8'));
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
    } catch (err) {
      const aside = `${this.file}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try { renameSync(this.file, aside); } catch { /* keep going with defaults */ }
      this.loadWarnings.push(`settings file unreadable (${(err as Error).message}); defaults used, the old file kept as ${aside}`);
      return defaults;
    }
    const raw = json as Record<string, unknown>;
    const version = raw.version;
    if (typeof version === 'number' && version > 1) {
      throw new ApiError('CONFLICT', `Settings version ${version} is newer than this program understands (1): ${this.file}`);
    }
    // Field by field: a bad field goes back to its default, the others are kept.
    let merged: Settings = defaults;
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'version') continue;
      try {
        merged = applyPatch(merged, parse(settingsPatch(), { [key]: value }, 'settings'));
      } catch (err) {
        this.loadWarnings.push(`settings.${key}: ${(err as Error).message}; default used`);
      }
    }
    try { checkSettings(merged); } catch (err) {
      this.loadWarnings.push(`${(err as Error).message}; default printer and template reset`);
      merged = { ...merged, defaultPrinterId: null, activeAnnotationTemplateId: null };
    }
    return merged;
  }

  /** Atomic replace: temp file, fsync, rename, fsync of the folder. */
  private write(s: Settings): void {
    const temp = join(this.folder, `.${SETTINGS_FILE}.${randomBytes(6).toString('hex')}.tmp`);
    const bytes = Buffer.from(`${JSON.stringify(s, null, 2)}\n`, 'utf8');
    let fd: number | undefined = openSync(temp, 'wx', 0o600);
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(temp, this.file);
    } catch (err) {
      if (fd !== undefined) closeSync(fd);
      try { unlinkSync(temp); } catch { /* not created or already renamed */ }
      throw err;
    }
    try {
      const dfd = openSync(this.folder, 'r');
      try { fsyncSync(dfd); } finally { closeSync(dfd); }
    } catch { /* some platforms (Windows) cannot fsync a folder; the rename is still atomic */ }
  }
}
