/**
 * IncomingInstance's early header parse: the index attributes are taken from the first KiB
 * of a received data set as soon as they surely hold them, and equal what a parse of the
 * whole file gives, also when a large element comes first or the bytes end on a boundary.
 */
import { closeSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IncomingInstance } from '../../../core/archive/incoming-instance.js';
import { parseHeaderBytes } from '../../../core/archive/instance-header.js';
import { TEMP_DIR } from '../../../core/archive/paths.js';
import { datasetBytesOf, fixture } from './dicom-variants.js';

const CT = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
const META = {
  mediaStorageSopClassUid: '1.2.840.10008.5.1.4.1.1.2', mediaStorageSopInstanceUid: '1.2.3',
  transferSyntaxUid: '1.2.840.10008.1.2', sourceApplicationEntityTitle: 'MOD',
};

let root: string;
afterEach(() => { rmSync(root, { recursive: true, force: true }); });

/** Implicit VR LE private elements in group 0007 (before every index attribute): creator + `size` bytes. */
function privateBlock(size: number): Uint8Array {
  const creator = Buffer.from('FSTEST  ', 'latin1');
  const out = Buffer.alloc(8 + creator.length + 8 + size, 0x5a);
  out.writeUInt16LE(0x0007, 0); out.writeUInt16LE(0x0010, 2); out.writeUInt32LE(creator.length, 4);
  creator.copy(out, 8);
  const at = 8 + creator.length;
  out.writeUInt16LE(0x0007, at); out.writeUInt16LE(0x1000, at + 2); out.writeUInt32LE(size, at + 4);
  return out;
}

/** Receives `dataset` in `chunk`-byte pieces; returns the early header and the written file. */
function receive(dataset: Uint8Array, chunk: number): { early: ReturnType<typeof parseHeaderBytes>; file: Uint8Array; prefixBytes: number } {
  root = mkdtempSync(join(tmpdir(), 'fs-incoming-'));
  mkdirSync(join(root, TEMP_DIR), { recursive: true });
  const incoming = new IncomingInstance(root, META, { maxBytes: 1 << 30 });
  for (let i = 0; i < dataset.length; i += chunk) incoming.write(dataset.subarray(i, i + chunk));
  incoming.end();
  closeSync(incoming.takeFd());
  const file = new Uint8Array(readFileSync(incoming.tempPath));
  return { early: incoming.earlyHeader, file, prefixBytes: incoming.headerPrefix.length };
}

describe('IncomingInstance early header', () => {
  it('a usual CT: found in the first 16 KiB, equal to the whole file\'s parse; the rest is not copied', () => {
    const r = receive(datasetBytesOf(CT), 65_536);
    expect(r.early).toBeDefined();
    expect(r.early).toEqual(parseHeaderBytes(r.file, true));
    expect(r.prefixBytes).toBe(16 * 1024);
  });

  it('a 100 KB element before the index attributes: found at a later doubling, still equal', () => {
    const ds = datasetBytesOf(CT);
    const r = receive(Buffer.concat([privateBlock(100_000), ds]), 7_000);
    expect(r.early).toBeDefined();
    expect(r.early).toEqual(parseHeaderBytes(r.file, true));
    expect(r.prefixBytes).toBe(128 * 1024);
  });

  it('bytes that end cleanly on a doubling, before the index attributes, are not taken for a whole header', () => {
    const ds = datasetBytesOf(CT);
    // Find the meta header's length from a first receipt, then pad so that an element ends at 16 KiB exactly.
    const metaBytes = receive(ds.subarray(0, 0), 1).file.length;
    rmSync(root, { recursive: true, force: true });
    const pad = 16 * 1024 - metaBytes - privateBlock(0).length;
    const r = receive(Buffer.concat([privateBlock(pad), ds]), 4_096);
    expect(r.early).toEqual(parseHeaderBytes(r.file, true));
    expect(r.early?.seriesInstanceUid).not.toBe('');
    expect(r.prefixBytes).toBe(32 * 1024);
  });
});
