/**
 * Limits and timeouts of the network layer, in one object that callers pass in.
 * Nothing in core/network reads a global for these.
 */
export interface NetworkConfig {
  /** TCP connect timeout, ms. */
  connectTimeoutMs: number;
  /** ARTIM timer (PS3.8 section 9.1.5): waiting for A-ASSOCIATE-RQ after accept, for AC/RJ, for RP, and for close after abort. */
  artimTimeoutMs: number;
  /** Time allowed for a DIMSE response to arrive after the request was sent. */
  dimseTimeoutMs: number;
  /** An established association with no PDU in either direction for this long is aborted. 0 = no idle limit. */
  idleTimeoutMs: number;
  /** Maximum P-DATA-TF PDU length we advertise and accept (PS3.8 D.1). */
  maxPduLength: number;
  /** Largest A-ASSOCIATE PDU accepted. */
  maxAssociatePduLength: number;
  /** Largest reassembled DIMSE command set, bytes. */
  maxCommandLength: number;
  /** Largest reassembled data set kept in memory, bytes (storage streams to disk instead). */
  maxDatasetLength: number;
  /** Acceptor: maximum concurrent associations; more are rejected transiently (local-limit-exceeded). */
  maxAssociations: number;
  /**
   * Acceptor: requests awaiting our answers across all associations (each holds an open
   * file or memory); past it, associations stop reading until answers make room
   * (request-budget.ts). 128 keeps a Storage SCP under macOS's default 256 descriptors.
   */
  maxRequestsInFlight: number;
  /**
   * Acknowledge at once the reads a peer may be waiting on (TCP_QUICKACK, Linux),
   * so peers that leave Nagle on and write a PDU in two pieces are not held up by our
   * delayed ACK (see tcp-quick-ack.ts).
   */
  quickAck: boolean;
}

export const defaultNetworkConfig: Readonly<NetworkConfig> = Object.freeze({
  connectTimeoutMs: 10_000,
  artimTimeoutMs: 30_000,
  dimseTimeoutMs: 60_000,
  idleTimeoutMs: 0,
  maxPduLength: 262_144,
  maxAssociatePduLength: 1_048_576,
  maxCommandLength: 65_536,
  maxDatasetLength: 512 * 1024 * 1024,
  maxAssociations: 32,
  maxRequestsInFlight: 128,
  quickAck: true,
});

export function networkConfig(overrides: Partial<NetworkConfig> = {}): NetworkConfig {
  return { ...defaultNetworkConfig, ...overrides };
}
