/** The archive's event stream for the UI: a study appeared, grew, changed or went away. */
export type ArchiveEvent =
  | { type: 'study-received'; studyInstanceUid: string; sopInstanceUid: string; receivedFrom: string }
  | { type: 'study-updated'; studyInstanceUid: string; sopInstanceUid: string; receivedFrom: string }
  | { type: 'study-deleted'; studyInstanceUid: string; seriesInstanceUid?: string }
  | { type: 'reindexed'; instances: number };

export type ArchiveListener = (event: ArchiveEvent) => void;

export class ArchiveEvents {
  private readonly listeners = new Set<ArchiveListener>();

  /** Subscribe; returns the function that unsubscribes. */
  on(listener: ArchiveListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(event: ArchiveEvent): void {
    for (const l of [...this.listeners]) {
      // A failing listener (the UI) must never break storage.
      try { l(event); } catch { /* ignored on purpose: see above */ }
    }
  }
}
