/**
 * Buffers the Storage SCU reads files into, used again for later files of the same batch.
 * Why: a fresh 0.5 MB buffer per CT is memory the kernel must map and zero on first touch;
 * the sender took 16,000-25,000 page faults per 500 CT on this machine, and it shares the
 * CPUs with the receiver when both run here.
 *
 * A buffer comes back only once its C-STORE has been answered: the request is then wholly
 * in the kernel (Association.request waits for that before it waits for the response), so
 * nothing still reads from it. After a failure it is not reused (left to the GC).
 */

/** Buffers larger than this are not kept (a multi-frame file should not pin memory for the rest of the batch). */
const LARGEST_KEPT = 8 * 1024 * 1024;

export class ReadBuffers {
  private readonly free: Buffer[] = [];

  /** `keep`: most buffers held for reuse (the window plus the one read ahead). */
  constructor(private readonly keep: number) {}

  /** A buffer of at least `size` bytes, with its own memory (byteOffset 0). */
  take(size: number): Buffer {
    const i = this.free.findIndex((b) => b.length >= size);
    if (i >= 0) return this.free.splice(i, 1)[0] as Buffer;
    return Buffer.allocUnsafeSlow(size);
  }

  /** Gives back the buffer behind `bytes` (a view from take()), once nothing reads it any more. */
  give(bytes: Uint8Array): void {
    const whole = Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength);
    if (whole.length > LARGEST_KEPT) return;
    this.free.push(whole);
    // Over the bound the smallest goes: the larger fit more of the files to come.
    if (this.free.length > this.keep) {
      this.free.sort((a, b) => b.length - a.length);
      this.free.length = this.keep;
    }
  }

  get held(): number { return this.free.length; }
}
