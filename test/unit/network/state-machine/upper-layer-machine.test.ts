import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArtimTimeoutError, PduDecodeError, ProtocolError, TransportError } from '../../../../core/network/errors.js';
import {
  emptyUserInformation, type AAbort, type AAssociateAc, type AAssociateRj, type AAssociateRq, type PDataTf, type Pdu,
} from '../../../../core/network/pdu/types.js';
import type { StateId } from '../../../../core/network/state-machine/states.js';
import { STATE_IDS } from '../../../../core/network/state-machine/states.js';
import {
  UpperLayerMachine, eventForReceivedPdu, type Role, type UpperLayerEvent, type UpperLayerIndication, type UpperLayerPort,
} from '../../../../core/network/state-machine/upper-layer-machine.js';

const ARTIM_MS = 5_000;

const rq = (protocolVersion = 1): AAssociateRq => ({
  type: 'A-ASSOCIATE-RQ', protocolVersion, calledAeTitle: 'PRINTER', callingAeTitle: 'FILMSTATION',
  applicationContextName: '1.2.840.10008.3.1.1.1',
  presentationContexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }],
  userInformation: { ...emptyUserInformation(), maximumLength: 16384 },
});
const ac = (): AAssociateAc => ({
  type: 'A-ASSOCIATE-AC', protocolVersion: 1, calledAeTitle: 'PRINTER', callingAeTitle: 'FILMSTATION',
  applicationContextName: '1.2.840.10008.3.1.1.1',
  presentationContexts: [{ id: 1, result: 0, transferSyntax: '1.2.840.10008.1.2' }],
  userInformation: emptyUserInformation(),
});
const rj = (): AAssociateRj => ({ type: 'A-ASSOCIATE-RJ', result: 1, source: 1, reason: 7 });
const pdata = (byte = 1): PDataTf => ({
  type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: true, isLastFragment: true, data: new Uint8Array([byte]) }],
});
const abortPdu = (source = 0, reason = 0): AAbort => ({ type: 'A-ABORT', source, reason });

type PortCall =
  | { call: 'openTransport' } | { call: 'closeTransport' } | { call: 'sendPdu'; pdu: Pdu };

class FakePort implements UpperLayerPort {
  calls: PortCall[] = [];
  indications: UpperLayerIndication[] = [];
  onIndicate: ((i: UpperLayerIndication) => void) | undefined;
  throwOnSend = false;
  openTransport(): void { this.calls.push({ call: 'openTransport' }); }
  closeTransport(): void { this.calls.push({ call: 'closeTransport' }); }
  sendPdu(pdu: Pdu): void {
    this.calls.push({ call: 'sendPdu', pdu });
    if (this.throwOnSend) throw new Error('EPIPE');
  }
  indicate(indication: UpperLayerIndication): void {
    this.indications.push(indication);
    this.onIndicate?.(indication);
  }
  sent(): Pdu[] {
    return this.calls.flatMap((c) => (c.call === 'sendPdu' ? [c.pdu] : []));
  }
  kinds(): string[] {
    return this.indications.map((i) => i.kind);
  }
  clear(): void {
    this.calls = [];
    this.indications = [];
  }
}

function setup(role: Role = 'requestor'): { m: UpperLayerMachine; port: FakePort } {
  const port = new FakePort();
  const m = new UpperLayerMachine(role, port, { artimTimeoutMs: ARTIM_MS });
  return { m, port };
}

/** Scripted paths from Sta1 into each state (PS3.8 Table 9-10). */
function pathTo(state: StateId): { role: Role; events: UpperLayerEvent[] } {
  const requestorSta6: UpperLayerEvent[] = [{ id: 'Evt1', pdu: rq() }, { id: 'Evt2' }, { id: 'Evt3', pdu: ac() }];
  const acceptorSta6: UpperLayerEvent[] = [{ id: 'Evt5' }, { id: 'Evt6', pdu: rq() }, { id: 'Evt7', pdu: ac() }];
  switch (state) {
    case 'Sta1': return { role: 'requestor', events: [] };
    case 'Sta2': return { role: 'acceptor', events: [{ id: 'Evt5' }] };
    case 'Sta3': return { role: 'acceptor', events: [{ id: 'Evt5' }, { id: 'Evt6', pdu: rq() }] };
    case 'Sta4': return { role: 'requestor', events: [{ id: 'Evt1', pdu: rq() }] };
    case 'Sta5': return { role: 'requestor', events: [{ id: 'Evt1', pdu: rq() }, { id: 'Evt2' }] };
    case 'Sta6': return { role: 'requestor', events: requestorSta6 };
    case 'Sta7': return { role: 'requestor', events: [...requestorSta6, { id: 'Evt11' }] };
    case 'Sta8': return { role: 'acceptor', events: [...acceptorSta6, { id: 'Evt12' }] };
    case 'Sta9': return { role: 'requestor', events: [...requestorSta6, { id: 'Evt11' }, { id: 'Evt12' }] };
    case 'Sta10': return { role: 'acceptor', events: [...acceptorSta6, { id: 'Evt11' }, { id: 'Evt12' }] };
    case 'Sta11': return { role: 'requestor', events: [...requestorSta6, { id: 'Evt11' }, { id: 'Evt12' }, { id: 'Evt14' }] };
    case 'Sta12': return { role: 'acceptor', events: [...acceptorSta6, { id: 'Evt11' }, { id: 'Evt12' }, { id: 'Evt13' }] };
    case 'Sta13': return { role: 'requestor', events: [...requestorSta6, { id: 'Evt15' }] };
  }
}

function machineIn(state: StateId): { m: UpperLayerMachine; port: FakePort } {
  const { role, events } = pathTo(state);
  const { m, port } = setup(role);
  for (const e of events) m.handle(e);
  expect(m.state).toBe(state);
  port.clear();
  return { m, port };
}

/** An acceptor in Sta6 (pathTo('Sta6') is the requestor's path). */
function acceptorInSta6(): { m: UpperLayerMachine; port: FakePort } {
  const { m, port } = setup('acceptor');
  const events: UpperLayerEvent[] = [{ id: 'Evt5' }, { id: 'Evt6', pdu: rq() }, { id: 'Evt7', pdu: ac() }];
  for (const e of events) m.handle(e);
  expect(m.state).toBe('Sta6');
  port.clear();
  return { m, port };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('UpperLayerMachine: normal paths', () => {
  it('requestor: associate, exchange P-DATA, release (AE-1, AE-2, AE-3, DT-1, DT-2, AR-1, AR-6, AR-3)', () => {
    const { m, port } = setup('requestor');
    const request = rq();
    m.handle({ id: 'Evt1', pdu: request });
    expect(m.state).toBe('Sta4');
    expect(port.calls).toEqual([{ call: 'openTransport' }]);
    m.handle({ id: 'Evt2' });
    expect(m.state).toBe('Sta5');
    expect(port.sent()).toEqual([request]);
    const accept = ac();
    m.handle({ id: 'Evt3', pdu: accept });
    expect(m.state).toBe('Sta6');
    expect(port.indications).toEqual([{ kind: 'associate-confirm-accept', pdu: accept }]);
    m.handle({ id: 'Evt9', pdu: pdata(7) });
    m.handle({ id: 'Evt10', pdu: pdata(8) });
    expect(m.state).toBe('Sta6');
    expect(port.sent().at(-1)).toEqual(pdata(7));
    expect(port.indications.at(-1)).toEqual({ kind: 'p-data', pdu: pdata(8) });
    m.handle({ id: 'Evt11' });
    expect(m.state).toBe('Sta7');
    expect(port.sent().at(-1)).toEqual({ type: 'A-RELEASE-RQ' });
    m.handle({ id: 'Evt10', pdu: pdata(9) }); // AR-6: P-DATA still delivered while awaiting RP
    expect(m.state).toBe('Sta7');
    expect(port.indications.at(-1)).toEqual({ kind: 'p-data', pdu: pdata(9) });
    m.handle({ id: 'Evt13', pdu: { type: 'A-RELEASE-RP' } });
    expect(m.state).toBe('Sta1');
    expect(port.calls.at(-1)).toEqual({ call: 'closeTransport' });
    expect(port.kinds().slice(-2)).toEqual(['release-confirm', 'closed']);
    expect(port.indications.at(-2)).toEqual({ kind: 'release-confirm', collision: false });
    expect(m.artimRunning).toBe(false);
    // The transport reports the close we asked for: benign, nothing more happens.
    const before = port.indications.length;
    m.handle({ id: 'Evt17' });
    expect(m.state).toBe('Sta1');
    expect(port.indications.length).toBe(before);
    expect(m.trace.map((t) => t.action)).toEqual(['AE-1', 'AE-2', 'AE-3', 'DT-1', 'DT-2', 'AR-1', 'AR-6', 'AR-3', 'AA-5']);
    expect(m.trace.at(-1)?.standard).toBe(false);
  });

  it('acceptor: ARTIM bounds the wait for the RQ, then AE-6, AE-7, AR-2, AR-7, AR-4, AR-5', () => {
    const { m, port } = setup('acceptor');
    m.handle({ id: 'Evt5' });
    expect(m.state).toBe('Sta2');
    expect(m.artimRunning).toBe(true);
    vi.advanceTimersByTime(ARTIM_MS - 1);
    expect(m.state).toBe('Sta2');
    const request = rq(3); // bit 0 set (and another bit): acceptable (PS3.8 9.3.2)
    m.handle({ id: 'Evt6', pdu: request });
    expect(m.state).toBe('Sta3');
    expect(m.artimRunning).toBe(false);
    expect(port.indications).toEqual([{ kind: 'associate-indication', pdu: request }]);
    vi.advanceTimersByTime(ARTIM_MS * 2); // stopped: nothing happens
    expect(m.state).toBe('Sta3');
    m.handle({ id: 'Evt7', pdu: ac() });
    expect(m.state).toBe('Sta6');
    expect(port.sent()).toEqual([ac()]);
    m.handle({ id: 'Evt12', pdu: { type: 'A-RELEASE-RQ' } });
    expect(m.state).toBe('Sta8');
    expect(port.indications.at(-1)).toEqual({ kind: 'release-indication', collision: false });
    m.handle({ id: 'Evt9', pdu: pdata(5) }); // AR-7: pending response still goes out
    expect(m.state).toBe('Sta8');
    m.handle({ id: 'Evt14' });
    expect(m.state).toBe('Sta13');
    expect(port.sent().slice(-2)).toEqual([pdata(5), { type: 'A-RELEASE-RP' }]);
    expect(m.artimRunning).toBe(true);
    m.handle({ id: 'Evt17' });
    expect(m.state).toBe('Sta1');
    expect(m.artimRunning).toBe(false);
    expect(port.kinds().at(-1)).toBe('closed');
    expect(port.calls.filter((c) => c.call === 'closeTransport')).toHaveLength(0); // the peer closed it
  });

  it('requestor receiving A-ASSOCIATE-RJ: AE-4 confirms the reject and closes', () => {
    const { m, port } = machineIn('Sta5');
    m.handle({ id: 'Evt4', pdu: rj() });
    expect(m.state).toBe('Sta1');
    expect(port.indications).toEqual([{ kind: 'associate-confirm-reject', pdu: rj() }, { kind: 'closed' }]);
    expect(port.calls).toEqual([{ call: 'closeTransport' }]);
  });

  it('acceptor rejecting (AE-8) waits for the close under ARTIM, then closes itself (AA-2)', () => {
    const { m, port } = machineIn('Sta3');
    m.handle({ id: 'Evt8', pdu: rj() });
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toEqual([rj()]);
    expect(m.artimRunning).toBe(true);
    m.handle({ id: 'Evt10', pdu: pdata() }); // AA-6: ignored in Sta13
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toHaveLength(1);
    vi.advanceTimersByTime(ARTIM_MS - 1);
    expect(m.state).toBe('Sta13');
    vi.advanceTimersByTime(1);
    expect(m.state).toBe('Sta1');
    expect(port.calls.at(-1)).toEqual({ call: 'closeTransport' });
    expect(port.kinds()).toEqual(['protocol-error', 'closed']);
    const error = port.indications[0];
    expect(error?.kind === 'protocol-error' && error.error).toBeInstanceOf(ArtimTimeoutError);
    expect(m.trace.at(-1)).toMatchObject({ state: 'Sta13', event: 'Evt18', action: 'AA-2', next: 'Sta1', standard: true });
  });

  it('AE-6 rejects an RQ without protocol version bit 0 itself (RJ 1/2/2) and goes to Sta13', () => {
    const { m, port } = machineIn('Sta2');
    const request = rq(2);
    m.handle({ id: 'Evt6', pdu: request });
    expect(m.state).toBe('Sta13');
    const reject: AAssociateRj = { type: 'A-ASSOCIATE-RJ', result: 1, source: 2, reason: 2 };
    expect(port.sent()).toEqual([reject]);
    expect(port.indications).toEqual([{ kind: 'associate-rejected-by-provider', request, pdu: reject }]);
    expect(m.artimRunning).toBe(true);
    m.handle({ id: 'Evt17' });
    expect(m.state).toBe('Sta1');
  });

  it('ARTIM expiry in Sta2 (no A-ASSOCIATE-RQ) closes the transport', () => {
    const { m, port } = machineIn('Sta2');
    vi.advanceTimersByTime(ARTIM_MS);
    expect(m.state).toBe('Sta1');
    expect(port.calls).toEqual([{ call: 'closeTransport' }]);
    expect(port.kinds()).toEqual(['protocol-error', 'closed']);
    expect(m.artimRunning).toBe(false);
  });

  it('AA-1 restarts ARTIM; expiry in Sta13 after a local abort closes', () => {
    const { m, port } = machineIn('Sta6');
    m.handle({ id: 'Evt15' });
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toEqual([abortPdu(0, 0)]);
    vi.advanceTimersByTime(ARTIM_MS);
    expect(m.state).toBe('Sta1');
    expect(port.calls.at(-1)).toEqual({ call: 'closeTransport' });
  });
});

describe('UpperLayerMachine: release collision', () => {
  it('requestor side: Sta7 -> AR-8 -> Sta9 -> AR-9 -> Sta11 -> AR-3 -> Sta1', () => {
    const { m, port } = machineIn('Sta7');
    m.handle({ id: 'Evt12' });
    expect(m.state).toBe('Sta9');
    expect(port.indications).toEqual([{ kind: 'release-indication', collision: true }]);
    m.handle({ id: 'Evt14' });
    expect(m.state).toBe('Sta11');
    expect(port.sent()).toEqual([{ type: 'A-RELEASE-RP' }]);
    m.handle({ id: 'Evt13' });
    expect(m.state).toBe('Sta1');
    expect(port.indications.slice(1)).toEqual([{ kind: 'release-confirm', collision: true }, { kind: 'closed' }]);
    expect(port.calls.at(-1)).toEqual({ call: 'closeTransport' });
  });

  it('acceptor side: Sta7 -> AR-8 -> Sta10 -> AR-10 -> Sta12 -> AR-4 -> Sta13 -> AR-5 -> Sta1', () => {
    const { m, port } = acceptorInSta6();
    expect(m.role).toBe('acceptor');
    m.handle({ id: 'Evt11' });
    expect(m.state).toBe('Sta7');
    m.handle({ id: 'Evt12' });
    expect(m.state).toBe('Sta10');
    m.handle({ id: 'Evt13' });
    expect(m.state).toBe('Sta12');
    expect(port.indications).toEqual([
      { kind: 'release-indication', collision: true }, { kind: 'release-confirm', collision: true },
    ]);
    m.handle({ id: 'Evt14' });
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toEqual([{ type: 'A-RELEASE-RQ' }, { type: 'A-RELEASE-RP' }]);
    expect(m.artimRunning).toBe(true);
    m.handle({ id: 'Evt17' });
    expect(m.state).toBe('Sta1');
  });

  it('AR-8 follows who issued the A-ASSOCIATE request, not the constructor hint', () => {
    const port = new FakePort();
    const m = new UpperLayerMachine('acceptor', port, { artimTimeoutMs: ARTIM_MS });
    for (const e of pathTo('Sta7').events) m.handle(e);
    expect(m.role).toBe('requestor');
    m.handle({ id: 'Evt12' });
    expect(m.state).toBe('Sta9');
  });
});

describe('UpperLayerMachine: abort in every state', () => {
  const associated: StateId[] = ['Sta3', 'Sta5', 'Sta6', 'Sta7', 'Sta8', 'Sta9', 'Sta10', 'Sta11', 'Sta12'];

  for (const state of STATE_IDS) {
    it(`${state}: local A-ABORT request (Evt15)`, () => {
      const { m, port } = machineIn(state);
      expect(() => m.handle({ id: 'Evt15', source: 0, reason: 0 })).not.toThrow();
      if (associated.includes(state)) {
        expect(m.state).toBe('Sta13'); // AA-1
        expect(port.sent()).toEqual([abortPdu(0, 0)]);
        expect(port.indications).toEqual([]);
        expect(m.artimRunning).toBe(true);
      } else if (state === 'Sta4') {
        expect(m.state).toBe('Sta1'); // AA-2
        expect(port.calls).toEqual([{ call: 'closeTransport' }]);
        expect(port.kinds()).toEqual(['closed']);
      } else if (state === 'Sta2') {
        expect(m.state).toBe('Sta13'); // blank -> AA-1
        expect(port.sent()).toEqual([abortPdu(0, 0)]);
        expect(port.kinds()).toEqual(['protocol-error']);
      } else if (state === 'Sta13') {
        expect(m.state).toBe('Sta13'); // blank -> AA-7
        expect(port.sent()).toEqual([abortPdu(0, 0)]);
        expect(port.kinds()).toEqual(['protocol-error']);
        expect(m.artimRunning).toBe(true);
      } else {
        expect(state).toBe('Sta1');
        expect(m.state).toBe('Sta1'); // blank -> AA-2
        expect(port.sent()).toEqual([]);
        expect(port.kinds()).toEqual(['protocol-error']);
      }
    });

    it(`${state}: A-ABORT PDU received (Evt16)`, () => {
      const { m, port } = machineIn(state);
      expect(() => m.handle({ id: 'Evt16', pdu: abortPdu(2, 6) })).not.toThrow();
      expect(m.state).toBe('Sta1');
      expect(m.artimRunning).toBe(false);
      expect(port.sent()).toEqual([]);
      if (associated.includes(state)) {
        // AA-3: source 2 -> A-P-ABORT indication
        expect(port.indications).toEqual([
          { kind: 'abort', source: 2, reason: 6, provider: true, pdu: abortPdu(2, 6) }, { kind: 'closed' },
        ]);
        expect(port.calls).toEqual([{ call: 'closeTransport' }]);
      } else if (state === 'Sta2' || state === 'Sta13') {
        expect(port.kinds()).toEqual(['closed']); // AA-2
        expect(port.calls).toEqual([{ call: 'closeTransport' }]);
      } else if (state === 'Sta4') {
        expect(port.kinds()).toEqual(['protocol-error', 'closed']); // blank -> AA-2
      } else {
        expect(port.kinds()).toEqual(['protocol-error']); // Sta1 blank -> AA-2
      }
    });

    it(`${state}: transport closed (Evt17)`, () => {
      const { m, port } = machineIn(state);
      const cause = new TransportError('CONNECTION_RESET', 'reset by peer');
      expect(() => m.handle({ id: 'Evt17', error: cause })).not.toThrow();
      expect(m.state).toBe('Sta1');
      expect(m.artimRunning).toBe(false);
      expect(port.sent()).toEqual([]);
      if (associated.includes(state) || state === 'Sta4') {
        expect(port.indications).toEqual([
          { kind: 'abort', source: 2, reason: 0, provider: true, error: cause }, { kind: 'closed' },
        ]); // AA-4: A-P-ABORT
      } else if (state === 'Sta1') {
        expect(port.indications).toEqual([]);
      } else {
        expect(port.kinds()).toEqual(['closed']); // Sta2 AA-5, Sta13 AR-5
      }
    });
  }

  it('a service-user A-ABORT PDU gives an A-ABORT (not A-P-ABORT) indication', () => {
    const { m, port } = machineIn('Sta6');
    m.handle({ id: 'Evt16', pdu: abortPdu(0, 0) });
    expect(port.indications[0]).toEqual({ kind: 'abort', source: 0, reason: 0, provider: false, pdu: abortPdu(0, 0) });
  });

  it('local abort keeps a provider source/reason; with source 0 the reason is sent as 00H', () => {
    const a = machineIn('Sta6');
    a.m.handle({ id: 'Evt15', source: 2, reason: 5 });
    expect(a.port.sent()).toEqual([abortPdu(2, 5)]);
    const b = machineIn('Sta6');
    b.m.handle({ id: 'Evt15', source: 0, reason: 5 });
    expect(b.port.sent()).toEqual([abortPdu(0, 0)]);
  });
});

describe('UpperLayerMachine: invalid events', () => {
  it('P-DATA-TF in Sta2 -> AA-1: A-ABORT sent, protocol-error, Sta13', () => {
    const { m, port } = machineIn('Sta2');
    m.handle({ id: 'Evt10', pdu: pdata() });
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toEqual([abortPdu(0, 0)]);
    expect(port.kinds()).toEqual(['protocol-error']);
    const e = port.indications[0];
    expect(e?.kind === 'protocol-error' && e.error).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ state: 'Sta2', event: 'Evt10' });
  });

  it('A-RELEASE-RQ in Sta5 -> AA-8: provider A-ABORT (unexpected-PDU), A-P-ABORT, ARTIM', () => {
    const { m, port } = machineIn('Sta5');
    m.handle({ id: 'Evt12' });
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toEqual([abortPdu(2, 2)]);
    expect(port.indications).toEqual([
      expect.objectContaining({ kind: 'protocol-error', state: 'Sta5', event: 'Evt12' }),
      { kind: 'abort', source: 2, reason: 2, provider: true },
    ]);
    expect(m.artimRunning).toBe(true);
    vi.advanceTimersByTime(ARTIM_MS);
    expect(m.state).toBe('Sta1');
  });

  it('Evt19 (undecodable PDU) in Sta6 passes the decoder error on and aborts', () => {
    const { m, port } = machineIn('Sta6');
    const error = new PduDecodeError('PDU-type', 0, 'unknown PDU type 0x09');
    m.handle({ id: 'Evt19', error, reason: 1 });
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toEqual([abortPdu(2, 1)]);
    expect(port.indications[0]).toEqual({ kind: 'protocol-error', state: 'Sta6', event: 'Evt19', error });
  });

  it('Evt19 in Sta13 -> AA-7: A-ABORT again, stay in Sta13', () => {
    const { m, port } = machineIn('Sta13');
    m.handle({ id: 'Evt19', error: new PduDecodeError('x', 0, 'y') });
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toEqual([abortPdu(2, 0)]);
  });

  it('local primitive in the wrong state (P-DATA request in Sta7) -> filled AA-8', () => {
    const { m, port } = machineIn('Sta7');
    m.handle({ id: 'Evt9', pdu: pdata() });
    expect(m.state).toBe('Sta13');
    expect(port.sent()).toEqual([abortPdu(2, 0)]);
    expect(port.kinds()).toEqual(['protocol-error', 'abort']);
    expect(m.trace.at(-1)).toMatchObject({ action: 'AA-8', standard: false });
  });

  it('late transport connect confirmation in Sta1 (after abort in Sta4) closes that connection', () => {
    const { m, port } = machineIn('Sta4');
    m.handle({ id: 'Evt15' });
    expect(m.state).toBe('Sta1');
    port.clear();
    m.handle({ id: 'Evt2' });
    expect(m.state).toBe('Sta1');
    expect(port.calls).toEqual([{ call: 'closeTransport' }]);
    expect(port.kinds()).toEqual(['protocol-error']);
  });

  it('a received PDU of the wrong kind for its event is treated as Evt19', () => {
    const { m, port } = machineIn('Sta5');
    m.handle({ id: 'Evt3', pdu: rj() } as unknown as UpperLayerEvent);
    expect(m.state).toBe('Sta13');
    expect(m.trace.at(-1)).toMatchObject({ event: 'Evt19', action: 'AA-8' });
    expect(port.sent()).toEqual([abortPdu(2, 0)]);
  });

  it('a local primitive with a bad payload or an unknown event is refused without a transition', () => {
    const { m, port } = machineIn('Sta6');
    m.handle({ id: 'Evt9' } as unknown as UpperLayerEvent);
    m.handle({ id: 'Evt42' } as unknown as UpperLayerEvent);
    m.handle(null as unknown as UpperLayerEvent);
    expect(m.state).toBe('Sta6');
    expect(port.kinds()).toEqual(['protocol-error', 'protocol-error', 'protocol-error']);
    expect(port.sent()).toEqual([]);
  });
});

describe('UpperLayerMachine: robustness', () => {
  it('a transport write failure becomes Evt17 (A-P-ABORT) after the transition', () => {
    const { m, port } = machineIn('Sta6');
    port.throwOnSend = true;
    expect(() => m.handle({ id: 'Evt9', pdu: pdata() })).not.toThrow();
    expect(m.state).toBe('Sta1');
    expect(m.trace.slice(-2).map((t) => `${t.state}/${t.event}/${t.action}`)).toEqual(['Sta6/Evt9/DT-1', 'Sta6/Evt17/AA-4']);
    const abort = port.indications.find((i) => i.kind === 'abort');
    expect(abort?.kind === 'abort' && abort.error).toBeInstanceOf(TransportError);
  });

  it('an indication handler that throws does not break the machine', () => {
    const { m, port } = machineIn('Sta5');
    port.onIndicate = () => { throw new Error('user bug'); };
    expect(() => m.handle({ id: 'Evt3', pdu: ac() })).not.toThrow();
    expect(m.state).toBe('Sta6');
    expect(m.lastIndicationError).toBeInstanceOf(Error);
  });

  it('re-entrant handle() from an indication runs after the transition (run-to-completion)', () => {
    const { m, port } = machineIn('Sta2');
    const seen: StateId[] = [];
    port.onIndicate = (i) => {
      seen.push(m.state);
      if (i.kind === 'associate-indication') m.handle({ id: 'Evt7', pdu: ac() });
    };
    m.handle({ id: 'Evt6', pdu: rq() });
    expect(seen).toEqual(['Sta3']);
    expect(m.state).toBe('Sta6');
    expect(port.sent()).toEqual([ac()]);
  });

  it('openTransport that fails synchronously ends in Sta1 with an A-P-ABORT', () => {
    const port = new FakePort();
    port.openTransport = () => { throw new TransportError('CONNECT_REFUSED', 'refused'); };
    const m = new UpperLayerMachine('requestor', port, { artimTimeoutMs: ARTIM_MS });
    m.handle({ id: 'Evt1', pdu: rq() });
    expect(m.state).toBe('Sta1');
    expect(port.kinds()).toEqual(['abort', 'closed']);
  });

  it('the trace is a bounded ring buffer', () => {
    const port = new FakePort();
    const m = new UpperLayerMachine('requestor', port, { artimTimeoutMs: ARTIM_MS, traceSize: 5 });
    for (const e of pathTo('Sta6').events) m.handle(e);
    for (let i = 0; i < 10; i++) m.handle({ id: 'Evt9', pdu: pdata(i) });
    expect(m.trace).toHaveLength(5);
    expect(m.trace.map((t) => t.seq)).toEqual([9, 10, 11, 12, 13]);
  });

  it('eventForReceivedPdu maps every PDU type to its Table 9-10 row', () => {
    expect(eventForReceivedPdu(rq()).id).toBe('Evt6');
    expect(eventForReceivedPdu(ac()).id).toBe('Evt3');
    expect(eventForReceivedPdu(rj()).id).toBe('Evt4');
    expect(eventForReceivedPdu(pdata()).id).toBe('Evt10');
    expect(eventForReceivedPdu({ type: 'A-RELEASE-RQ' }).id).toBe('Evt12');
    expect(eventForReceivedPdu({ type: 'A-RELEASE-RP' }).id).toBe('Evt13');
    expect(eventForReceivedPdu(abortPdu()).id).toBe('Evt16');
  });
});
