/**
 * PACS nodes in the settings: where a PACS is (AE title, host, port), how to retrieve from it
 * (C-MOVE to our Storage SCP, or C-GET when it cannot connect back), which information model
 * and character set it expects. Stored as one JSON file in a settings folder, written
 * atomically (temporary file, fsync, rename) so a crash never leaves half a file.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { isValidAeTitle } from '../../network/dimse/messages.js';
import { resolveCharset } from '../../dicom/charset/terms.js';
import type { InformationModel } from './information-model.js';
import type { RetrieveMethod } from './retrieve.js';
import { QueryRetrieveError } from './errors.js';

export interface PacsNode {
  /** Stable identifier (assigned when absent). */
  id: string;
  /** Display name ("Main PACS"). */
  name: string;
  aeTitle: string;
  host: string;
  port: number;
  /** Preferred retrieve method: 'move' (default) or 'get' (PACS cannot connect back). */
  retrieveMethod: RetrieveMethod;
  model: InformationModel;
  /** Specific Character Set for query keys: 'auto' or a value of (0008,0005), e.g. 'ISO_IR 192'. */
  characterSet: string;
  /** Response timeout, seconds. */
  timeoutSeconds: number;
}

export type PacsNodeInput = Partial<Omit<PacsNode, 'aeTitle' | 'host' | 'port'>> & Pick<PacsNode, 'aeTitle' | 'host' | 'port'>;

export const PACS_NODES_FILE = 'pacs-nodes.json';
const MAX_NODES = 100;

/** Fills defaults and checks every field; throws QueryRetrieveError('BAD_NODE') naming the field. */
export function validatePacsNode(input: PacsNodeInput): PacsNode {
  const bad = (msg: string): never => { throw new QueryRetrieveError('BAD_NODE', msg); };
  const aeTitle = typeof input.aeTitle === 'string' ? input.aeTitle.trim() : '';
  if (!isValidAeTitle(aeTitle)) bad(`AE title '${String(input.aeTitle)}' must be 1-16 printable ASCII characters without backslash (PS3.5 VR AE)`);
  const host = typeof input.host === 'string' ? input.host.trim() : '';
  if (host === '' || host.length > 253 || /\s/.test(host)) bad(`host '${String(input.host)}' is not a host name or address`);
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) bad(`port ${String(input.port)} must be 1-65535`);
  const retrieveMethod = input.retrieveMethod ?? 'move';
  if (retrieveMethod !== 'move' && retrieveMethod !== 'get') bad(`retrieve method '${String(retrieveMethod)}' must be move or get`);
  const model = input.model ?? 'STUDY_ROOT';
  if (model !== 'STUDY_ROOT' && model !== 'PATIENT_ROOT') bad(`information model '${String(model)}' must be STUDY_ROOT or PATIENT_ROOT`);
  const characterSet = (input.characterSet ?? 'auto').trim() || 'auto';
  if (characterSet !== 'auto') {
    const resolved = resolveCharset(characterSet.split('\\'));
    if (resolved.warnings.length > 0) bad(`character set '${characterSet}': ${resolved.warnings.join('; ')}`);
  }
  const timeoutSeconds = input.timeoutSeconds ?? 60;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 3600) bad(`timeout ${String(timeoutSeconds)} s must be within 0-3600`);
  const name = (input.name ?? aeTitle).trim().slice(0, 200) || aeTitle;
  const id = input.id?.trim() || randomUUID();
  return { id, name, aeTitle, host, port: input.port, retrieveMethod, model, characterSet, timeoutSeconds };
}

/** The PACS node list in `<folder>/pacs-nodes.json`. */
export class PacsNodeStore {
  readonly path: string;

  constructor(readonly folder: string) {
    this.path = join(folder, PACS_NODES_FILE);
  }

  list(): PacsNode[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new QueryRetrieveError('SETTINGS_UNREADABLE', `${this.path} cannot be read: ${(err as Error).message}`, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new QueryRetrieveError('SETTINGS_UNREADABLE', `${this.path} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    const nodes = (parsed as { nodes?: unknown } | null)?.nodes;
    if (!Array.isArray(nodes)) throw new QueryRetrieveError('SETTINGS_UNREADABLE', `${this.path} has no "nodes" list`);
    return nodes.map((n, i) => {
      try {
        return validatePacsNode(n as PacsNodeInput);
      } catch (err) {
        throw new QueryRetrieveError('SETTINGS_UNREADABLE', `${this.path}, node ${i + 1}: ${(err as Error).message}`, { cause: err });
      }
    });
  }

  get(idOrName: string): PacsNode | undefined {
    const nodes = this.list();
    return nodes.find((n) => n.id === idOrName) ?? nodes.find((n) => n.name === idOrName || n.aeTitle === idOrName);
  }

  /** Adds or replaces (same id) a node; returns it with defaults filled in. */
  save(input: PacsNodeInput): PacsNode {
    const node = validatePacsNode(input);
    const nodes = this.list().filter((n) => n.id !== node.id);
    if (nodes.length >= MAX_NODES) throw new QueryRetrieveError('BAD_NODE', `at most ${MAX_NODES} PACS nodes`);
    if (nodes.some((n) => n.name === node.name)) throw new QueryRetrieveError('BAD_NODE', `a PACS node named '${node.name}' already exists`);
    nodes.push(node);
    this.write(nodes);
    return node;
  }

  remove(id: string): boolean {
    const nodes = this.list();
    const left = nodes.filter((n) => n.id !== id);
    if (left.length === nodes.length) return false;
    this.write(left);
    return true;
  }

  private write(nodes: PacsNode[]): void {
    mkdirSync(this.folder, { recursive: true });
    const temp = `${this.path}.${process.pid}.${randomUUID()}.tmp`;
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ version: 1, nodes }, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
  }
}
