/**
 * The 19 events of the DICOM Upper Layer protocol machine: the rows of
 * PS3.8 Table 9-10 (section 9.2.3). The standard has no separate event table;
 * the event names are the first column of Table 9-10. Texts follow the standard.
 */
export type EventId =
  | 'Evt1' | 'Evt2' | 'Evt3' | 'Evt4' | 'Evt5' | 'Evt6' | 'Evt7' | 'Evt8' | 'Evt9' | 'Evt10'
  | 'Evt11' | 'Evt12' | 'Evt13' | 'Evt14' | 'Evt15' | 'Evt16' | 'Evt17' | 'Evt18' | 'Evt19';

/** All events in the standard's order (the rows of PS3.8 Table 9-10). */
export const EVENT_IDS: readonly EventId[] = Object.freeze([
  'Evt1', 'Evt2', 'Evt3', 'Evt4', 'Evt5', 'Evt6', 'Evt7', 'Evt8', 'Evt9', 'Evt10',
  'Evt11', 'Evt12', 'Evt13', 'Evt14', 'Evt15', 'Evt16', 'Evt17', 'Evt18', 'Evt19',
] as const);

/**
 * Where an event comes from. Used to reason about the cells the standard leaves
 * blank (see transition-table.ts): a primitive from the local service-user, a
 * notification of the local transport service, a PDU read from the peer, or the
 * ARTIM timer.
 */
export type EventSource = 'service-user' | 'transport' | 'pdu' | 'timer';

export interface EventDefinition {
  readonly id: EventId;
  /** PS3.8 Table 9-10 event text. */
  readonly text: string;
  readonly source: EventSource;
}

export const eventDefinitions: Readonly<Record<EventId, EventDefinition>> = Object.freeze({
  Evt1: { id: 'Evt1', source: 'service-user', text: 'A-ASSOCIATE Request (local user)' },
  Evt2: { id: 'Evt2', source: 'transport', text: 'Transport Conn. Confirm (local transport service)' },
  Evt3: { id: 'Evt3', source: 'pdu', text: 'A-ASSOCIATE-AC PDU (received on transport connection)' },
  Evt4: { id: 'Evt4', source: 'pdu', text: 'A-ASSOCIATE-RJ PDU (received on transport connection)' },
  Evt5: { id: 'Evt5', source: 'transport', text: 'Transport Connection Indication (local transport service)' },
  Evt6: { id: 'Evt6', source: 'pdu', text: 'A-ASSOCIATE-RQ PDU (received on transport connection)' },
  Evt7: { id: 'Evt7', source: 'service-user', text: 'A-ASSOCIATE response primitive (accept)' },
  Evt8: { id: 'Evt8', source: 'service-user', text: 'A-ASSOCIATE response primitive (reject)' },
  Evt9: { id: 'Evt9', source: 'service-user', text: 'P-DATA request primitive' },
  Evt10: { id: 'Evt10', source: 'pdu', text: 'P-DATA-TF PDU' },
  Evt11: { id: 'Evt11', source: 'service-user', text: 'A-RELEASE Request primitive' },
  Evt12: { id: 'Evt12', source: 'pdu', text: 'A-RELEASE-RQ PDU (received on open transport connection)' },
  Evt13: { id: 'Evt13', source: 'pdu', text: 'A-RELEASE-RP PDU (received on transport connection)' },
  Evt14: { id: 'Evt14', source: 'service-user', text: 'A-RELEASE Response primitive' },
  Evt15: { id: 'Evt15', source: 'service-user', text: 'A-ABORT Request primitive' },
  Evt16: { id: 'Evt16', source: 'pdu', text: 'A-ABORT PDU (received on open transport connection)' },
  Evt17: { id: 'Evt17', source: 'transport', text: 'Transport connection closed indication (local transport service)' },
  Evt18: { id: 'Evt18', source: 'timer', text: 'ARTIM timer expired (Association reject/release timer)' },
  Evt19: { id: 'Evt19', source: 'pdu', text: 'Unrecognized or invalid PDU received' },
});

/** Runtime guard, for values that come from outside the type system. */
export function isEventId(value: unknown): value is EventId {
  return typeof value === 'string' && (EVENT_IDS as readonly string[]).includes(value);
}
