import { describe, expect, it } from 'vitest';
import { PduDecodeError, TransportError } from '../../../../core/network/errors.js';
import { emptyUserInformation, type Pdu } from '../../../../core/network/pdu/types.js';
import { actionDefinitions } from '../../../../core/network/state-machine/actions.js';
import type { TimerApi } from '../../../../core/network/state-machine/artim-timer.js';
import { EVENT_IDS, type EventId } from '../../../../core/network/state-machine/events.js';
import { isStateId, type StateId } from '../../../../core/network/state-machine/states.js';
import { isStandardCell, transitionTable } from '../../../../core/network/state-machine/transition-table.js';
import {
  UpperLayerMachine, type UpperLayerEvent, type UpperLayerIndication, type UpperLayerPort,
} from '../../../../core/network/state-machine/upper-layer-machine.js';
import { prng as mulberry32 } from '../../../support/prng.js';


/** A manual clock implementing TimerApi. */
class ManualTimers implements TimerApi {
  private now = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timers]) {
      if (t.at <= this.now) {
        this.timers.delete(id);
        t.callback();
      }
    }
  }
  get active(): number {
    return this.timers.size;
  }
}

const ARTIM_MS = 1000;

/** Events that move the association forward in a state (standard cells, not aborts). */
function progressEvents(state: StateId): EventId[] {
  return EVENT_IDS.filter((e) => isStandardCell(state, e) && !transitionTable[state][e].startsWith('AA-'));
}

function randomEvent(id: EventId, rnd: () => number): UpperLayerEvent {
  const rq = {
    type: 'A-ASSOCIATE-RQ' as const, protocolVersion: rnd() < 0.9 ? 1 : 0, calledAeTitle: 'A', callingAeTitle: 'B',
    applicationContextName: '1.2.840.10008.3.1.1.1', presentationContexts: [], userInformation: emptyUserInformation(),
  };
  const ac = { ...rq, type: 'A-ASSOCIATE-AC' as const, presentationContexts: [] };
  const rj = { type: 'A-ASSOCIATE-RJ' as const, result: 1, source: 1, reason: 1 };
  const pdata = { type: 'P-DATA-TF' as const, pdvs: [] };
  switch (id) {
    case 'Evt1': return { id, pdu: rq };
    case 'Evt3': return { id, pdu: ac };
    case 'Evt4': return { id, pdu: rj };
    case 'Evt6': return { id, pdu: rq };
    case 'Evt7': return { id, pdu: ac };
    case 'Evt8': return { id, pdu: rj };
    case 'Evt9': return { id, pdu: pdata };
    case 'Evt10': return { id, pdu: pdata };
    case 'Evt15': return { id, source: rnd() < 0.5 ? 0 : 2, reason: Math.floor(rnd() * 7) };
    case 'Evt16': return { id, pdu: { type: 'A-ABORT', source: rnd() < 0.5 ? 0 : 2, reason: 0 } };
    case 'Evt17': return { id, error: new TransportError('CONNECTION_RESET', 'reset') };
    case 'Evt19': return { id, error: new PduDecodeError('PDU-length', 2, 'too short') };
    default: return { id } as UpperLayerEvent;
  }
}

describe('UpperLayerMachine fuzz (seeded)', () => {
  for (const seed of [1, 0xd1c0, 20240601]) {
    it(`seed ${seed}: 10k random events never throw and keep the invariants`, () => {
      const rnd = mulberry32(seed);
      const timers = new ManualTimers();
      let throwOnSend = false;
      const indications: UpperLayerIndication[] = [];
      const port: UpperLayerPort = {
        openTransport: () => undefined,
        closeTransport: () => undefined,
        sendPdu: (_pdu: Pdu) => { if (throwOnSend) throw new Error('EPIPE'); },
        indicate: (i) => { indications.push(i); },
      };
      const m = new UpperLayerMachine(rnd() < 0.5 ? 'requestor' : 'acceptor', port,
        { artimTimeoutMs: ARTIM_MS, timers, traceSize: 20_000 });
      const visited = new Set<string>();
      for (let i = 0; i < 10_000; i++) {
        throwOnSend = rnd() < 0.02;
        const before = m.state;
        const r = rnd();
        if (r < 0.05) {
          timers.advance(Math.floor(rnd() * ARTIM_MS * 1.5));
        } else {
          // Mostly valid moves, so the walk gets deep into the machine; otherwise any event.
          const valid = progressEvents(m.state);
          const pool = rnd() < 0.75 && valid.length > 0 ? valid : EVENT_IDS;
          const id = pool[Math.floor(rnd() * pool.length)] ?? 'Evt1';
          try {
            m.handle(randomEvent(id, rnd));
          } catch (error) {
            expect.fail(`seed ${seed} step ${i}: handle(${id}) in ${before} threw ${String(error)}`);
          }
        }
        visited.add(before);
        // Plain checks per step (expect() per step would dominate the run time).
        const where = `seed ${seed} step ${i}: ${before} -> ${m.state}`;
        if (!isStateId(m.state)) expect.fail(`${where}: invalid state`);
        // ARTIM runs exactly in Sta2 and Sta13 (PS3.8 Table 9-10), never left running in Sta1.
        if (m.artimRunning !== (m.state === 'Sta2' || m.state === 'Sta13')) expect.fail(`${where}: ARTIM running=${m.artimRunning}`);
        if (m.state === 'Sta1' && timers.active !== 0) expect.fail(`${where}: a timer is left armed in Sta1`);
      }
      // Every recorded transition went to a next state its action allows.
      for (const t of m.trace) {
        const allowed = actionDefinitions[t.action].nextStates;
        expect(allowed, `${t.state}/${t.event}/${t.action}`).toContain(t.next);
      }
      // 'closed' is reported exactly once per return to Sta1.
      const returns = m.trace.filter((t) => t.next === 'Sta1' && t.state !== 'Sta1').length;
      expect(indications.filter((i) => i.kind === 'closed').length).toBe(returns);
      // The random walk reaches most of the machine.
      expect(visited.size).toBe(13);
    });
  }
});
