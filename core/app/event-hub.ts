/**
 * The Workstation's one typed event stream. Archive events arrive per instance (a
 * 1,000-image series is 1,000 events): they are coalesced per study over a short window so
 * the study browser refreshes a few times a second, not a thousand times.
 */
import type { ArchiveEvent } from '../archive/archive-events.js';
import type { WorkstationEvent } from './contract-types.js';

export type WorkstationListener = (event: WorkstationEvent) => void;

interface PendingStudy { newStudy: boolean; instances: number; receivedFrom: string }

export class EventHub {
  private readonly listeners = new Set<WorkstationListener>();
  private readonly pending = new Map<string, PendingStudy>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly coalesceMs = 250) {}

  on(listener: WorkstationListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(event: WorkstationEvent): void {
    for (const l of [...this.listeners]) {
      // A failing front end must never break the services (same rule as ArchiveEvents).
      try { l(event); } catch { /* ignored on purpose */ }
    }
  }

  /** Archive events -> study-received / study-updated (coalesced) / study-deleted. */
  fromArchive(e: ArchiveEvent): void {
    if (e.type === 'study-deleted') {
      this.flushStudy(e.studyInstanceUid);
      this.emit({ type: 'study-deleted', studyInstanceUid: e.studyInstanceUid, ...(e.seriesInstanceUid ? { seriesInstanceUid: e.seriesInstanceUid } : {}) });
      return;
    }
    if (e.type === 'reindexed') return;
    const p = this.pending.get(e.studyInstanceUid) ?? { newStudy: false, instances: 0, receivedFrom: e.receivedFrom };
    p.newStudy ||= e.type === 'study-received';
    p.instances += 1;
    this.pending.set(e.studyInstanceUid, p);
    this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    for (const uid of [...this.pending.keys()]) this.flushStudy(uid);
  }

  private flushStudy(uid: string): void {
    const p = this.pending.get(uid);
    if (!p) return;
    this.pending.delete(uid);
    this.emit({ type: p.newStudy ? 'study-received' : 'study-updated', studyInstanceUid: uid, instances: p.instances, receivedFrom: p.receivedFrom });
  }

  close(): void {
    this.flush();
    this.listeners.clear();
  }
}
