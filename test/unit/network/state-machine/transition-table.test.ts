import { describe, expect, it } from 'vitest';
import { ACTION_IDS, actionDefinitions, type ActionId } from '../../../../core/network/state-machine/actions.js';
import { EVENT_IDS, type EventId } from '../../../../core/network/state-machine/events.js';
import { STATE_IDS, type StateId } from '../../../../core/network/state-machine/states.js';
import {
  STANDARD_CELL_COUNT, invalidPairAction, isBenignInvalidPair, isStandardCell, transitionTable,
} from '../../../../core/network/state-machine/transition-table.js';

/*
 * Independent transcription of PS3.8 Table 9-10 "DICOM Upper Layer Protocol State
 * Transition Table" (DICOM PS3.8 2019a/2020a, section 9.2.3; identical in 2014c..2024
 * editions), cross-checked with pynetdicom fsm.py TRANSITION_TABLE. Rows are events,
 * columns are states Sta1..Sta13, '.' is a blank cell of the standard.
 */
const PS3_8_TABLE_9_10 = `
        Sta1  Sta2  Sta3  Sta4  Sta5  Sta6  Sta7  Sta8  Sta9  Sta10 Sta11 Sta12 Sta13
Evt1    AE-1  .     .     .     .     .     .     .     .     .     .     .     .
Evt2    .     .     .     AE-2  .     .     .     .     .     .     .     .     .
Evt3    .     AA-1  AA-8  .     AE-3  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
Evt4    .     AA-1  AA-8  .     AE-4  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
Evt5    AE-5  .     .     .     .     .     .     .     .     .     .     .     .
Evt6    .     AE-6  AA-8  .     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7
Evt7    .     .     AE-7  .     .     .     .     .     .     .     .     .     .
Evt8    .     .     AE-8  .     .     .     .     .     .     .     .     .     .
Evt9    .     .     .     .     .     DT-1  .     AR-7  .     .     .     .     .
Evt10   .     AA-1  AA-8  .     AA-8  DT-2  AR-6  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
Evt11   .     .     .     .     .     AR-1  .     .     .     .     .     .     .
Evt12   .     AA-1  AA-8  .     AA-8  AR-2  AR-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
Evt13   .     AA-1  AA-8  .     AA-8  AA-8  AR-3  AA-8  AA-8  AR-10 AR-3  AA-8  AA-6
Evt14   .     .     .     .     .     .     .     AR-4  AR-9  .     .     AR-4  .
Evt15   .     .     AA-1  AA-2  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  .
Evt16   .     AA-2  AA-3  .     AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-2
Evt17   .     AA-5  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AR-5
Evt18   .     AA-2  .     .     .     .     .     .     .     .     .     .     AA-2
Evt19   .     AA-1  AA-8  .     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7
`;

/*
 * The documented action for blank cells (transition-table.ts header), restated here
 * so that a change of the rule has to be made in two places.
 */
const EXPECTED_INVALID_PAIR: Readonly<Record<StateId, ActionId>> = {
  Sta1: 'AA-2', Sta2: 'AA-1', Sta3: 'AA-8', Sta4: 'AA-2', Sta5: 'AA-8', Sta6: 'AA-8', Sta7: 'AA-8',
  Sta8: 'AA-8', Sta9: 'AA-8', Sta10: 'AA-8', Sta11: 'AA-8', Sta12: 'AA-8', Sta13: 'AA-7',
};

function parseGrid(text: string): Map<string, ActionId | undefined> {
  const lines = text.trim().split('\n').map((line) => line.trim().split(/\s+/));
  const header = lines[0];
  if (header === undefined) throw new Error('empty grid');
  expect(header).toEqual([...STATE_IDS]);
  const cells = new Map<string, ActionId | undefined>();
  const rows = lines.slice(1);
  expect(rows.map((r) => r[0])).toEqual([...EVENT_IDS]);
  for (const row of rows) {
    const [event, ...values] = row;
    expect(values).toHaveLength(13);
    values.forEach((value, i) => {
      const state = STATE_IDS[i];
      if (state === undefined || event === undefined) throw new Error('bad grid');
      if (value !== '.') expect(ACTION_IDS).toContain(value);
      cells.set(`${state}/${event}`, value === '.' ? undefined : (value as ActionId));
    });
  }
  return cells;
}

describe('PS3.8 Table 9-10 transition table', () => {
  const grid = parseGrid(PS3_8_TABLE_9_10);

  it('has 13 states x 19 events = 247 cells, all filled', () => {
    expect(grid.size).toBe(247);
    expect(Object.keys(transitionTable)).toEqual([...STATE_IDS]);
    let count = 0;
    for (const state of STATE_IDS) {
      expect(Object.keys(transitionTable[state])).toEqual([...EVENT_IDS]);
      for (const event of EVENT_IDS) {
        expect(ACTION_IDS).toContain(transitionTable[state][event]);
        count++;
      }
    }
    expect(count).toBe(247);
  });

  it('matches every standard cell and fills every blank cell with the documented invalid-pair action', () => {
    let standard = 0;
    let blank = 0;
    for (const state of STATE_IDS) {
      for (const event of EVENT_IDS) {
        const expected = grid.get(`${state}/${event}`);
        const actual = transitionTable[state][event];
        if (expected !== undefined) {
          standard++;
          expect(actual, `${state}/${event}`).toBe(expected);
          expect(isStandardCell(state, event), `${state}/${event} standard`).toBe(true);
        } else {
          blank++;
          const documented: ActionId = state === 'Sta1' && event === 'Evt17' ? 'AA-5' : EXPECTED_INVALID_PAIR[state];
          expect(actual, `${state}/${event} (blank)`).toBe(documented);
          expect(invalidPairAction(state, event)).toBe(documented);
          expect(isStandardCell(state, event), `${state}/${event} standard`).toBe(false);
        }
      }
    }
    expect(standard).toBe(123);
    expect(blank).toBe(124);
    expect(STANDARD_CELL_COUNT).toBe(123);
  });

  it('only the late transport close in Sta1 is a benign invalid pair', () => {
    const benign: string[] = [];
    for (const state of STATE_IDS) {
      for (const event of EVENT_IDS) if (isBenignInvalidPair(state, event)) benign.push(`${state}/${event}`);
    }
    expect(benign).toEqual(['Sta1/Evt17']);
  });

  it('every invalid pair leads to A-ABORT handling (Sta13) or straight back to Sta1', () => {
    for (const state of STATE_IDS) {
      for (const event of EVENT_IDS) {
        if (isStandardCell(state, event)) continue;
        const next = actionDefinitions[transitionTable[state][event]].nextStates;
        expect(next.every((s) => s === 'Sta13' || s === 'Sta1'), `${state}/${event}`).toBe(true);
      }
    }
  });

  it('uses every action of Tables 9-6..9-9 in some standard cell', () => {
    const used = new Set<ActionId>();
    for (const state of STATE_IDS) {
      for (const event of EVENT_IDS as readonly EventId[]) {
        if (isStandardCell(state, event)) used.add(transitionTable[state][event]);
      }
    }
    expect([...used].sort()).toEqual([...ACTION_IDS].sort());
  });

  it('action definitions carry the standard next states (Tables 9-6..9-9)', () => {
    expect(actionDefinitions['AE-6'].nextStates).toEqual(['Sta3', 'Sta13']);
    expect(actionDefinitions['AR-8'].nextStates).toEqual(['Sta9', 'Sta10']);
    expect(actionDefinitions['AE-8'].nextStates).toEqual(['Sta13']);
    expect(actionDefinitions['AR-4'].nextStates).toEqual(['Sta13']);
    expect(actionDefinitions['AA-2'].nextStates).toEqual(['Sta1']);
    expect(actionDefinitions['AA-6'].nextStates).toEqual(['Sta13']);
    for (const id of ACTION_IDS) {
      expect(actionDefinitions[id].id).toBe(id);
      expect(actionDefinitions[id].nextStates.length).toBeGreaterThan(0);
    }
  });
});
