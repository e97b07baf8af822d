import { describe, expect, it } from 'vitest';
import {
  IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, isRetired, isStorageSopClass, isTransferSyntax, isValidUid,
  RETIRED_STORAGE_SOP_CLASSES, SopClass, STORAGE_SOP_CLASSES, StorageSopClass, TransferSyntax, uidName, describeUid,
  WellKnownInstance, VERIFICATION_SOP_CLASS,
} from '../../../core/dicom/uids.js';

describe('uids', () => {
  it('has the core transfer syntaxes under friendly keys', () => {
    expect(TransferSyntax.ImplicitVRLittleEndian).toBe('1.2.840.10008.1.2');
    expect(TransferSyntax.ExplicitVRLittleEndian).toBe('1.2.840.10008.1.2.1');
    expect(TransferSyntax.DeflatedExplicitVRLittleEndian).toBe('1.2.840.10008.1.2.1.99');
    expect(TransferSyntax.ExplicitVRBigEndian).toBe('1.2.840.10008.1.2.2');
    expect(TransferSyntax.JPEGLosslessSV1).toBe('1.2.840.10008.1.2.4.70');
    expect(TransferSyntax.HTJ2KLossless).toBe('1.2.840.10008.1.2.4.201');
    expect(TransferSyntax.RLELossless).toBe('1.2.840.10008.1.2.5');
    expect(isTransferSyntax(TransferSyntax.HEVCMP51)).toBe(true);
    expect(isTransferSyntax(SopClass.Verification)).toBe(false);
  });

  it('has the print management UIDs of PS3.4 Annex H', () => {
    expect(SopClass.BasicGrayscalePrintManagementMeta).toBe('1.2.840.10008.5.1.1.9');
    expect(SopClass.BasicColorPrintManagementMeta).toBe('1.2.840.10008.5.1.1.18');
    expect(SopClass.BasicFilmSession).toBe('1.2.840.10008.5.1.1.1');
    expect(SopClass.BasicFilmBox).toBe('1.2.840.10008.5.1.1.2');
    expect(SopClass.BasicGrayscaleImageBox).toBe('1.2.840.10008.5.1.1.4');
    expect(SopClass.BasicColorImageBox).toBe('1.2.840.10008.5.1.1.4.1');
    expect(SopClass.Printer).toBe('1.2.840.10008.5.1.1.16');
    expect(SopClass.PrintJob).toBe('1.2.840.10008.5.1.1.14');
    expect(SopClass.BasicAnnotationBox).toBe('1.2.840.10008.5.1.1.15');
    expect(SopClass.PresentationLUT).toBe('1.2.840.10008.5.1.1.23');
    expect(SopClass.PrinterConfigurationRetrieval).toBe('1.2.840.10008.5.1.1.16.376');
    expect(WellKnownInstance.PrinterInstance).toBe('1.2.840.10008.5.1.1.17');
    expect(WellKnownInstance.PrinterConfigurationRetrievalInstance).toBe('1.2.840.10008.5.1.1.17.376');
    expect(VERIFICATION_SOP_CLASS).toBe('1.2.840.10008.1.1');
  });

  it('lists current storage SOP classes once each, all valid, none retired', () => {
    expect(STORAGE_SOP_CLASSES.length).toBeGreaterThan(150);
    expect(new Set(STORAGE_SOP_CLASSES).size).toBe(STORAGE_SOP_CLASSES.length);
    for (const uid of STORAGE_SOP_CLASSES) {
      expect(isValidUid(uid), uid).toBe(true);
      expect(isRetired(uid), uid).toBe(false);
      expect(uidName(uid), uid).toMatch(/Storage( - For (Presentation|Processing))?$/);
    }
    for (const uid of [StorageSopClass.CTImageStorage, StorageSopClass.EncapsulatedPDFStorage, StorageSopClass.SegmentationStorage,
      StorageSopClass.GrayscaleSoftcopyPresentationStateStorage, StorageSopClass.RTDoseStorage, StorageSopClass.TwelveLeadECGWaveformStorage,
      StorageSopClass.BasicTextSRStorage, StorageSopClass.EncapsulatedCDAStorage]) {
      expect(isStorageSopClass(uid)).toBe(true);
    }
    for (const uid of RETIRED_STORAGE_SOP_CLASSES) {
      expect(STORAGE_SOP_CLASSES).not.toContain(uid);
      expect(isRetired(uid)).toBe(true);
    }
  });

  it('names UIDs for logs and flags retired ones', () => {
    expect(uidName('1.2.840.10008.5.1.4.1.1.2')).toBe('CT Image Storage');
    expect(uidName(TransferSyntax.ExplicitVRBigEndian)).toBe('Explicit VR Big Endian (Retired)');
    expect(uidName('1.2.3.4.5')).toBeUndefined();
    expect(describeUid('1.2.3')).toBe('1.2.3');
    expect(describeUid(SopClass.Verification)).toBe('Verification SOP Class [1.2.840.10008.1.1]');
    expect(isRetired(TransferSyntax.ExplicitVRBigEndian)).toBe(true);
    expect(isRetired(TransferSyntax.ExplicitVRLittleEndian)).toBe(false);
    expect(isRetired('9.9.9')).toBe(false);
  });

  it('has a valid 2.25 implementation class UID and a short version name', () => {
    expect(IMPLEMENTATION_CLASS_UID.startsWith('2.25.')).toBe(true);
    expect(isValidUid(IMPLEMENTATION_CLASS_UID)).toBe(true);
    // A UUID is 128 bits: the decimal form is below 2^128 (PS3.5 B.2).
    expect(BigInt(IMPLEMENTATION_CLASS_UID.slice(5)) < 2n ** 128n).toBe(true);
    expect(IMPLEMENTATION_VERSION_NAME.length).toBeLessThanOrEqual(16);
  });

  it('isValidUid follows PS3.5 9.1', () => {
    expect(isValidUid('1.2.840.10008.1.1')).toBe(true);
    expect(isValidUid('1.02.3')).toBe(false);
    expect(isValidUid('1..2')).toBe(false);
    expect(isValidUid('1.2.')).toBe(false);
    expect(isValidUid('')).toBe(false);
    expect(isValidUid(`1.${'2'.repeat(63)}`)).toBe(false);
  });
});
