import { describe, expect, it, vi } from 'vitest';
import type { JobFilmView, JobView, WorkstationEvent } from '../../../core/app/contract-types.js';
import { jobNotifications, watchPrintNotifications, type NotificationMessage } from '../../../electron/notifications.js';

vi.mock('electron', () => ({}));

function film(index: number, state: JobFilmView['state'], failure?: string): JobFilmView {
  return { index, state, attempts: 1, warnings: [], filmSizeId: '14INX17IN', orientation: 'PORTRAIT', displayFormat: 'STANDARD\\2,3', images: 6, ...(failure ? { failure } : {}) };
}

function job(state: JobView['state'], films: JobFilmView[], extra: Partial<JobView> = {}): JobView {
  return { id: 'job-1', createdAt: '', updatedAt: '', printerId: 'p1', printerName: 'DRYSTAR', state, attempts: 1, copies: 1, films, history: [], ...extra };
}

function harness() {
  let listener: ((e: WorkstationEvent) => void) | undefined;
  const shown: NotificationMessage[] = [];
  const stop = watchPrintNotifications((l) => { listener = l; return () => { listener = undefined; }; }, (m) => shown.push(m), () => 'en');
  const emit = (j: JobView) => listener?.({ type: 'job-progress', job: j });
  return { shown, stop, emit, attached: () => listener !== undefined };
}

describe('print notifications', () => {
  it('notifies once when a job has printed', () => {
    const h = harness();
    h.emit(job('queued', [film(0, 'pending'), film(1, 'pending')]));
    h.emit(job('running', [film(0, 'printed'), film(1, 'sending')]));
    h.emit(job('done', [film(0, 'printed'), film(1, 'printed')]));
    h.emit(job('done', [film(0, 'printed'), film(1, 'printed')]));
    expect(h.shown).toEqual([{ title: 'Printed', body: '2 films printed on DRYSTAR.', urgent: false }]);
  });

  it('notifies a failed film and a failed job, urgently', () => {
    const h = harness();
    h.emit(job('running', [film(0, 'sending')]));
    h.emit(job('failed', [film(0, 'failed', 'Film is jammed in the printer.')], { lastError: 'Film is jammed in the printer.' }));
    expect(h.shown.map((m) => m.title)).toEqual(['Film 1 failed', 'Print failed']);
    expect(h.shown.every((m) => m.urgent)).toBe(true);
    expect(h.shown[0]?.body).toContain('jammed');
  });

  it('asks about an uncertain film and a job needing attention', () => {
    const msgs = jobNotifications(job('running', [film(0, 'action-sent')]), job('needs-attention', [film(0, 'uncertain')]), 'en');
    expect(msgs.map((m) => m.title)).toEqual(['Film 1: did it print?', 'Print needs attention']);
  });

  it('says nothing for a finished job seen for the first time, nor after stop', () => {
    const h = harness();
    h.emit(job('done', [film(0, 'printed')]));
    expect(h.shown).toEqual([]);
    h.stop();
    expect(h.attached()).toBe(false);
  });

  it('speaks Japanese', () => {
    const msgs = jobNotifications(job('running', [film(0, 'sending')]), job('done', [film(0, 'printed')]), 'ja');
    expect(msgs).toEqual([{ title: '印刷完了', body: 'DRYSTAR でフィルム 1 枚を印刷しました。', urgent: false }]);
  });
});
