/**
 * Requests awaiting our answers across all the associations of one server. Each holds an
 * open file or memory (a C-STORE being flushed, a C-FIND being searched); a window per
 * association (association.ts) bounds one peer, this bounds them all together: an
 * association that dispatches a request while the budget is spent stops reading until
 * answers elsewhere make room. Its peer waits in TCP flow control; nothing is refused.
 */
export class RequestBudget {
  private held = 0;
  /** Associations that stopped reading for the budget: told when an answer makes room. */
  private readonly waiting = new Set<() => void>();

  constructor(readonly limit: number) {}

  get spent(): boolean { return this.held >= this.limit; }
  get inFlight(): number { return this.held; }

  take(): void { this.held += 1; }

  give(): void {
    this.held -= 1;
    for (const wake of [...this.waiting]) wake();
  }

  waitForRoom(wake: () => void): void { this.waiting.add(wake); }
  stopWaiting(wake: () => void): void { this.waiting.delete(wake); }
}
