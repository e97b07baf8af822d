/** Shared by the PDU tests: fixture loading, limits, a seeded PRNG. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PduLimits } from '../../../../core/network/pdu/index.js';

export { prng } from '../../../fuzz/pdu-fuzz-inputs.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../fixtures/pdu/', import.meta.url));

/** Bytes captured from DCMTK 3.6.7 / Orthanc 1.10.1 (see test/fixtures/pdu/README.md). */
export const FIXTURE_NAMES = [
  'echoscu-associate-rq.bin',
  'storescp-associate-ac.bin',
  'echoscu-p-data-tf-c-echo-rq.bin',
  'storescp-p-data-tf-c-echo-rsp.bin',
  'echoscu-release-rq.bin',
  'storescp-release-rp.bin',
  'storescp-associate-rj.bin',
  'storescp-abort.bin',
  'storescu-associate-rq-user-identity.bin',
  'storescu-p-data-tf-dataset.bin',
  'getscu-associate-rq-role-selection.bin',
  'orthanc-associate-ac-role-selection.bin',
] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function fixture(name: FixtureName): Buffer {
  return readFileSync(FIXTURE_DIR + name);
}

export const LIMITS: PduLimits = { maxAssociatePduLength: 1_048_576, maxPDataPduLength: 262_144 };

/** Offsets where two byte strings differ (lengths must match). */
export function diffOffsets(a: Uint8Array, b: Uint8Array): number[] {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

/** Offsets of the top-level items of an A-ASSOCIATE-RQ/AC variable field, by item type. */
export function associateItemOffsets(pdu: Uint8Array): Array<{ type: number; offset: number; length: number }> {
  const view = Buffer.from(pdu.buffer, pdu.byteOffset, pdu.byteLength);
  const out: Array<{ type: number; offset: number; length: number }> = [];
  let pos = 74;
  while (pos + 4 <= view.length) {
    const length = view.readUInt16BE(pos + 2);
    out.push({ type: view[pos]!, offset: pos, length });
    pos += 4 + length;
  }
  return out;
}
