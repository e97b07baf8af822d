/**
 * The actions of the DICOM Upper Layer protocol machine (PS3.8 section 9.2.2):
 * Table 9-6 (association establishment, AE-n), Table 9-7 (data transfer, DT-n),
 * Table 9-8 (association release, AR-n) and Table 9-9 (association abort, AA-n).
 *
 * This file is the data: the standard's text, the next state(s) and what each
 * action does to the ARTIM timer. The code that performs the side effects lives in
 * upper-layer-machine.ts.
 */
import type { StateId } from './states.js';

export type ActionId =
  | 'AE-1' | 'AE-2' | 'AE-3' | 'AE-4' | 'AE-5' | 'AE-6' | 'AE-7' | 'AE-8'
  | 'DT-1' | 'DT-2'
  | 'AR-1' | 'AR-2' | 'AR-3' | 'AR-4' | 'AR-5' | 'AR-6' | 'AR-7' | 'AR-8' | 'AR-9' | 'AR-10'
  | 'AA-1' | 'AA-2' | 'AA-3' | 'AA-4' | 'AA-5' | 'AA-6' | 'AA-7' | 'AA-8';

export const ACTION_IDS: readonly ActionId[] = Object.freeze([
  'AE-1', 'AE-2', 'AE-3', 'AE-4', 'AE-5', 'AE-6', 'AE-7', 'AE-8',
  'DT-1', 'DT-2',
  'AR-1', 'AR-2', 'AR-3', 'AR-4', 'AR-5', 'AR-6', 'AR-7', 'AR-8', 'AR-9', 'AR-10',
  'AA-1', 'AA-2', 'AA-3', 'AA-4', 'AA-5', 'AA-6', 'AA-7', 'AA-8',
] as const);

/**
 * What an action does to the ARTIM timer (PS3.8 section 9.1.5 and the action texts).
 * - 'start': start it (AA-1 says "start (or restart if already started)").
 * - 'stop': stop it ("if running" for AA-2).
 * - 'stop-then-start-if-rejected': AE-6 stops it, then starts it again only when the
 *   service-provider rejects the A-ASSOCIATE-RQ.
 * - 'none': leaves it alone.
 */
export type ArtimEffect = 'start' | 'stop' | 'stop-then-start-if-rejected' | 'none';

export interface ActionDefinition {
  readonly id: ActionId;
  /** PS3.8 Table 9-6/9-7/9-8/9-9. */
  readonly table: '9-6' | '9-7' | '9-8' | '9-9';
  /** The standard's definition text (without the "Next state is" sentence). */
  readonly text: string;
  /**
   * Possible next states. Two entries only for AE-6 (Sta3 when the RQ is acceptable
   * to the service-provider, otherwise Sta13) and AR-8 (Sta9 for the
   * association-requestor, Sta10 for the acceptor).
   */
  readonly nextStates: readonly StateId[];
  readonly artim: ArtimEffect;
}

function def(id: ActionId, table: ActionDefinition['table'], text: string,
  nextStates: readonly StateId[], artim: ArtimEffect = 'none'): ActionDefinition {
  return Object.freeze({ id, table, text, nextStates: Object.freeze([...nextStates]), artim });
}

export const actionDefinitions: Readonly<Record<ActionId, ActionDefinition>> = Object.freeze({
  // Table 9-6. Association Establishment Related Actions
  'AE-1': def('AE-1', '9-6', 'Issue TRANSPORT CONNECT request primitive to local transport service', ['Sta4']),
  'AE-2': def('AE-2', '9-6', 'Send A-ASSOCIATE-RQ-PDU', ['Sta5']),
  'AE-3': def('AE-3', '9-6', 'Issue A-ASSOCIATE confirmation (accept) primitive', ['Sta6']),
  'AE-4': def('AE-4', '9-6', 'Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection', ['Sta1']),
  'AE-5': def('AE-5', '9-6', 'Issue Transport connection response primitive; start ARTIM timer', ['Sta2'], 'start'),
  'AE-6': def('AE-6', '9-6',
    'Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by service-provider: issue A-ASSOCIATE indication primitive ' +
    '(next state is Sta3); otherwise: issue A-ASSOCIATE-RJ-PDU and start ARTIM timer (next state is Sta13)',
    ['Sta3', 'Sta13'], 'stop-then-start-if-rejected'),
  'AE-7': def('AE-7', '9-6', 'Send A-ASSOCIATE-AC PDU', ['Sta6']),
  'AE-8': def('AE-8', '9-6', 'Send A-ASSOCIATE-RJ PDU and start ARTIM timer', ['Sta13'], 'start'),
  // Table 9-7. Data Transfer Related Actions
  'DT-1': def('DT-1', '9-7', 'Send P-DATA-TF PDU', ['Sta6']),
  'DT-2': def('DT-2', '9-7', 'Send P-DATA indication primitive', ['Sta6']),
  // Table 9-8. Association Release Related Actions
  'AR-1': def('AR-1', '9-8', 'Send A-RELEASE-RQ PDU', ['Sta7']),
  'AR-2': def('AR-2', '9-8', 'Issue A-RELEASE indication primitive', ['Sta8']),
  'AR-3': def('AR-3', '9-8', 'Issue A-RELEASE confirmation primitive, and close transport connection', ['Sta1']),
  'AR-4': def('AR-4', '9-8', 'Issue A-RELEASE-RP PDU and start ARTIM timer', ['Sta13'], 'start'),
  'AR-5': def('AR-5', '9-8', 'Stop ARTIM timer', ['Sta1'], 'stop'),
  'AR-6': def('AR-6', '9-8', 'Issue P-DATA indication', ['Sta7']),
  'AR-7': def('AR-7', '9-8', 'Issue P-DATA-TF PDU', ['Sta8']),
  'AR-8': def('AR-8', '9-8',
    'Issue A-RELEASE indication (release collision): if association-requestor, next state is Sta9; if not, next state is Sta10',
    ['Sta9', 'Sta10']),
  'AR-9': def('AR-9', '9-8', 'Send A-RELEASE-RP PDU', ['Sta11']),
  'AR-10': def('AR-10', '9-8', 'Issue A-RELEASE confirmation primitive', ['Sta12']),
  // Table 9-9. Association Abort Related Actions
  'AA-1': def('AA-1', '9-9', 'Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer', ['Sta13'], 'start'),
  'AA-2': def('AA-2', '9-9', 'Stop ARTIM timer if running. Close transport connection', ['Sta1'], 'stop'),
  'AA-3': def('AA-3', '9-9',
    'If (service-user initiated abort): issue A-ABORT indication and close transport connection; ' +
    'otherwise (service-provider initiated abort): issue A-P-ABORT indication and close transport connection',
    ['Sta1']),
  'AA-4': def('AA-4', '9-9', 'Issue A-P-ABORT indication primitive', ['Sta1']),
  'AA-5': def('AA-5', '9-9', 'Stop ARTIM timer', ['Sta1'], 'stop'),
  'AA-6': def('AA-6', '9-9', 'Ignore PDU', ['Sta13']),
  'AA-7': def('AA-7', '9-9', 'Send A-ABORT PDU', ['Sta13']),
  'AA-8': def('AA-8', '9-9', 'Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer', ['Sta13'], 'start'),
});

/** Actions that (may) start ARTIM: the machine runs it only in Sta2 and Sta13. */
export const ACTIONS_STARTING_ARTIM: readonly ActionId[] = Object.freeze(
  ACTION_IDS.filter((a) => actionDefinitions[a].artim === 'start' || actionDefinitions[a].artim === 'stop-then-start-if-rejected'));

/** Actions that stop ARTIM. */
export const ACTIONS_STOPPING_ARTIM: readonly ActionId[] = Object.freeze(
  ACTION_IDS.filter((a) => actionDefinitions[a].artim === 'stop' || actionDefinitions[a].artim === 'stop-then-start-if-rejected'));
