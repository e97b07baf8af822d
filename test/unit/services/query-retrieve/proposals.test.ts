import { describe, expect, it } from 'vitest';
import { getStorageProposals, queryProposals, GET_STORAGE_SOP_CLASSES } from '../../../../core/services/query-retrieve-scu/proposals.js';
import { sopClassFor } from '../../../../core/services/query-retrieve-scu/information-model.js';
import { StorageSopClass, TransferSyntax } from '../../../../core/dicom/uids.js';

describe('Q/R presentation contexts', () => {
  it('C-GET: with the GET context, at most 128 contexts (PS3.8 9.3.2.2), all with us as SCP only', () => {
    const storage = getStorageProposals();
    const all = [...queryProposals('STUDY_ROOT', { get: true, find: true }), ...storage];
    expect(all.length).toBeLessThanOrEqual(128);
    for (const p of storage) expect(p.roles).toEqual({ scu: false, scp: true });
  });

  it('one transfer syntax per storage context, so the PACS can send each file as it holds it', () => {
    const storage = getStorageProposals();
    for (const p of storage) expect(p.transferSyntaxes).toHaveLength(1);
    const ct = storage.filter((p) => p.abstractSyntax === StorageSopClass.CTImageStorage).map((p) => p.transferSyntaxes[0]);
    expect(ct).toEqual(expect.arrayContaining([TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.JPEGLosslessSV1, TransferSyntax.JPEG2000Lossless]));
    for (const c of GET_STORAGE_SOP_CLASSES) expect(storage.some((p) => p.abstractSyntax === c && p.transferSyntaxes[0] === TransferSyntax.ImplicitVRLittleEndian)).toBe(true);
  });

  it('the budget is respected, uncompressed first', () => {
    const few = getStorageProposals(GET_STORAGE_SOP_CLASSES, 10);
    expect(few).toHaveLength(10);
    expect(few.every((p) => p.transferSyntaxes[0] === TransferSyntax.ExplicitVRLittleEndian || p.transferSyntaxes[0] === TransferSyntax.ImplicitVRLittleEndian)).toBe(true);
  });

  it('model SOP classes', () => {
    expect(queryProposals('PATIENT_ROOT', { find: true, move: true }).map((p) => p.abstractSyntax))
      .toEqual([sopClassFor('PATIENT_ROOT', 'find'), sopClassFor('PATIENT_ROOT', 'move')]);
    expect(sopClassFor('STUDY_ROOT', 'get')).toBe('1.2.840.10008.5.1.4.1.2.2.3');
  });
});
