/**
 * PS3.8 Table 9-10, "DICOM Upper Layer Protocol State Transition Table"
 * (section 9.2.3), as data: (state, event) -> action. Every one of the 13 x 19 = 247
 * cells is filled.
 *
 * Source of the standard cells: PS3.8 Table 9-10 (editions 2014c..2024, unchanged),
 * cross-checked against pynetdicom's fsm.py TRANSITION_TABLE and DCMTK's dulfsm.cc
 * StateTable. (Old DCMTK deviates in two cells on purpose: Sta5+Evt6 -> AE-4 and
 * Sta7+Evt18 -> "AA-2T"; we follow the standard.)
 *
 * Blank cells. The standard defines 123 cells and leaves 124 blank: local primitives the service-user
 * may not issue in that state, transport notifications that cannot happen, and PDUs
 * in states without a transport connection. DCMTK returns DUL_FSMERROR and keeps its
 * state; pynetdicom raises InvalidEventError. Neither is acceptable for us: the
 * machine must never throw and never stall, so each blank cell is filled with the
 * abort action the standard itself uses for invalid events in that state, and the
 * driver reports a 'protocol-error' indication for it (ProtocolError from errors.ts):
 *
 * | state              | filled action | why                                                       |
 * |--------------------|---------------|-----------------------------------------------------------|
 * | Sta1               | AA-2          | no association; close whatever transport delivered the   |
 * |                    |               | event (e.g. a connect that completes after an abort in   |
 * |                    |               | Sta4). Nothing to send.                                   |
 * | Sta1 + Evt17       | AA-5          | benign: the transport reports the close of a connection  |
 * |                    |               | we already closed (AE-4/AR-3/AA-2/AA-3). No indication.  |
 * | Sta4               | AA-2          | connection not open yet, nothing can be sent: close it,  |
 * |                    |               | as the standard does for Evt15 in Sta4.                   |
 * | Sta2               | AA-1          | the standard's answer to every unexpected PDU in Sta2.    |
 * | Sta3, Sta5..Sta12  | AA-8          | the standard's "invalid event" action in these states:   |
 * |                    |               | A-ABORT (provider) to the peer, A-P-ABORT to the user.    |
 * | Sta13              | AA-7          | the standard's answer to Evt6/Evt19 in Sta13: send        |
 * |                    |               | A-ABORT again, keep waiting for the close (ARTIM runs).   |
 *
 * So every invalid pair ends in A-ABORT handling (Sta13, then Sta1 via ARTIM or the
 * transport close) or directly in Sta1 when no association exists.
 */
import type { ActionId } from './actions.js';
import { EVENT_IDS, type EventId } from './events.js';
import { STATE_IDS, type StateId } from './states.js';

/**
 * The standard's non-blank cells, one line per event (row of Table 9-10), in the
 * standard's order of states. Keep this literal close to the standard for review.
 */
const STANDARD_ROWS: Readonly<Record<EventId, Partial<Record<StateId, ActionId>>>> = {
  Evt1: { Sta1: 'AE-1' },
  Evt2: { Sta4: 'AE-2' },
  Evt3: { Sta2: 'AA-1', Sta3: 'AA-8', Sta5: 'AE-3', Sta6: 'AA-8', Sta7: 'AA-8', Sta8: 'AA-8', Sta9: 'AA-8', Sta10: 'AA-8', Sta11: 'AA-8', Sta12: 'AA-8', Sta13: 'AA-6' },
  Evt4: { Sta2: 'AA-1', Sta3: 'AA-8', Sta5: 'AE-4', Sta6: 'AA-8', Sta7: 'AA-8', Sta8: 'AA-8', Sta9: 'AA-8', Sta10: 'AA-8', Sta11: 'AA-8', Sta12: 'AA-8', Sta13: 'AA-6' },
  Evt5: { Sta1: 'AE-5' },
  Evt6: { Sta2: 'AE-6', Sta3: 'AA-8', Sta5: 'AA-8', Sta6: 'AA-8', Sta7: 'AA-8', Sta8: 'AA-8', Sta9: 'AA-8', Sta10: 'AA-8', Sta11: 'AA-8', Sta12: 'AA-8', Sta13: 'AA-7' },
  Evt7: { Sta3: 'AE-7' },
  Evt8: { Sta3: 'AE-8' },
  Evt9: { Sta6: 'DT-1', Sta8: 'AR-7' },
  Evt10: { Sta2: 'AA-1', Sta3: 'AA-8', Sta5: 'AA-8', Sta6: 'DT-2', Sta7: 'AR-6', Sta8: 'AA-8', Sta9: 'AA-8', Sta10: 'AA-8', Sta11: 'AA-8', Sta12: 'AA-8', Sta13: 'AA-6' },
  Evt11: { Sta6: 'AR-1' },
  Evt12: { Sta2: 'AA-1', Sta3: 'AA-8', Sta5: 'AA-8', Sta6: 'AR-2', Sta7: 'AR-8', Sta8: 'AA-8', Sta9: 'AA-8', Sta10: 'AA-8', Sta11: 'AA-8', Sta12: 'AA-8', Sta13: 'AA-6' },
  Evt13: { Sta2: 'AA-1', Sta3: 'AA-8', Sta5: 'AA-8', Sta6: 'AA-8', Sta7: 'AR-3', Sta8: 'AA-8', Sta9: 'AA-8', Sta10: 'AR-10', Sta11: 'AR-3', Sta12: 'AA-8', Sta13: 'AA-6' },
  Evt14: { Sta8: 'AR-4', Sta9: 'AR-9', Sta12: 'AR-4' },
  Evt15: { Sta3: 'AA-1', Sta4: 'AA-2', Sta5: 'AA-1', Sta6: 'AA-1', Sta7: 'AA-1', Sta8: 'AA-1', Sta9: 'AA-1', Sta10: 'AA-1', Sta11: 'AA-1', Sta12: 'AA-1' },
  Evt16: { Sta2: 'AA-2', Sta3: 'AA-3', Sta5: 'AA-3', Sta6: 'AA-3', Sta7: 'AA-3', Sta8: 'AA-3', Sta9: 'AA-3', Sta10: 'AA-3', Sta11: 'AA-3', Sta12: 'AA-3', Sta13: 'AA-2' },
  Evt17: { Sta2: 'AA-5', Sta3: 'AA-4', Sta4: 'AA-4', Sta5: 'AA-4', Sta6: 'AA-4', Sta7: 'AA-4', Sta8: 'AA-4', Sta9: 'AA-4', Sta10: 'AA-4', Sta11: 'AA-4', Sta12: 'AA-4', Sta13: 'AR-5' },
  Evt18: { Sta2: 'AA-2', Sta13: 'AA-2' },
  Evt19: { Sta2: 'AA-1', Sta3: 'AA-8', Sta5: 'AA-8', Sta6: 'AA-8', Sta7: 'AA-8', Sta8: 'AA-8', Sta9: 'AA-8', Sta10: 'AA-8', Sta11: 'AA-8', Sta12: 'AA-8', Sta13: 'AA-7' },
};

/**
 * The action we put in a cell the standard leaves blank (see the table above).
 * Exported so that tests and documentation use the same rule.
 */
export function invalidPairAction(state: StateId, event: EventId): ActionId {
  switch (state) {
    case 'Sta1': return event === 'Evt17' ? 'AA-5' : 'AA-2';
    case 'Sta4': return 'AA-2';
    case 'Sta2': return 'AA-1';
    case 'Sta13': return 'AA-7';
    default: return 'AA-8';
  }
}

/**
 * Filled cells that are not reported as protocol errors: only the late transport
 * close in Sta1 (our own closeTransport() is reported back by the transport).
 */
export function isBenignInvalidPair(state: StateId, event: EventId): boolean {
  return state === 'Sta1' && event === 'Evt17';
}

function cellKey(state: StateId, event: EventId): string {
  return `${state}/${event}`;
}

const standardCells = new Set<string>();
for (const event of EVENT_IDS) {
  for (const state of STATE_IDS) {
    if (STANDARD_ROWS[event][state] !== undefined) standardCells.add(cellKey(state, event));
  }
}

/** True when PS3.8 Table 9-10 defines the cell; false for a filled-in invalid pair. */
export function isStandardCell(state: StateId, event: EventId): boolean {
  return standardCells.has(cellKey(state, event));
}

/** Number of cells the standard defines (the other 247 - N are filled). */
export const STANDARD_CELL_COUNT: number = standardCells.size;

function buildTable(): Readonly<Record<StateId, Readonly<Record<EventId, ActionId>>>> {
  const table = {} as Record<StateId, Readonly<Record<EventId, ActionId>>>;
  for (const state of STATE_IDS) {
    const row = {} as Record<EventId, ActionId>;
    for (const event of EVENT_IDS) {
      row[event] = STANDARD_ROWS[event][state] ?? invalidPairAction(state, event);
    }
    table[state] = Object.freeze(row);
  }
  return Object.freeze(table);
}

/** The full table, indexed [state][event]. Frozen. */
export const transitionTable: Readonly<Record<StateId, Readonly<Record<EventId, ActionId>>>> = buildTable();
