import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PacsNodeStore, validatePacsNode, PACS_NODES_FILE } from '../../../../core/services/query-retrieve-scu/pacs-node.js';
import { QueryRetrieveError } from '../../../../core/services/query-retrieve-scu/errors.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'fs-pacs-nodes-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

describe('PACS node settings', () => {
  it('fills defaults: C-MOVE, Study Root, automatic character set', () => {
    const n = validatePacsNode({ aeTitle: ' MAINPACS ', host: 'pacs.local', port: 104 });
    expect(n).toMatchObject({ aeTitle: 'MAINPACS', name: 'MAINPACS', retrieveMethod: 'move', model: 'STUDY_ROOT', characterSet: 'auto', timeoutSeconds: 60 });
    expect(n.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [{ aeTitle: 'THIS_AE_TITLE_IS_TOO_LONG', host: 'h', port: 104 }, /AE title/],
    [{ aeTitle: 'A\\B', host: 'h', port: 104 }, /AE title/],
    [{ aeTitle: 'PACS', host: '', port: 104 }, /host/],
    [{ aeTitle: 'PACS', host: 'h', port: 70000 }, /port/],
    [{ aeTitle: 'PACS', host: 'h', port: 104, retrieveMethod: 'ftp' as 'move' }, /move or get/],
    [{ aeTitle: 'PACS', host: 'h', port: 104, characterSet: 'KLINGON' }, /character set/],
  ])('refuses %j', (input, why) => {
    expect(() => validatePacsNode(input)).toThrow(why);
  });

  it('save, list, get by id or name, replace, remove; the file is JSON and no temp file is left', () => {
    const store = new PacsNodeStore(join(dir, 'settings'));
    expect(store.list()).toEqual([]);
    const a = store.save({ name: 'Main PACS', aeTitle: 'MAIN', host: '10.0.0.5', port: 104, retrieveMethod: 'get', characterSet: 'ISO_IR 192' });
    const b = store.save({ aeTitle: 'BACKUP', host: '10.0.0.6', port: 11112 });
    expect(store.list().map((n) => n.name)).toEqual(['Main PACS', 'BACKUP']);
    expect(store.get(a.id)?.retrieveMethod).toBe('get');
    expect(store.get('Main PACS')?.characterSet).toBe('ISO_IR 192');
    store.save({ ...a, port: 4242 });
    expect(store.list()).toHaveLength(2);
    expect(store.get(a.id)?.port).toBe(4242);
    expect(() => store.save({ name: 'Main PACS', aeTitle: 'OTHER', host: 'h', port: 1 })).toThrow(/already exists/);
    expect(store.remove(b.id)).toBe(true);
    expect(store.remove(b.id)).toBe(false);
    const file = JSON.parse(readFileSync(join(dir, 'settings', PACS_NODES_FILE), 'utf8')) as { version: number; nodes: unknown[] };
    expect(file.version).toBe(1);
    expect(file.nodes).toHaveLength(1);
    expect(readdirSync(join(dir, 'settings'))).toEqual([PACS_NODES_FILE]);
  });

  it('a damaged settings file is a clear error, not an empty list', () => {
    writeFileSync(join(dir, PACS_NODES_FILE), '{"nodes": [ {"aeTitle": "X"');
    expect(() => new PacsNodeStore(dir).list()).toThrow(QueryRetrieveError);
    writeFileSync(join(dir, PACS_NODES_FILE), JSON.stringify({ nodes: [{ aeTitle: 'X', host: 'h', port: 0 }] }));
    expect(() => new PacsNodeStore(dir).list()).toThrow(/node 1: port/);
  });
});
