/**
 * The 13 states of the DICOM Upper Layer protocol machine (PS3.8 section 9.2.1).
 *
 * The standard splits them over Tables 9-1 (no association), 9-2 (association
 * establishment), 9-3 (data transfer), 9-4 (association release) and
 * 9-5 (waiting for transport connection close). Texts below follow the
 * standard's wording (checked against PS3.8 2019a/2020a).
 */
export type StateId =
  | 'Sta1' | 'Sta2' | 'Sta3' | 'Sta4' | 'Sta5' | 'Sta6' | 'Sta7'
  | 'Sta8' | 'Sta9' | 'Sta10' | 'Sta11' | 'Sta12' | 'Sta13';

/** All states in the standard's order (the columns of PS3.8 Table 9-10). */
export const STATE_IDS: readonly StateId[] = Object.freeze([
  'Sta1', 'Sta2', 'Sta3', 'Sta4', 'Sta5', 'Sta6', 'Sta7',
  'Sta8', 'Sta9', 'Sta10', 'Sta11', 'Sta12', 'Sta13',
] as const);

export type StateGroup = 'no-association' | 'association-establishment' | 'data-transfer'
  | 'association-release' | 'waiting-for-transport-close';

export interface StateDefinition {
  readonly id: StateId;
  /** PS3.8 Table 9-1..9-5 definition text. */
  readonly text: string;
  /** Which of the standard's tables (9-1..9-5) the state belongs to. */
  readonly group: StateGroup;
}

export const stateDefinitions: Readonly<Record<StateId, StateDefinition>> = Object.freeze({
  // Table 9-1. No Association
  Sta1: { id: 'Sta1', group: 'no-association', text: 'Idle' },
  // Table 9-2. Association Establishment
  Sta2: { id: 'Sta2', group: 'association-establishment', text: 'Transport connection open (Awaiting A-ASSOCIATE-RQ PDU)' },
  Sta3: { id: 'Sta3', group: 'association-establishment', text: 'Awaiting local A-ASSOCIATE response primitive (from local user)' },
  Sta4: { id: 'Sta4', group: 'association-establishment', text: 'Awaiting transport connection opening to complete (from local transport service)' },
  Sta5: { id: 'Sta5', group: 'association-establishment', text: 'Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU' },
  // Table 9-3. Data Transfer
  Sta6: { id: 'Sta6', group: 'data-transfer', text: 'Association established and ready for data transfer' },
  // Table 9-4. Association Release
  Sta7: { id: 'Sta7', group: 'association-release', text: 'Awaiting A-RELEASE-RP PDU' },
  Sta8: { id: 'Sta8', group: 'association-release', text: 'Awaiting local A-RELEASE response primitive (from local user)' },
  Sta9: { id: 'Sta9', group: 'association-release', text: 'Release collision requestor side; awaiting A-RELEASE response (from local user)' },
  Sta10: { id: 'Sta10', group: 'association-release', text: 'Release collision acceptor side; awaiting A-RELEASE-RP PDU' },
  Sta11: { id: 'Sta11', group: 'association-release', text: 'Release collision requestor side; awaiting A-RELEASE-RP PDU' },
  Sta12: { id: 'Sta12', group: 'association-release', text: 'Release collision acceptor side; awaiting A-RELEASE response primitive (from local user)' },
  // Table 9-5. Waiting for Transport Connection Close
  Sta13: { id: 'Sta13', group: 'waiting-for-transport-close', text: 'Awaiting Transport Connection Close Indication (Association no longer exists)' },
});

/** Runtime guard, for values that come from outside the type system (logs, IPC). */
export function isStateId(value: unknown): value is StateId {
  return typeof value === 'string' && (STATE_IDS as readonly string[]).includes(value);
}
