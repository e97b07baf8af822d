/**
 * Split a DIMSE message into P-DATA-TF PDUs (PS3.8 section 9.3.5 and Annex E; PS3.7 section 6.3).
 *
 * - The command is sent first, then the data set; one PDV never mixes both (PS3.8 E.2).
 * - The last fragment of the command and of the data set carries the "last" bit (PS3.8 E.2).
 * - Each PDU's variable field (every PDV item with its 4-byte length, 1-byte context ID and
 *   1-byte message control header) is at most the peer's Maximum Length (PS3.8 D.1).
 * - One PDV per PDU, as DCMTK does. PDV data are subarray views of the input: no copies.
 */
import { DimseProtocolError } from '../errors.js';
import type { PDataTf, Pdv } from '../pdu/types.js';

/** Bytes of a PDV item that are not data: item length (4) + context ID (1) + control header (1). */
export const PDV_ITEM_OVERHEAD = 6;

/** Chunk size when the peer announced Maximum Length 0, meaning "no limit" (PS3.8 D.1). */
export const UNLIMITED_PDU_CHUNK = 1024 * 1024;

/** The largest data fragment one PDV may carry for this maximum PDU length. */
export function maxFragmentLength(maxPduLength: number): number {
  if (!Number.isInteger(maxPduLength) || maxPduLength < 0 || maxPduLength > 0xffffffff) {
    throw new DimseProtocolError('INVALID_MAX_PDU_LENGTH', `Maximum PDU length ${String(maxPduLength)} is not a 32-bit unsigned integer`);
  }
  if (maxPduLength === 0) return UNLIMITED_PDU_CHUNK;
  if (maxPduLength <= PDV_ITEM_OVERHEAD) {
    throw new DimseProtocolError('INVALID_MAX_PDU_LENGTH',
      `Maximum PDU length ${maxPduLength} leaves no room for data (a PDV item needs ${PDV_ITEM_OVERHEAD} bytes of header)`);
  }
  return maxPduLength - PDV_ITEM_OVERHEAD;
}

function checkContextId(id: number): void {
  // Presentation context IDs are odd integers 1..255 (PS3.8 section 9.3.2.2).
  if (!Number.isInteger(id) || id < 1 || id > 255 || id % 2 === 0) {
    throw new DimseProtocolError('INVALID_CONTEXT_ID', `Presentation context ID ${String(id)} is not an odd integer 1..255`);
  }
}

function pdu(pdv: Pdv): PDataTf {
  return { type: 'P-DATA-TF', pdvs: [pdv] };
}

function fragments(presentationContextId: number, data: Uint8Array, isCommand: boolean, chunk: number, out: PDataTf[]): void {
  if (data.length === 0) {
    // An empty value still needs its "last fragment" PDV so the receiver knows it is complete.
    out.push(pdu({ presentationContextId, isCommand, isLastFragment: true, data }));
    return;
  }
  for (let offset = 0; offset < data.length; offset += chunk) {
    const end = Math.min(offset + chunk, data.length);
    out.push(pdu({ presentationContextId, isCommand, isLastFragment: end === data.length, data: data.subarray(offset, end) }));
  }
}

/** The PDUs carrying an encoded command set alone (for senders that then stream the data set). */
export function fragmentCommand(presentationContextId: number, command: Uint8Array, maxPduLength: number): PDataTf[] {
  return fragmentMessage(presentationContextId, command, undefined, maxPduLength);
}

/**
 * The P-DATA-TF PDUs carrying one DIMSE message: command fragments, then data set fragments.
 * `maxPduLength` is the Maximum Length the peer announced (0 = unlimited, PS3.8 D.1).
 */
export function fragmentMessage(presentationContextId: number, command: Uint8Array, dataset: Uint8Array | undefined,
  maxPduLength: number): PDataTf[] {
  checkContextId(presentationContextId);
  const chunk = maxFragmentLength(maxPduLength);
  if (command.length === 0) throw new DimseProtocolError('EMPTY_COMMAND', 'A DIMSE message needs a command set');
  const out: PDataTf[] = [];
  fragments(presentationContextId, command, true, chunk, out);
  if (dataset !== undefined) fragments(presentationContextId, dataset, false, chunk, out);
  return out;
}

/**
 * Stream a data set from chunks (e.g. a file read stream) as P-DATA-TF PDUs, after the command
 * was sent with `fragmentCommand`. Fragments never span two input chunks (so no copies); the last
 * fragment is held back until the source ends, so that its "last" bit is set correctly.
 */
export async function* fragmentDatasetChunks(presentationContextId: number,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxPduLength: number): AsyncGenerator<PDataTf, void, undefined> {
  checkContextId(presentationContextId);
  const chunk = maxFragmentLength(maxPduLength);
  let held: Uint8Array | undefined;
  for await (const input of chunks) {
    for (let offset = 0; offset < input.length; offset += chunk) {
      if (held !== undefined) yield pdu({ presentationContextId, isCommand: false, isLastFragment: false, data: held });
      held = input.subarray(offset, Math.min(offset + chunk, input.length));
    }
  }
  yield pdu({ presentationContextId, isCommand: false, isLastFragment: true, data: held ?? new Uint8Array(0) });
}
