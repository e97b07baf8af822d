/**
 * A bounded list of warnings: hostile input must not grow memory through warnings
 * either (one per odd length in a million-element file...).
 */
export class WarningList {
  private readonly items: string[] = [];
  private dropped = 0;
  constructor(private readonly max = 100) {}

  add(message: string): void {
    if (this.items.length < this.max) this.items.push(message);
    else this.dropped++;
  }

  addAll(messages: readonly string[]): void {
    for (const m of messages) this.add(m);
  }

  list(): string[] {
    return this.dropped > 0 ? [...this.items, `... and ${this.dropped} more warning(s)`] : [...this.items];
  }
}
