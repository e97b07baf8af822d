/** Receives one CT (a variant of the fixture, new UIDs) into an archive as the Storage SCP does: streamed in, answered before its row. */
import { join } from 'node:path';
import type { Archive } from '../../../core/archive/archive.js';
import { datasetBytesOf, fixture, variant } from './dicom-variants.js';

export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';

export async function receiveCt(a: Archive): Promise<{ path: string; sop: string; bytes: Uint8Array }> {
  const { bytes, uids } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
  const incoming = a.beginInstance({ mediaStorageSopClassUid: CT_IMAGE, mediaStorageSopInstanceUid: uids.sopInstanceUid,
    transferSyntaxUid: '1.2.840.10008.1.2', sourceApplicationEntityTitle: 'MODALITY1' });
  incoming.write(datasetBytesOf(bytes));
  incoming.end();
  const result = await a.commit(incoming, { sopClassUid: CT_IMAGE, sopInstanceUid: uids.sopInstanceUid }, 'MODALITY1', { answerFirst: true });
  return { path: join(a.root, result.path), sop: uids.sopInstanceUid, bytes };
}
