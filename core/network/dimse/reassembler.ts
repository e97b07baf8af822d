/**
 * Reassemble DIMSE messages from PDVs, in arrival order (PS3.8 Annex E, PS3.7 section 6.3.1):
 *
 * - a message is its command fragments, then (iff Command Data Set Type != 0x0101) its data set
 *   fragments; the last fragment of each carries the "last" bit (PS3.8 E.2);
 * - every PDV of one message travels on one presentation context (PS3.8 section 9.3.5.1 and
 *   PS3.7 6.3.1: a message is sent on the context of its abstract syntax);
 * - the command is bounded by maxCommandLength, an in-memory data set by maxDatasetLength.
 *
 * A Storage SCP can stream a large data set to disk: `onCommand` returns a DatasetSink and the
 * fragments are handed to it instead of being kept in memory.
 */
import { DimseProtocolError } from '../errors.js';
import type { NetworkConfig } from '../config.js';
import type { PDataTf, Pdv } from '../pdu/types.js';
import { decodeCommandSet, hasDataSet, type CommandSet } from './command-set.js';
import type { DimseMessage } from './messages.js';

/**
 * Receives a streamed data set. `write` gets views of PDU buffers, which the association
 * reuses for the next PDU: consume or copy them before returning.
 */
export interface DatasetSink {
  write(chunk: Uint8Array): void;
  end(): void;
  abort(err: Error): void;
}

export interface ReassembledMessage extends DimseMessage {
  presentationContextId: number;
  /** True when the data set went to a DatasetSink (then `dataset` is absent). */
  streamed?: boolean;
}

export interface DimseReassemblerOptions extends Pick<NetworkConfig, 'maxCommandLength' | 'maxDatasetLength'> {
  /** Largest streamed data set, bytes (default: no limit besides the sink's own). */
  maxStreamedDatasetLength?: number;
  /** Called once per command that announces a data set; return a sink to stream it, or undefined to keep it in memory. */
  onCommand?: (command: CommandSet, presentationContextId: number) => DatasetSink | undefined;
}

type State =
  | { kind: 'idle' }
  | { kind: 'command'; contextId: number; pieces: Uint8Array[]; length: number }
  | { kind: 'dataset'; contextId: number; command: CommandSet; pieces: Uint8Array[]; length: number; sink: DatasetSink | undefined };

export class DimseReassembler {
  private state: State = { kind: 'idle' };
  private readonly options: DimseReassemblerOptions;

  constructor(options: DimseReassemblerOptions) {
    this.options = options;
  }

  /** True while a message is partly received. */
  get inProgress(): boolean {
    return this.state.kind !== 'idle';
  }

  /** Feed every PDV of a P-DATA-TF; returns the messages it completed, in order. */
  pushPdu(pdu: PDataTf): ReassembledMessage[] {
    const out: ReassembledMessage[] = [];
    for (const pdv of pdu.pdvs) {
      const m = this.push(pdv);
      if (m !== undefined) out.push(m);
    }
    return out;
  }

  /** Feed one PDV; returns the message it completed, if any. Protocol violations throw DimseProtocolError. */
  push(pdv: Pdv): ReassembledMessage | undefined {
    try {
      return this.step(pdv);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  }

  /** The association ended mid-message: abort a streaming sink and forget the partial message. */
  abort(reason: Error): void {
    this.fail(reason);
  }

  private fail(err: Error): void {
    const s = this.state;
    this.state = { kind: 'idle' };
    if (s.kind === 'dataset' && s.sink !== undefined) {
      try {
        s.sink.abort(err);
      } catch {
        // The sink's own cleanup failed; the original error is what the caller must see.
      }
    }
  }

  private step(pdv: Pdv): ReassembledMessage | undefined {
    const s = this.state;
    if (s.kind !== 'idle' && pdv.presentationContextId !== s.contextId) {
      throw new DimseProtocolError('CONTEXT_INTERLEAVED',
        `PDV for presentation context ${pdv.presentationContextId} arrived in the middle of a message on context ${s.contextId}`);
    }
    switch (s.kind) {
      case 'idle':
        if (!pdv.isCommand) {
          throw new DimseProtocolError('DATASET_WITHOUT_COMMAND',
            `Data set fragment on presentation context ${pdv.presentationContextId} without a preceding command`);
        }
        this.state = { kind: 'command', contextId: pdv.presentationContextId, pieces: [], length: 0 };
        return this.commandFragment(pdv);
      case 'command':
        if (!pdv.isCommand) {
          throw new DimseProtocolError('COMMAND_INCOMPLETE', 'Data set fragment before the last command fragment');
        }
        return this.commandFragment(pdv);
      case 'dataset':
        if (pdv.isCommand) {
          throw new DimseProtocolError('MISSING_DATASET',
            'A new command arrived but the previous command announced a data set that was not sent (Command Data Set Type != 0x0101)');
        }
        return this.datasetFragment(s, pdv);
    }
  }

  private commandFragment(pdv: Pdv): ReassembledMessage | undefined {
    const s = this.state;
    if (s.kind !== 'command') throw new Error('unreachable: not reading a command');
    s.length += pdv.data.length;
    if (s.length > this.options.maxCommandLength) {
      throw new DimseProtocolError('COMMAND_TOO_LONG',
        `Command set exceeds the limit of ${this.options.maxCommandLength} bytes`);
    }
    if (!pdv.isLastFragment) {
      // Kept past this PDU, whose buffer is then reused: a copy (commands are small).
      s.pieces.push(Uint8Array.prototype.slice.call(pdv.data));
      return undefined;
    }
    s.pieces.push(pdv.data);
    const bytes = s.pieces.length === 1 ? s.pieces[0] ?? new Uint8Array(0) : Buffer.concat(s.pieces, s.length);
    const command = decodeCommandSet(bytes, this.options.maxCommandLength);
    if (!hasDataSet(command)) {
      this.state = { kind: 'idle' };
      return { presentationContextId: s.contextId, command };
    }
    // Set the state before calling out, so that a throwing hook leaves nothing half-open.
    this.state = { kind: 'idle' };
    const sink = this.options.onCommand?.(command, s.contextId);
    this.state = { kind: 'dataset', contextId: s.contextId, command, pieces: [], length: 0, sink };
    return undefined;
  }

  private datasetFragment(s: Extract<State, { kind: 'dataset' }>, pdv: Pdv): ReassembledMessage | undefined {
    s.length += pdv.data.length;
    if (s.sink !== undefined) {
      const limit = this.options.maxStreamedDatasetLength;
      if (limit !== undefined && s.length > limit) {
        throw new DimseProtocolError('DATASET_TOO_LONG', `Streamed data set exceeds the limit of ${limit} bytes`);
      }
      if (pdv.data.length > 0) s.sink.write(pdv.data);
      if (!pdv.isLastFragment) return undefined;
      this.state = { kind: 'idle' };
      s.sink.end();
      return { presentationContextId: s.contextId, command: s.command, streamed: true };
    }
    if (s.length > this.options.maxDatasetLength) {
      throw new DimseProtocolError('DATASET_TOO_LONG', `Data set exceeds the limit of ${this.options.maxDatasetLength} bytes`);
    }
    if (!pdv.isLastFragment) {
      // Kept past this PDU, whose buffer is then reused: a copy.
      s.pieces.push(Uint8Array.prototype.slice.call(pdv.data));
      return undefined;
    }
    s.pieces.push(pdv.data);
    this.state = { kind: 'idle' };
    // Into a buffer we own: the message must not share the PDU buffers (the last piece is one).
    const dataset = Buffer.concat(s.pieces, s.length);
    return { presentationContextId: s.contextId, command: s.command, dataset };
  }
}
