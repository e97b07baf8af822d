/**
 * A bounded log of what crossed one association (PDUs, DIMSE commands, errors), kept for
 * diagnostics: a failed print job can be exported with its trace for the imager vendor.
 *
 * Every PDU of a transfer adds an entry, so adding is kept cheap: a ring buffer (no array
 * shifting once full) holding the time as a number, turned into text only when read.
 */
export type TraceDirection = 'in' | 'out' | 'error' | 'transport' | 'info';

export interface TraceEntry {
  at: string;
  direction: TraceDirection;
  text: string;
}

interface RawEntry { ms: number; direction: TraceDirection; text: string }

export class DimseTrace {
  private readonly ring: (RawEntry | undefined)[];
  private next = 0;
  private count = 0;
  private dropped = 0;

  constructor(private readonly capacity = 500, private readonly listener?: (entry: TraceEntry) => void) {
    this.ring = new Array<RawEntry | undefined>(Math.max(1, capacity));
  }

  add(direction: TraceDirection, text: string): void {
    const raw: RawEntry = { ms: Date.now(), direction, text };
    if (this.count === this.ring.length) this.dropped++;
    else this.count++;
    this.ring[this.next] = raw;
    this.next = (this.next + 1) % this.ring.length;
    this.listener?.(entryOf(raw));
  }

  list(): readonly TraceEntry[] {
    const out: TraceEntry[] = [];
    const start = (this.next - this.count + this.ring.length) % this.ring.length;
    for (let i = 0; i < this.count; i++) out.push(entryOf(this.ring[(start + i) % this.ring.length] as RawEntry));
    return out;
  }

  toText(): string {
    const arrow: Record<TraceDirection, string> = { in: '<-', out: '->', error: '!!', transport: '..', info: '  ' };
    const head = this.dropped > 0 ? [`(${this.dropped} earlier entries dropped)`] : [];
    return [...head, ...this.list().map((e) => `${e.at} ${arrow[e.direction]} ${e.text}`)].join('\n');
  }
}

function entryOf(raw: RawEntry): TraceEntry {
  return { at: new Date(raw.ms).toISOString(), direction: raw.direction, text: raw.text };
}
