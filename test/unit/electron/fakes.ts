/**
 * Small stand-ins for Electron objects (the binary is not available in tests): each
 * records what the code under test did with it.
 */
import { EventEmitter } from 'node:events';

/** An Electron-style event: remembers preventDefault. */
export interface FakeEvent { defaultPrevented: boolean; preventDefault(): void }
export function fakeEvent<T extends object>(extra?: T): FakeEvent & T {
  const e = { defaultPrevented: false, preventDefault() { e.defaultPrevented = true; }, ...(extra ?? ({} as T)) };
  return e as FakeEvent & T;
}

export type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

/** webContents: events plus setWindowOpenHandler and send. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | undefined;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  setWindowOpenHandler(h: WindowOpenHandler): void { this.windowOpenHandler = h; }
  send(channel: string, ...args: unknown[]): void { this.sent.push({ channel, args }); }
  getURL(): string { return 'app://filmstation/index.html'; }
}
