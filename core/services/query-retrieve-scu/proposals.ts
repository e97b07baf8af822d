/**
 * Presentation contexts for Query/Retrieve (PS3.4 C.5, PS3.8 9.3.2.2).
 *
 * For C-GET the PACS sends the instances over our own association (PS3.4 C.4.3.1.2), so we
 * also propose storage SOP classes with SCP/SCU Role Selection (PS3.7 D.3.3.4: we want the
 * SCP role). The acceptor picks ONE transfer syntax per context, so to get each instance in
 * the syntax the PACS holds it (no transcoding, bytes preserved) every syntax gets a context
 * of its own: uncompressed for many classes, the lossless and common lossy codecs for the
 * big image classes, within the 128-context limit (PS3.8 9.3.2.2).
 */
import type { Proposal } from '../../network/negotiation/requestor.js';
import { StorageSopClass, TransferSyntax } from '../../dicom/uids.js';
import { sopClassFor, type InformationModel } from './information-model.js';

const UNCOMPRESSED = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

/** Storage classes a film workstation retrieves: images, and the objects that come with studies. */
export const GET_STORAGE_SOP_CLASSES: readonly string[] = Object.freeze([
  StorageSopClass.CTImageStorage, StorageSopClass.MRImageStorage, StorageSopClass.ComputedRadiographyImageStorage,
  StorageSopClass.DigitalXRayImageStorageForPresentation, StorageSopClass.DigitalXRayImageStorageForProcessing,
  StorageSopClass.DigitalMammographyXRayImageStorageForPresentation, StorageSopClass.DigitalMammographyXRayImageStorageForProcessing,
  StorageSopClass.UltrasoundImageStorage, StorageSopClass.UltrasoundMultiFrameImageStorage,
  StorageSopClass.SecondaryCaptureImageStorage, StorageSopClass.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
  StorageSopClass.MultiFrameGrayscaleWordSecondaryCaptureImageStorage, StorageSopClass.MultiFrameTrueColorSecondaryCaptureImageStorage,
  StorageSopClass.XRayAngiographicImageStorage, StorageSopClass.XRayRadiofluoroscopicImageStorage,
  StorageSopClass.NuclearMedicineImageStorage, StorageSopClass.PositronEmissionTomographyImageStorage,
  StorageSopClass.EnhancedCTImageStorage, StorageSopClass.EnhancedMRImageStorage, StorageSopClass.RTImageStorage,
  StorageSopClass.DigitalIntraOralXRayImageStorageForPresentation, StorageSopClass.VLPhotographicImageStorage,
  StorageSopClass.GrayscaleSoftcopyPresentationStateStorage, StorageSopClass.BasicTextSRStorage,
  StorageSopClass.EnhancedSRStorage, StorageSopClass.ComprehensiveSRStorage, StorageSopClass.XRayRadiationDoseSRStorage,
  StorageSopClass.EncapsulatedPDFStorage, StorageSopClass.KeyObjectSelectionDocumentStorage,
]);

/** The classes that also get one context per compressed syntax. */
const COMPRESSED_CLASSES: readonly string[] = [
  StorageSopClass.CTImageStorage, StorageSopClass.MRImageStorage, StorageSopClass.ComputedRadiographyImageStorage,
  StorageSopClass.DigitalXRayImageStorageForPresentation, StorageSopClass.DigitalMammographyXRayImageStorageForPresentation,
  StorageSopClass.UltrasoundImageStorage, StorageSopClass.UltrasoundMultiFrameImageStorage, StorageSopClass.SecondaryCaptureImageStorage,
  StorageSopClass.XRayAngiographicImageStorage,
];
const COMPRESSED: readonly string[] = [
  TransferSyntax.JPEGLosslessSV1, TransferSyntax.JPEGBaseline8Bit, TransferSyntax.JPEG2000Lossless,
  TransferSyntax.JPEGLSLossless, TransferSyntax.RLELossless, TransferSyntax.JPEG2000,
];

export const MAX_GET_CONTEXTS = 127; // 128 minus the C-GET context itself

/** Contexts for C-FIND (and C-MOVE when `move`) of one model. */
export function queryProposals(model: InformationModel, ops: { find?: boolean; move?: boolean; get?: boolean }): Proposal[] {
  const out: Proposal[] = [];
  if (ops.find) out.push({ abstractSyntax: sopClassFor(model, 'find'), transferSyntaxes: [...UNCOMPRESSED] });
  if (ops.move) out.push({ abstractSyntax: sopClassFor(model, 'move'), transferSyntaxes: [...UNCOMPRESSED] });
  if (ops.get) out.push({ abstractSyntax: sopClassFor(model, 'get'), transferSyntaxes: [...UNCOMPRESSED] });
  return out;
}

/** Storage contexts on a C-GET association, with us in the SCP role only. */
export function getStorageProposals(sopClasses: readonly string[] = GET_STORAGE_SOP_CLASSES, budget = MAX_GET_CONTEXTS): Proposal[] {
  const roles = { scu: false, scp: true };
  const out: Proposal[] = [];
  const add = (abstractSyntax: string, ts: string): void => {
    if (out.length < budget) out.push({ abstractSyntax, transferSyntaxes: [ts], roles });
  };
  // Uncompressed first for every class (every PACS can send those), then codecs while room is left.
  for (const c of sopClasses) for (const ts of UNCOMPRESSED) add(c, ts);
  for (const c of sopClasses) if (COMPRESSED_CLASSES.includes(c)) for (const ts of COMPRESSED) add(c, ts);
  return out;
}
