/**
 * A bounded log of what crossed one association (PDUs, DIMSE commands, errors), kept for
 * diagnostics: a failed print job can be exported with its trace for the imager vendor.
 */
export type TraceDirection = 'in' | 'out' | 'error' | 'transport' | 'info';

export interface TraceEntry {
  at: string;
  direction: TraceDirection;
  text: string;
}

export class DimseTrace {
  private readonly entries: TraceEntry[] = [];
  private dropped = 0;
  constructor(private readonly capacity = 500, private readonly listener?: (entry: TraceEntry) => void) {}

  add(direction: TraceDirection, text: string): void {
    const entry = { at: new Date().toISOString(), direction, text };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) {
      this.entries.shift();
      this.dropped++;
    }
    this.listener?.(entry);
  }

  list(): readonly TraceEntry[] { return this.entries; }

  toText(): string {
    const arrow: Record<TraceDirection, string> = { in: '<-', out: '->', error: '!!', transport: '..', info: '  ' };
    const head = this.dropped > 0 ? [`(${this.dropped} earlier entries dropped)`] : [];
    return [...head, ...this.entries.map((e) => `${e.at} ${arrow[e.direction]} ${e.text}`)].join('\n');
  }
}
