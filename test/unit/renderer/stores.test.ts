// @vitest-environment happy-dom
/// <reference lib="dom" />
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { isFinalJob, jobProgress, useQueue } from '../../../renderer/src/stores/queue.js';
import { statusKey, usePrinters } from '../../../renderer/src/stores/printers.js';
import { toDicomDate, useStudies } from '../../../renderer/src/stores/studies.js';
import { visibleRange } from '../../../renderer/src/components/virtual-range.js';
import { validAeTitle, validPort } from '../../../renderer/src/components/validate.js';
import { installFakeApi, type FakeApi } from './fake-api.js';
import { capabilities, job, printer, study } from './fixtures.js';

let fake: FakeApi;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = installFakeApi({
    'studies:list': () => [study()],
    'studies:get': ({ studyInstanceUid }) => ({ study: study({ studyInstanceUid }), series: [] }),
    'import:paths': ({ operationId }) => ({ operationId: operationId ?? '', total: 3, imported: 3, duplicates: 0, skipped: [], failed: [], missing: [], studies: ['1.2.3'] }),
    'pacs:retrieve': ({ operationId }) => ({ operationId: operationId ?? '', state: 'done', completed: 5, failed: 0, warning: 0 }),
    'pacs:findStudies': () => [{ ...study(), seriesCount: 1, instanceCount: 5, local: false }],
    'printers:list': () => [printer(), printer({ id: 'p2', name: 'Laser 2', isDefault: false })],
    'printers:capabilities': () => capabilities(),
    'queue:list': () => [job(), job({ id: 'old', state: 'done', updatedAt: '2000-01-01T00:00:00Z', createdAt: '2000-01-01T00:00:00Z' })],
    'queue:retry': ({ jobId }) => job({ id: jobId, state: 'queued' }),
  });
});

describe('studies store', () => {
  it('builds the archive query from the form (Japanese text, ISO dates to DA)', async () => {
    const s = useStudies();
    s.form.text = ' 山田 ';
    s.form.dateFrom = '2024-01-02';
    s.form.modality = 'CT';
    await s.search();
    expect(fake.callsTo('studies:list')).toEqual([{ query: { text: '山田', dateFrom: '20240102', modality: 'CT' } }]);
    expect(s.list).toHaveLength(1);
    expect(toDicomDate('2024-1-2')).toBeUndefined();
  });

  it('follows import progress events of its own operation only, then refreshes', async () => {
    const s = useStudies();
    let release: () => void = () => undefined;
    fake.handlers['import:paths'] = ({ operationId }) => new Promise((r) => { release = () => r({ operationId: operationId ?? '', total: 2, imported: 2, duplicates: 0, skipped: [], failed: [], missing: [], studies: ['1.2.3'] }); });
    const done = s.importPaths(['/cd']);
    const op = s.importing?.operationId ?? '';
    s.handleEvent({ type: 'import-progress', operationId: 'other', done: 9, total: 9, path: 'x', outcome: 'stored' });
    expect(s.importing?.done).toBe(0);
    s.handleEvent({ type: 'import-progress', operationId: op, done: 1, total: 2, path: '/cd/a.dcm', outcome: 'stored' });
    expect(s.importing).toMatchObject({ done: 1, total: 2, running: true });
    release();
    await done;
    expect(s.importing).toMatchObject({ running: false, done: 2 });
    expect(fake.callsTo('studies:list').length).toBeGreaterThan(0);
  });

  it('tracks retrieve progress per study and marks the result local', async () => {
    const s = useStudies();
    s.pacsNodeId = 'n1';
    await s.pacsFind();
    expect(s.pacsResults[0]?.local).toBe(false);
    await s.pacsRetrieve('1.2.3');
    expect(s.retrieves['1.2.3']).toMatchObject({ state: 'done', completed: 5 });
    expect(s.pacsResults[0]?.local).toBe(true);
  });

  it('forgets a deleted study everywhere', async () => {
    const s = useStudies();
    await s.search();
    await s.select('1.2.3');
    await s.addToWorking('1.2.3');
    s.handleEvent({ type: 'study-deleted', studyInstanceUid: '1.2.3' });
    expect(s.list).toEqual([]);
    expect(s.working).toEqual([]);
    expect(s.detail).toBeNull();
  });
});

describe('printers store', () => {
  it('loads, finds the default and applies live status events', async () => {
    const p = usePrinters();
    await p.load();
    expect(p.defaultPrinter?.id).toBe('p1');
    expect(statusKey(p.list[0]?.status)).toBe('UNKNOWN');
    p.handleEvent({ type: 'printer-status', printerId: 'p2', status: { reachable: true, level: 'WARNING', summary: 'Film low', checkedAt: '', elapsedMs: 3 } });
    expect(statusKey(p.byId('p2')?.status)).toBe('WARNING');
    p.handleEvent({ type: 'printer-status', printerId: 'p2', status: { reachable: false, summary: 'refused', checkedAt: '', elapsedMs: 3 } });
    expect(statusKey(p.byId('p2')?.status)).toBe('OFFLINE');
  });
  it('caches capabilities per printer', async () => {
    const p = usePrinters();
    await p.loadCapabilities('p1');
    await p.loadCapabilities('p1');
    expect(fake.callsTo('printers:capabilities')).toHaveLength(1);
  });
});

describe('queue store', () => {
  it('splits active and history, updates jobs from events, counts attention', async () => {
    const q = useQueue();
    await q.load();
    expect(q.active.map((j) => j.id)).toEqual(['j1']);
    expect(q.history.map((j) => j.id)).toEqual(['old']);
    q.handleEvent({ type: 'job-progress', job: job({ state: 'done', updatedAt: new Date().toISOString(), films: [{ ...job().films[0]!, state: 'printed' }] }) });
    expect(q.active.map((j) => j.id)).toEqual(['j1']); // finished just now: still shown as active
    expect(q.history.map((j) => j.id).sort()).toEqual(['j1', 'old']);
    expect(jobProgress(q.jobs[0]!)).toBe(1);
    q.handleEvent({ type: 'job-progress', job: job({ id: 'u', state: 'needs-attention', films: [{ ...job().films[0]!, state: 'uncertain' }] }) });
    expect(q.attentionCount).toBe(1);
    await q.retry('old');
    expect(q.jobs.find((j) => j.id === 'old')?.state).toBe('queued');
    expect(isFinalJob({ state: 'failed' })).toBe(true);
  });
});

describe('small helpers', () => {
  it('virtualised range renders only what is in view (1,000-image series)', () => {
    expect(visibleRange(0, 760, 76, 1000)).toEqual({ start: 0, end: 14 });
    const r = visibleRange(76 * 500, 760, 76, 1000);
    expect(r.end - r.start).toBeLessThan(20);
    expect(visibleRange(1e9, 760, 76, 1000).end).toBe(1000);
  });
  it('validates AE titles and ports', () => {
    expect(validAeTitle('IHEFULL')).toBe(true);
    expect(validAeTitle('A'.repeat(17))).toBe(false);
    expect(validAeTitle('A\\B')).toBe(false);
    expect(validPort(0)).toBe(false);
    expect(validPort(0, true)).toBe(true);
  });
});
