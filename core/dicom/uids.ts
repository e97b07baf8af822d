/**
 * Well-known DICOM UIDs: transfer syntaxes, SOP classes, meta SOP classes and
 * well-known SOP instances that the network layer proposes, accepts or logs.
 *
 * Sources: PS3.6 Annex A (UID registry), PS3.4 Annex B.5 (Standard Storage SOP
 * Classes), PS3.4 Annex H (Print Management), PS3.5 Section 10 (transfer syntaxes).
 * The storage list matches pynetdicom's `_STORAGE_CLASSES` (standard 2024-2025),
 * cross-checked against DCMTK dcuid.h.
 *
 * Every table row is `[keyword, uid, name, retired?]`; the friendly const objects
 * (`TransferSyntax`, `SopClass`, `StorageSopClass`, `WellKnownInstance`) and the
 * name lookup are all built from the same rows, so nothing can disagree.
 */

type UidRow = readonly [keyword: string, uid: string, name: string, retired?: boolean];

/** `{ keyword: uid }` with literal types, from a row table declared `as const`. */
type UidObject<T extends readonly UidRow[]> = { readonly [R in T[number] as R[0]]: R[1] };

function toUidObject<T extends readonly UidRow[]>(rows: T): UidObject<T> {
  const out: Record<string, string> = {};
  for (const [keyword, uid] of rows) out[keyword] = uid;
  // The mapped type is exactly what the loop builds; TS cannot follow it through a loop.
  return Object.freeze(out) as unknown as UidObject<T>;
}

// ------------------------------------------------------------------ transfer syntaxes

/** PS3.5 Section 10 and PS3.6 Table A-1 (Transfer Syntax rows). */
const TRANSFER_SYNTAX_ROWS = [
  ['ImplicitVRLittleEndian', '1.2.840.10008.1.2', 'Implicit VR Little Endian'],
  ['ExplicitVRLittleEndian', '1.2.840.10008.1.2.1', 'Explicit VR Little Endian'],
  ['EncapsulatedUncompressedExplicitVRLittleEndian', '1.2.840.10008.1.2.1.98', 'Encapsulated Uncompressed Explicit VR Little Endian'],
  ['DeflatedExplicitVRLittleEndian', '1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian'],
  ['ExplicitVRBigEndian', '1.2.840.10008.1.2.2', 'Explicit VR Big Endian', true],
  ['JPEGBaseline8Bit', '1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)'],
  ['JPEGExtended12Bit', '1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)'],
  ['JPEGExtended35', '1.2.840.10008.1.2.4.52', 'JPEG Extended (Process 3 & 5)', true],
  ['JPEGSpectralSelectionNonHierarchical68', '1.2.840.10008.1.2.4.53', 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)', true],
  ['JPEGSpectralSelectionNonHierarchical79', '1.2.840.10008.1.2.4.54', 'JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9)', true],
  ['JPEGFullProgressionNonHierarchical1012', '1.2.840.10008.1.2.4.55', 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12)', true],
  ['JPEGFullProgressionNonHierarchical1113', '1.2.840.10008.1.2.4.56', 'JPEG Full Progression, Non-Hierarchical (Process 11 & 13)', true],
  ['JPEGLossless', '1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)'],
  ['JPEGLosslessNonHierarchical15', '1.2.840.10008.1.2.4.58', 'JPEG Lossless, Non-Hierarchical (Process 15)', true],
  ['JPEGExtendedHierarchical1618', '1.2.840.10008.1.2.4.59', 'JPEG Extended, Hierarchical (Process 16 & 18)', true],
  ['JPEGExtendedHierarchical1719', '1.2.840.10008.1.2.4.60', 'JPEG Extended, Hierarchical (Process 17 & 19)', true],
  ['JPEGSpectralSelectionHierarchical2022', '1.2.840.10008.1.2.4.61', 'JPEG Spectral Selection, Hierarchical (Process 20 & 22)', true],
  ['JPEGSpectralSelectionHierarchical2123', '1.2.840.10008.1.2.4.62', 'JPEG Spectral Selection, Hierarchical (Process 21 & 23)', true],
  ['JPEGFullProgressionHierarchical2426', '1.2.840.10008.1.2.4.63', 'JPEG Full Progression, Hierarchical (Process 24 & 26)', true],
  ['JPEGFullProgressionHierarchical2527', '1.2.840.10008.1.2.4.64', 'JPEG Full Progression, Hierarchical (Process 25 & 27)', true],
  ['JPEGLosslessHierarchical28', '1.2.840.10008.1.2.4.65', 'JPEG Lossless, Hierarchical (Process 28)', true],
  ['JPEGLosslessHierarchical29', '1.2.840.10008.1.2.4.66', 'JPEG Lossless, Hierarchical (Process 29)', true],
  ['JPEGLosslessSV1', '1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])'],
  ['JPEGLSLossless', '1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless Image Compression'],
  ['JPEGLSNearLossless', '1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless) Image Compression'],
  ['JPEG2000Lossless', '1.2.840.10008.1.2.4.90', 'JPEG 2000 Image Compression (Lossless Only)'],
  ['JPEG2000', '1.2.840.10008.1.2.4.91', 'JPEG 2000 Image Compression'],
  ['JPEG2000MCLossless', '1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)'],
  ['JPEG2000MC', '1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component Image Compression'],
  ['JPIPReferenced', '1.2.840.10008.1.2.4.94', 'JPIP Referenced'],
  ['JPIPReferencedDeflate', '1.2.840.10008.1.2.4.95', 'JPIP Referenced Deflate'],
  ['MPEG2MPML', '1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level'],
  ['MPEG2MPMLF', '1.2.840.10008.1.2.4.100.1', 'Fragmentable MPEG2 Main Profile / Main Level'],
  ['MPEG2MPHL', '1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level'],
  ['MPEG2MPHLF', '1.2.840.10008.1.2.4.101.1', 'Fragmentable MPEG2 Main Profile / High Level'],
  ['MPEG4HP41', '1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1'],
  ['MPEG4HP41F', '1.2.840.10008.1.2.4.102.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1'],
  ['MPEG4HP41BD', '1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1'],
  ['MPEG4HP41BDF', '1.2.840.10008.1.2.4.103.1', 'Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1'],
  ['MPEG4HP422D', '1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video'],
  ['MPEG4HP422DF', '1.2.840.10008.1.2.4.104.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video'],
  ['MPEG4HP423D', '1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video'],
  ['MPEG4HP423DF', '1.2.840.10008.1.2.4.105.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video'],
  ['MPEG4HP42STEREO', '1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2'],
  ['MPEG4HP42STEREOF', '1.2.840.10008.1.2.4.106.1', 'Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2'],
  ['HEVCMP51', '1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1'],
  ['HEVCM10P51', '1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1'],
  ['JPEGXLLossless', '1.2.840.10008.1.2.4.110', 'JPEG XL Lossless'],
  ['JPEGXLJPEGRecompression', '1.2.840.10008.1.2.4.111', 'JPEG XL JPEG Recompression'],
  ['JPEGXL', '1.2.840.10008.1.2.4.112', 'JPEG XL'],
  ['HTJ2KLossless', '1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 Image Compression (Lossless Only)'],
  ['HTJ2KLosslessRPCL', '1.2.840.10008.1.2.4.202', 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)'],
  ['HTJ2K', '1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000 Image Compression'],
  ['JPIPHTJ2KReferenced', '1.2.840.10008.1.2.4.204', 'JPIP HTJ2K Referenced'],
  ['JPIPHTJ2KReferencedDeflate', '1.2.840.10008.1.2.4.205', 'JPIP HTJ2K Referenced Deflate'],
  ['RLELossless', '1.2.840.10008.1.2.5', 'RLE Lossless'],
  ['RFC2557MIMEEncapsulation', '1.2.840.10008.1.2.6.1', 'RFC 2557 MIME encapsulation', true],
  ['XMLEncoding', '1.2.840.10008.1.2.6.2', 'XML Encoding', true],
  ['SMPTEST211020UncompressedProgressiveActiveVideo', '1.2.840.10008.1.2.7.1', 'SMPTE ST 2110-20 Uncompressed Progressive Active Video'],
  ['SMPTEST211020UncompressedInterlacedActiveVideo', '1.2.840.10008.1.2.7.2', 'SMPTE ST 2110-20 Uncompressed Interlaced Active Video'],
  ['SMPTEST211030PCMDigitalAudio', '1.2.840.10008.1.2.7.3', 'SMPTE ST 2110-30 PCM Digital Audio'],
  ['DeflatedImageFrameCompression', '1.2.840.10008.1.2.8.1', 'Deflated Image Frame Compression'],
  ['Papyrus3ImplicitVRLittleEndian', '1.2.840.10008.1.20', 'Papyrus 3 Implicit VR Little Endian', true],
] as const satisfies readonly UidRow[];

/** Transfer syntax UIDs by friendly key (pydicom keywords), e.g. `TransferSyntax.ExplicitVRLittleEndian`. */
export const TransferSyntax = toUidObject(TRANSFER_SYNTAX_ROWS);
export type TransferSyntaxUid = (typeof TransferSyntax)[keyof typeof TransferSyntax];

// ------------------------------------------------------------------ storage SOP classes

/** PS3.4 Annex B.5 Table B.5-1, Standard SOP Classes of the Storage Service Class (current, not retired). */
const STORAGE_ROWS = [
  ['ComputedRadiographyImageStorage', '1.2.840.10008.5.1.4.1.1.1', 'Computed Radiography Image Storage'],
  ['DigitalXRayImageStorageForPresentation', '1.2.840.10008.5.1.4.1.1.1.1', 'Digital X-Ray Image Storage - For Presentation'],
  ['DigitalXRayImageStorageForProcessing', '1.2.840.10008.5.1.4.1.1.1.1.1', 'Digital X-Ray Image Storage - For Processing'],
  ['DigitalMammographyXRayImageStorageForPresentation', '1.2.840.10008.5.1.4.1.1.1.2', 'Digital Mammography X-Ray Image Storage - For Presentation'],
  ['DigitalMammographyXRayImageStorageForProcessing', '1.2.840.10008.5.1.4.1.1.1.2.1', 'Digital Mammography X-Ray Image Storage - For Processing'],
  ['DigitalIntraOralXRayImageStorageForPresentation', '1.2.840.10008.5.1.4.1.1.1.3', 'Digital Intra-Oral X-Ray Image Storage - For Presentation'],
  ['DigitalIntraOralXRayImageStorageForProcessing', '1.2.840.10008.5.1.4.1.1.1.3.1', 'Digital Intra-Oral X-Ray Image Storage - For Processing'],
  ['CTImageStorage', '1.2.840.10008.5.1.4.1.1.2', 'CT Image Storage'],
  ['EnhancedCTImageStorage', '1.2.840.10008.5.1.4.1.1.2.1', 'Enhanced CT Image Storage'],
  ['LegacyConvertedEnhancedCTImageStorage', '1.2.840.10008.5.1.4.1.1.2.2', 'Legacy Converted Enhanced CT Image Storage'],
  ['UltrasoundMultiFrameImageStorage', '1.2.840.10008.5.1.4.1.1.3.1', 'Ultrasound Multi-frame Image Storage'],
  ['MRImageStorage', '1.2.840.10008.5.1.4.1.1.4', 'MR Image Storage'],
  ['EnhancedMRImageStorage', '1.2.840.10008.5.1.4.1.1.4.1', 'Enhanced MR Image Storage'],
  ['MRSpectroscopyStorage', '1.2.840.10008.5.1.4.1.1.4.2', 'MR Spectroscopy Storage'],
  ['EnhancedMRColorImageStorage', '1.2.840.10008.5.1.4.1.1.4.3', 'Enhanced MR Color Image Storage'],
  ['LegacyConvertedEnhancedMRImageStorage', '1.2.840.10008.5.1.4.1.1.4.4', 'Legacy Converted Enhanced MR Image Storage'],
  ['UltrasoundImageStorage', '1.2.840.10008.5.1.4.1.1.6.1', 'Ultrasound Image Storage'],
  ['EnhancedUSVolumeStorage', '1.2.840.10008.5.1.4.1.1.6.2', 'Enhanced US Volume Storage'],
  ['PhotoacousticImageStorage', '1.2.840.10008.5.1.4.1.1.6.3', 'Photoacoustic Image Storage'],
  ['SecondaryCaptureImageStorage', '1.2.840.10008.5.1.4.1.1.7', 'Secondary Capture Image Storage'],
  ['MultiFrameSingleBitSecondaryCaptureImageStorage', '1.2.840.10008.5.1.4.1.1.7.1', 'Multi-frame Single Bit Secondary Capture Image Storage'],
  ['MultiFrameGrayscaleByteSecondaryCaptureImageStorage', '1.2.840.10008.5.1.4.1.1.7.2', 'Multi-frame Grayscale Byte Secondary Capture Image Storage'],
  ['MultiFrameGrayscaleWordSecondaryCaptureImageStorage', '1.2.840.10008.5.1.4.1.1.7.3', 'Multi-frame Grayscale Word Secondary Capture Image Storage'],
  ['MultiFrameTrueColorSecondaryCaptureImageStorage', '1.2.840.10008.5.1.4.1.1.7.4', 'Multi-frame True Color Secondary Capture Image Storage'],
  ['TwelveLeadECGWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.1.1', '12-lead ECG Waveform Storage'],
  ['GeneralECGWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.1.2', 'General ECG Waveform Storage'],
  ['AmbulatoryECGWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.1.3', 'Ambulatory ECG Waveform Storage'],
  ['General32bitECGWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.1.4', 'General 32-bit ECG Waveform Storage'],
  ['HemodynamicWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.2.1', 'Hemodynamic Waveform Storage'],
  ['CardiacElectrophysiologyWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.3.1', 'Cardiac Electrophysiology Waveform Storage'],
  ['BasicVoiceAudioWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.4.1', 'Basic Voice Audio Waveform Storage'],
  ['GeneralAudioWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.4.2', 'General Audio Waveform Storage'],
  ['ArterialPulseWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.5.1', 'Arterial Pulse Waveform Storage'],
  ['RespiratoryWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.6.1', 'Respiratory Waveform Storage'],
  ['MultichannelRespiratoryWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.6.2', 'Multi-channel Respiratory Waveform Storage'],
  ['RoutineScalpElectroencephalogramWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.7.1', 'Routine Scalp Electroencephalogram Waveform Storage'],
  ['ElectromyogramWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.7.2', 'Electromyogram Waveform Storage'],
  ['ElectrooculogramWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.7.3', 'Electrooculogram Waveform Storage'],
  ['SleepElectroencephalogramWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.7.4', 'Sleep Electroencephalogram Waveform Storage'],
  ['BodyPositionWaveformStorage', '1.2.840.10008.5.1.4.1.1.9.8.1', 'Body Position Waveform Storage'],
  ['WaveformPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.9.100.1', 'Waveform Presentation State Storage'],
  ['WaveformAcquisitionPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.9.100.2', 'Waveform Acquisition Presentation State Storage'],
  ['GrayscaleSoftcopyPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.1', 'Grayscale Softcopy Presentation State Storage'],
  ['ColorSoftcopyPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.2', 'Color Softcopy Presentation State Storage'],
  ['PseudoColorSoftcopyPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.3', 'Pseudo-Color Softcopy Presentation State Storage'],
  ['BlendingSoftcopyPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.4', 'Blending Softcopy Presentation State Storage'],
  ['XAXRFGrayscaleSoftcopyPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.5', 'XA/XRF Grayscale Softcopy Presentation State Storage'],
  ['GrayscalePlanarMPRVolumetricPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.6', 'Grayscale Planar MPR Volumetric Presentation State Storage'],
  ['CompositingPlanarMPRVolumetricPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.7', 'Compositing Planar MPR Volumetric Presentation State Storage'],
  ['AdvancedBlendingPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.8', 'Advanced Blending Presentation State Storage'],
  ['VolumeRenderingVolumetricPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.9', 'Volume Rendering Volumetric Presentation State Storage'],
  ['SegmentedVolumeRenderingVolumetricPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.10', 'Segmented Volume Rendering Volumetric Presentation State Storage'],
  ['MultipleVolumeRenderingVolumetricPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.11', 'Multiple Volume Rendering Volumetric Presentation State Storage'],
  ['VariableModalityLUTSoftcopyPresentationStateStorage', '1.2.840.10008.5.1.4.1.1.11.12', 'Variable Modality LUT Softcopy Presentation State Storage'],
  ['XRayAngiographicImageStorage', '1.2.840.10008.5.1.4.1.1.12.1', 'X-Ray Angiographic Image Storage'],
  ['EnhancedXAImageStorage', '1.2.840.10008.5.1.4.1.1.12.1.1', 'Enhanced XA Image Storage'],
  ['XRayRadiofluoroscopicImageStorage', '1.2.840.10008.5.1.4.1.1.12.2', 'X-Ray Radiofluoroscopic Image Storage'],
  ['EnhancedXRFImageStorage', '1.2.840.10008.5.1.4.1.1.12.2.1', 'Enhanced XRF Image Storage'],
  ['XRay3DAngiographicImageStorage', '1.2.840.10008.5.1.4.1.1.13.1.1', 'X-Ray 3D Angiographic Image Storage'],
  ['XRay3DCraniofacialImageStorage', '1.2.840.10008.5.1.4.1.1.13.1.2', 'X-Ray 3D Craniofacial Image Storage'],
  ['BreastTomosynthesisImageStorage', '1.2.840.10008.5.1.4.1.1.13.1.3', 'Breast Tomosynthesis Image Storage'],
  ['BreastProjectionXRayImageStorageForPresentation', '1.2.840.10008.5.1.4.1.1.13.1.4', 'Breast Projection X-Ray Image Storage - For Presentation'],
  ['BreastProjectionXRayImageStorageForProcessing', '1.2.840.10008.5.1.4.1.1.13.1.5', 'Breast Projection X-Ray Image Storage - For Processing'],
  ['IntravascularOpticalCoherenceTomographyImageStorageForPresentation', '1.2.840.10008.5.1.4.1.1.14.1', 'Intravascular Optical Coherence Tomography Image Storage - For Presentation'],
  ['IntravascularOpticalCoherenceTomographyImageStorageForProcessing', '1.2.840.10008.5.1.4.1.1.14.2', 'Intravascular Optical Coherence Tomography Image Storage - For Processing'],
  ['NuclearMedicineImageStorage', '1.2.840.10008.5.1.4.1.1.20', 'Nuclear Medicine Image Storage'],
  ['ParametricMapStorage', '1.2.840.10008.5.1.4.1.1.30', 'Parametric Map Storage'],
  ['RawDataStorage', '1.2.840.10008.5.1.4.1.1.66', 'Raw Data Storage'],
  ['SpatialRegistrationStorage', '1.2.840.10008.5.1.4.1.1.66.1', 'Spatial Registration Storage'],
  ['SpatialFiducialsStorage', '1.2.840.10008.5.1.4.1.1.66.2', 'Spatial Fiducials Storage'],
  ['DeformableSpatialRegistrationStorage', '1.2.840.10008.5.1.4.1.1.66.3', 'Deformable Spatial Registration Storage'],
  ['SegmentationStorage', '1.2.840.10008.5.1.4.1.1.66.4', 'Segmentation Storage'],
  ['SurfaceSegmentationStorage', '1.2.840.10008.5.1.4.1.1.66.5', 'Surface Segmentation Storage'],
  ['TractographyResultsStorage', '1.2.840.10008.5.1.4.1.1.66.6', 'Tractography Results Storage'],
  ['LabelMapSegmentationStorage', '1.2.840.10008.5.1.4.1.1.66.7', 'Label Map Segmentation Storage'],
  ['HeightMapSegmentationStorage', '1.2.840.10008.5.1.4.1.1.66.8', 'Height Map Segmentation Storage'],
  ['RealWorldValueMappingStorage', '1.2.840.10008.5.1.4.1.1.67', 'Real World Value Mapping Storage'],
  ['SurfaceScanMeshStorage', '1.2.840.10008.5.1.4.1.1.68.1', 'Surface Scan Mesh Storage'],
  ['SurfaceScanPointCloudStorage', '1.2.840.10008.5.1.4.1.1.68.2', 'Surface Scan Point Cloud Storage'],
  ['VLEndoscopicImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.1', 'VL Endoscopic Image Storage'],
  ['VideoEndoscopicImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.1.1', 'Video Endoscopic Image Storage'],
  ['VLMicroscopicImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.2', 'VL Microscopic Image Storage'],
  ['VideoMicroscopicImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.2.1', 'Video Microscopic Image Storage'],
  ['VLSlideCoordinatesMicroscopicImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.3', 'VL Slide-Coordinates Microscopic Image Storage'],
  ['VLPhotographicImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.4', 'VL Photographic Image Storage'],
  ['VideoPhotographicImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.4.1', 'Video Photographic Image Storage'],
  ['OphthalmicPhotography8BitImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.5.1', 'Ophthalmic Photography 8 Bit Image Storage'],
  ['OphthalmicPhotography16BitImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.5.2', 'Ophthalmic Photography 16 Bit Image Storage'],
  ['StereometricRelationshipStorage', '1.2.840.10008.5.1.4.1.1.77.1.5.3', 'Stereometric Relationship Storage'],
  ['OphthalmicTomographyImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.5.4', 'Ophthalmic Tomography Image Storage'],
  ['WideFieldOphthalmicPhotographyStereographicProjectionImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.5.5', 'Wide Field Ophthalmic Photography Stereographic Projection Image Storage'],
  ['WideFieldOphthalmicPhotography3DCoordinatesImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.5.6', 'Wide Field Ophthalmic Photography 3D Coordinates Image Storage'],
  ['OphthalmicOpticalCoherenceTomographyEnFaceImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.5.7', 'Ophthalmic Optical Coherence Tomography En Face Image Storage'],
  ['OphthalmicOpticalCoherenceTomographyBscanVolumeAnalysisStorage', '1.2.840.10008.5.1.4.1.1.77.1.5.8', 'Ophthalmic Optical Coherence Tomography B-scan Volume Analysis Storage'],
  ['VLWholeSlideMicroscopyImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.6', 'VL Whole Slide Microscopy Image Storage'],
  ['DermoscopicPhotographyImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.7', 'Dermoscopic Photography Image Storage'],
  ['ConfocalMicroscopyImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.8', 'Confocal Microscopy Image Storage'],
  ['ConfocalMicroscopyTiledPyramidalImageStorage', '1.2.840.10008.5.1.4.1.1.77.1.9', 'Confocal Microscopy Tiled Pyramidal Image Storage'],
  ['LensometryMeasurementsStorage', '1.2.840.10008.5.1.4.1.1.78.1', 'Lensometry Measurements Storage'],
  ['AutorefractionMeasurementsStorage', '1.2.840.10008.5.1.4.1.1.78.2', 'Autorefraction Measurements Storage'],
  ['KeratometryMeasurementsStorage', '1.2.840.10008.5.1.4.1.1.78.3', 'Keratometry Measurements Storage'],
  ['SubjectiveRefractionMeasurementsStorage', '1.2.840.10008.5.1.4.1.1.78.4', 'Subjective Refraction Measurements Storage'],
  ['VisualAcuityMeasurementsStorage', '1.2.840.10008.5.1.4.1.1.78.5', 'Visual Acuity Measurements Storage'],
  ['SpectaclePrescriptionReportStorage', '1.2.840.10008.5.1.4.1.1.78.6', 'Spectacle Prescription Report Storage'],
  ['OphthalmicAxialMeasurementsStorage', '1.2.840.10008.5.1.4.1.1.78.7', 'Ophthalmic Axial Measurements Storage'],
  ['IntraocularLensCalculationsStorage', '1.2.840.10008.5.1.4.1.1.78.8', 'Intraocular Lens Calculations Storage'],
  ['MacularGridThicknessAndVolumeReportStorage', '1.2.840.10008.5.1.4.1.1.79.1', 'Macular Grid Thickness and Volume Report Storage'],
  ['OphthalmicVisualFieldStaticPerimetryMeasurementsStorage', '1.2.840.10008.5.1.4.1.1.80.1', 'Ophthalmic Visual Field Static Perimetry Measurements Storage'],
  ['OphthalmicThicknessMapStorage', '1.2.840.10008.5.1.4.1.1.81.1', 'Ophthalmic Thickness Map Storage'],
  ['CornealTopographyMapStorage', '1.2.840.10008.5.1.4.1.1.82.1', 'Corneal Topography Map Storage'],
  ['BasicTextSRStorage', '1.2.840.10008.5.1.4.1.1.88.11', 'Basic Text SR Storage'],
  ['EnhancedSRStorage', '1.2.840.10008.5.1.4.1.1.88.22', 'Enhanced SR Storage'],
  ['ComprehensiveSRStorage', '1.2.840.10008.5.1.4.1.1.88.33', 'Comprehensive SR Storage'],
  ['Comprehensive3DSRStorage', '1.2.840.10008.5.1.4.1.1.88.34', 'Comprehensive 3D SR Storage'],
  ['ExtensibleSRStorage', '1.2.840.10008.5.1.4.1.1.88.35', 'Extensible SR Storage'],
  ['ProcedureLogStorage', '1.2.840.10008.5.1.4.1.1.88.40', 'Procedure Log Storage'],
  ['MammographyCADSRStorage', '1.2.840.10008.5.1.4.1.1.88.50', 'Mammography CAD SR Storage'],
  ['KeyObjectSelectionDocumentStorage', '1.2.840.10008.5.1.4.1.1.88.59', 'Key Object Selection Document Storage'],
  ['ChestCADSRStorage', '1.2.840.10008.5.1.4.1.1.88.65', 'Chest CAD SR Storage'],
  ['XRayRadiationDoseSRStorage', '1.2.840.10008.5.1.4.1.1.88.67', 'X-Ray Radiation Dose SR Storage'],
  ['RadiopharmaceuticalRadiationDoseSRStorage', '1.2.840.10008.5.1.4.1.1.88.68', 'Radiopharmaceutical Radiation Dose SR Storage'],
  ['ColonCADSRStorage', '1.2.840.10008.5.1.4.1.1.88.69', 'Colon CAD SR Storage'],
  ['ImplantationPlanSRStorage', '1.2.840.10008.5.1.4.1.1.88.70', 'Implantation Plan SR Storage'],
  ['AcquisitionContextSRStorage', '1.2.840.10008.5.1.4.1.1.88.71', 'Acquisition Context SR Storage'],
  ['SimplifiedAdultEchoSRStorage', '1.2.840.10008.5.1.4.1.1.88.72', 'Simplified Adult Echo SR Storage'],
  ['PatientRadiationDoseSRStorage', '1.2.840.10008.5.1.4.1.1.88.73', 'Patient Radiation Dose SR Storage'],
  ['PlannedImagingAgentAdministrationSRStorage', '1.2.840.10008.5.1.4.1.1.88.74', 'Planned Imaging Agent Administration SR Storage'],
  ['PerformedImagingAgentAdministrationSRStorage', '1.2.840.10008.5.1.4.1.1.88.75', 'Performed Imaging Agent Administration SR Storage'],
  ['EnhancedXRayRadiationDoseSRStorage', '1.2.840.10008.5.1.4.1.1.88.76', 'Enhanced X-Ray Radiation Dose SR Storage'],
  ['WaveformAnnotationSRStorage', '1.2.840.10008.5.1.4.1.1.88.77', 'Waveform Annotation SR Storage'],
  ['ContentAssessmentResultsStorage', '1.2.840.10008.5.1.4.1.1.90.1', 'Content Assessment Results Storage'],
  ['MicroscopyBulkSimpleAnnotationsStorage', '1.2.840.10008.5.1.4.1.1.91.1', 'Microscopy Bulk Simple Annotations Storage'],
  ['EncapsulatedPDFStorage', '1.2.840.10008.5.1.4.1.1.104.1', 'Encapsulated PDF Storage'],
  ['EncapsulatedCDAStorage', '1.2.840.10008.5.1.4.1.1.104.2', 'Encapsulated CDA Storage'],
  ['EncapsulatedSTLStorage', '1.2.840.10008.5.1.4.1.1.104.3', 'Encapsulated STL Storage'],
  ['EncapsulatedOBJStorage', '1.2.840.10008.5.1.4.1.1.104.4', 'Encapsulated OBJ Storage'],
  ['EncapsulatedMTLStorage', '1.2.840.10008.5.1.4.1.1.104.5', 'Encapsulated MTL Storage'],
  ['PositronEmissionTomographyImageStorage', '1.2.840.10008.5.1.4.1.1.128', 'Positron Emission Tomography Image Storage'],
  ['LegacyConvertedEnhancedPETImageStorage', '1.2.840.10008.5.1.4.1.1.128.1', 'Legacy Converted Enhanced PET Image Storage'],
  ['EnhancedPETImageStorage', '1.2.840.10008.5.1.4.1.1.130', 'Enhanced PET Image Storage'],
  ['BasicStructuredDisplayStorage', '1.2.840.10008.5.1.4.1.1.131', 'Basic Structured Display Storage'],
  ['CTPerformedProcedureProtocolStorage', '1.2.840.10008.5.1.4.1.1.200.2', 'CT Performed Procedure Protocol Storage'],
  ['XAPerformedProcedureProtocolStorage', '1.2.840.10008.5.1.4.1.1.200.8', 'XA Performed Procedure Protocol Storage'],
  ['RTImageStorage', '1.2.840.10008.5.1.4.1.1.481.1', 'RT Image Storage'],
  ['RTDoseStorage', '1.2.840.10008.5.1.4.1.1.481.2', 'RT Dose Storage'],
  ['RTStructureSetStorage', '1.2.840.10008.5.1.4.1.1.481.3', 'RT Structure Set Storage'],
  ['RTBeamsTreatmentRecordStorage', '1.2.840.10008.5.1.4.1.1.481.4', 'RT Beams Treatment Record Storage'],
  ['RTPlanStorage', '1.2.840.10008.5.1.4.1.1.481.5', 'RT Plan Storage'],
  ['RTBrachyTreatmentRecordStorage', '1.2.840.10008.5.1.4.1.1.481.6', 'RT Brachy Treatment Record Storage'],
  ['RTTreatmentSummaryRecordStorage', '1.2.840.10008.5.1.4.1.1.481.7', 'RT Treatment Summary Record Storage'],
  ['RTIonPlanStorage', '1.2.840.10008.5.1.4.1.1.481.8', 'RT Ion Plan Storage'],
  ['RTIonBeamsTreatmentRecordStorage', '1.2.840.10008.5.1.4.1.1.481.9', 'RT Ion Beams Treatment Record Storage'],
  ['RTPhysicianIntentStorage', '1.2.840.10008.5.1.4.1.1.481.10', 'RT Physician Intent Storage'],
  ['RTSegmentAnnotationStorage', '1.2.840.10008.5.1.4.1.1.481.11', 'RT Segment Annotation Storage'],
  ['RTRadiationSetStorage', '1.2.840.10008.5.1.4.1.1.481.12', 'RT Radiation Set Storage'],
  ['CArmPhotonElectronRadiationStorage', '1.2.840.10008.5.1.4.1.1.481.13', 'C-Arm Photon-Electron Radiation Storage'],
  ['TomotherapeuticRadiationStorage', '1.2.840.10008.5.1.4.1.1.481.14', 'Tomotherapeutic Radiation Storage'],
  ['RoboticArmRadiationStorage', '1.2.840.10008.5.1.4.1.1.481.15', 'Robotic-Arm Radiation Storage'],
  ['RTRadiationRecordSetStorage', '1.2.840.10008.5.1.4.1.1.481.16', 'RT Radiation Record Set Storage'],
  ['RTRadiationSalvageRecordStorage', '1.2.840.10008.5.1.4.1.1.481.17', 'RT Radiation Salvage Record Storage'],
  ['TomotherapeuticRadiationRecordStorage', '1.2.840.10008.5.1.4.1.1.481.18', 'Tomotherapeutic Radiation Record Storage'],
  ['CArmPhotonElectronRadiationRecordStorage', '1.2.840.10008.5.1.4.1.1.481.19', 'C-Arm Photon-Electron Radiation Record Storage'],
  ['RoboticArmRadiationRecordStorage', '1.2.840.10008.5.1.4.1.1.481.20', 'Robotic-Arm Radiation Record Storage'],
  ['RTRadiationSetDeliveryInstructionStorage', '1.2.840.10008.5.1.4.1.1.481.21', 'RT Radiation Set Delivery Instruction Storage'],
  ['RTTreatmentPreparationStorage', '1.2.840.10008.5.1.4.1.1.481.22', 'RT Treatment Preparation Storage'],
  ['EnhancedRTImageStorage', '1.2.840.10008.5.1.4.1.1.481.23', 'Enhanced RT Image Storage'],
  ['EnhancedContinuousRTImageStorage', '1.2.840.10008.5.1.4.1.1.481.24', 'Enhanced Continuous RT Image Storage'],
  ['RTPatientPositionAcquisitionInstructionStorage', '1.2.840.10008.5.1.4.1.1.481.25', 'RT Patient Position Acquisition Instruction Storage'],
  ['RTBeamsDeliveryInstructionStorage', '1.2.840.10008.5.1.4.34.7', 'RT Beams Delivery Instruction Storage'],
  ['RTBrachyApplicationSetupDeliveryInstructionStorage', '1.2.840.10008.5.1.4.34.10', 'RT Brachy Application Setup Delivery Instruction Storage'],
] as const satisfies readonly UidRow[];

/**
 * Retired storage SOP classes still met in the field. Not proposed by default; a
 * Storage SCP may add them to its policy (e.g. Hardcopy images from an old imager).
 */
const RETIRED_STORAGE_ROWS = [
  ['StoredPrintStorage', '1.2.840.10008.5.1.1.27', 'Stored Print Storage', true],
  ['HardcopyGrayscaleImageStorage', '1.2.840.10008.5.1.1.29', 'Hardcopy Grayscale Image Storage', true],
  ['HardcopyColorImageStorage', '1.2.840.10008.5.1.1.30', 'Hardcopy Color Image Storage', true],
  ['UltrasoundMultiFrameImageStorageRetired', '1.2.840.10008.5.1.4.1.1.3', 'Ultrasound Multi-frame Image Storage', true],
  ['NuclearMedicineImageStorageRetired', '1.2.840.10008.5.1.4.1.1.5', 'Nuclear Medicine Image Storage', true],
  ['UltrasoundImageStorageRetired', '1.2.840.10008.5.1.4.1.1.6', 'Ultrasound Image Storage', true],
  ['StandaloneOverlayStorage', '1.2.840.10008.5.1.4.1.1.8', 'Standalone Overlay Storage', true],
  ['StandaloneCurveStorage', '1.2.840.10008.5.1.4.1.1.9', 'Standalone Curve Storage', true],
  ['StandaloneModalityLUTStorage', '1.2.840.10008.5.1.4.1.1.10', 'Standalone Modality LUT Storage', true],
  ['StandaloneVOILUTStorage', '1.2.840.10008.5.1.4.1.1.11', 'Standalone VOI LUT Storage', true],
  ['XRayAngiographicBiPlaneImageStorage', '1.2.840.10008.5.1.4.1.1.12.3', 'X-Ray Angiographic Bi-Plane Image Storage', true],
  ['WaveformStorageTrial', '1.2.840.10008.5.1.4.1.1.40', 'Waveform Storage - Trial', true],
  ['VLImageStorageTrial', '1.2.840.10008.5.1.4.1.1.77.1', 'VL Image Storage - Trial', true],
  ['VLMultiFrameImageStorageTrial', '1.2.840.10008.5.1.4.1.1.77.2', 'VL Multi-frame Image Storage - Trial', true],
  ['TextSRStorageTrial', '1.2.840.10008.5.1.4.1.1.88.1', 'Text SR Storage - Trial', true],
  ['AudioSRStorageTrial', '1.2.840.10008.5.1.4.1.1.88.2', 'Audio SR Storage - Trial', true],
  ['DetailSRStorageTrial', '1.2.840.10008.5.1.4.1.1.88.3', 'Detail SR Storage - Trial', true],
  ['ComprehensiveSRStorageTrial', '1.2.840.10008.5.1.4.1.1.88.4', 'Comprehensive SR Storage - Trial', true],
  ['StandalonePETCurveStorage', '1.2.840.10008.5.1.4.1.1.129', 'Standalone PET Curve Storage', true],
] as const satisfies readonly UidRow[];

/** Storage SOP class UIDs by keyword, e.g. `StorageSopClass.CTImageStorage`. Current classes only. */
export const StorageSopClass = toUidObject(STORAGE_ROWS);
/** Retired storage SOP classes by keyword (see RETIRED_STORAGE_SOP_CLASSES). */
export const RetiredStorageSopClass = toUidObject(RETIRED_STORAGE_ROWS);

/** Every Storage SOP class of the current standard (PS3.4 Table B.5-1), in table order. */
export const STORAGE_SOP_CLASSES: readonly string[] = Object.freeze(STORAGE_ROWS.map((r) => r[1]));
/** Retired storage SOP classes still seen in the field (not part of STORAGE_SOP_CLASSES). */
export const RETIRED_STORAGE_SOP_CLASSES: readonly string[] = Object.freeze(RETIRED_STORAGE_ROWS.map((r) => r[1]));

// ------------------------------------------------------------------ other SOP classes

/** Non-storage SOP classes and meta SOP classes the workstation uses or logs. */
const SOP_CLASS_ROWS = [
  // PS3.4 Annex A: Verification
  ['Verification', '1.2.840.10008.1.1', 'Verification SOP Class'],
  // PS3.4 Annex J: Storage Commitment
  ['StorageCommitmentPushModel', '1.2.840.10008.1.20.1', 'Storage Commitment Push Model SOP Class'],
  ['StorageCommitmentPullModel', '1.2.840.10008.1.20.2', 'Storage Commitment Pull Model SOP Class', true],
  // PS3.4 Annex F: Modality Performed Procedure Step
  ['ModalityPerformedProcedureStep', '1.2.840.10008.3.1.2.3.3', 'Modality Performed Procedure Step SOP Class'],
  ['ModalityPerformedProcedureStepRetrieve', '1.2.840.10008.3.1.2.3.4', 'Modality Performed Procedure Step Retrieve SOP Class'],
  ['ModalityPerformedProcedureStepNotification', '1.2.840.10008.3.1.2.3.5', 'Modality Performed Procedure Step Notification SOP Class'],
  // PS3.4 Annex K: Basic Worklist Management
  ['ModalityWorklistInformationModelFind', '1.2.840.10008.5.1.4.31', 'Modality Worklist Information Model - FIND'],
  // PS3.4 Annex C: Query/Retrieve
  ['PatientRootQueryRetrieveInformationModelFind', '1.2.840.10008.5.1.4.1.2.1.1', 'Patient Root Query/Retrieve Information Model - FIND'],
  ['PatientRootQueryRetrieveInformationModelMove', '1.2.840.10008.5.1.4.1.2.1.2', 'Patient Root Query/Retrieve Information Model - MOVE'],
  ['PatientRootQueryRetrieveInformationModelGet', '1.2.840.10008.5.1.4.1.2.1.3', 'Patient Root Query/Retrieve Information Model - GET'],
  ['StudyRootQueryRetrieveInformationModelFind', '1.2.840.10008.5.1.4.1.2.2.1', 'Study Root Query/Retrieve Information Model - FIND'],
  ['StudyRootQueryRetrieveInformationModelMove', '1.2.840.10008.5.1.4.1.2.2.2', 'Study Root Query/Retrieve Information Model - MOVE'],
  ['StudyRootQueryRetrieveInformationModelGet', '1.2.840.10008.5.1.4.1.2.2.3', 'Study Root Query/Retrieve Information Model - GET'],
  ['PatientStudyOnlyQueryRetrieveInformationModelFind', '1.2.840.10008.5.1.4.1.2.3.1', 'Patient/Study Only Query/Retrieve Information Model - FIND', true],
  ['PatientStudyOnlyQueryRetrieveInformationModelMove', '1.2.840.10008.5.1.4.1.2.3.2', 'Patient/Study Only Query/Retrieve Information Model - MOVE', true],
  ['PatientStudyOnlyQueryRetrieveInformationModelGet', '1.2.840.10008.5.1.4.1.2.3.3', 'Patient/Study Only Query/Retrieve Information Model - GET', true],
  ['CompositeInstanceRootRetrieveMove', '1.2.840.10008.5.1.4.1.2.4.2', 'Composite Instance Root Retrieve - MOVE'],
  ['CompositeInstanceRootRetrieveGet', '1.2.840.10008.5.1.4.1.2.4.3', 'Composite Instance Root Retrieve - GET'],
  ['CompositeInstanceRetrieveWithoutBulkDataGet', '1.2.840.10008.5.1.4.1.2.5.3', 'Composite Instance Retrieve Without Bulk Data - GET'],
  // PS3.4 Annex H: Print Management
  ['BasicFilmSession', '1.2.840.10008.5.1.1.1', 'Basic Film Session SOP Class'],
  ['BasicFilmBox', '1.2.840.10008.5.1.1.2', 'Basic Film Box SOP Class'],
  ['BasicGrayscaleImageBox', '1.2.840.10008.5.1.1.4', 'Basic Grayscale Image Box SOP Class'],
  ['BasicColorImageBox', '1.2.840.10008.5.1.1.4.1', 'Basic Color Image Box SOP Class'],
  ['ReferencedImageBox', '1.2.840.10008.5.1.1.4.2', 'Referenced Image Box SOP Class', true],
  ['BasicGrayscalePrintManagementMeta', '1.2.840.10008.5.1.1.9', 'Basic Grayscale Print Management Meta SOP Class'],
  ['ReferencedGrayscalePrintManagementMeta', '1.2.840.10008.5.1.1.9.1', 'Referenced Grayscale Print Management Meta SOP Class', true],
  ['PrintJob', '1.2.840.10008.5.1.1.14', 'Print Job SOP Class'],
  ['BasicAnnotationBox', '1.2.840.10008.5.1.1.15', 'Basic Annotation Box SOP Class'],
  ['Printer', '1.2.840.10008.5.1.1.16', 'Printer SOP Class'],
  ['PrinterConfigurationRetrieval', '1.2.840.10008.5.1.1.16.376', 'Printer Configuration Retrieval SOP Class'],
  ['BasicColorPrintManagementMeta', '1.2.840.10008.5.1.1.18', 'Basic Color Print Management Meta SOP Class'],
  ['ReferencedColorPrintManagementMeta', '1.2.840.10008.5.1.1.18.1', 'Referenced Color Print Management Meta SOP Class', true],
  ['VOILUTBox', '1.2.840.10008.5.1.1.22', 'VOI LUT Box SOP Class', true],
  ['PresentationLUT', '1.2.840.10008.5.1.1.23', 'Presentation LUT SOP Class'],
  ['ImageOverlayBox', '1.2.840.10008.5.1.1.24', 'Image Overlay Box SOP Class', true],
  ['BasicPrintImageOverlayBox', '1.2.840.10008.5.1.1.24.1', 'Basic Print Image Overlay Box SOP Class', true],
  ['PrintQueueManagement', '1.2.840.10008.5.1.1.26', 'Print Queue Management SOP Class', true],
  ['PullPrintRequest', '1.2.840.10008.5.1.1.31', 'Pull Print Request SOP Class', true],
  ['PullStoredPrintManagementMeta', '1.2.840.10008.5.1.1.32', 'Pull Stored Print Management Meta SOP Class', true],
  ['MediaCreationManagement', '1.2.840.10008.5.1.1.33', 'Media Creation Management SOP Class UID'],
  ['DisplaySystem', '1.2.840.10008.5.1.1.40', 'Display System SOP Class'],
  // PS3.4 Annex R: Instance Availability Notification
  ['InstanceAvailabilityNotification', '1.2.840.10008.5.1.4.33', 'Instance Availability Notification SOP Class'],
  // PS3.4 Annex GG: Non-Patient Object Storage (not part of Table B.5-1)
  ['HangingProtocolStorage', '1.2.840.10008.5.1.4.38.1', 'Hanging Protocol Storage'],
  ['ColorPaletteStorage', '1.2.840.10008.5.1.4.39.1', 'Color Palette Storage'],
  ['CTDefinedProcedureProtocolStorage', '1.2.840.10008.5.1.4.1.1.200.1', 'CT Defined Procedure Protocol Storage'],
  ['ProtocolApprovalStorage', '1.2.840.10008.5.1.4.1.1.200.3', 'Protocol Approval Storage'],
  ['XADefinedProcedureProtocolStorage', '1.2.840.10008.5.1.4.1.1.200.7', 'XA Defined Procedure Protocol Storage'],
  ['InventoryStorage', '1.2.840.10008.5.1.4.1.1.201.1', 'Inventory Storage'],
  ['MediaStorageDirectoryStorage', '1.2.840.10008.1.3.10', 'Media Storage Directory Storage'],
] as const satisfies readonly UidRow[];

/** Non-storage SOP classes (verification, Q/R, print, commitment, MPPS...) by keyword. */
export const SopClass = toUidObject(SOP_CLASS_ROWS);

/** Verification SOP Class (PS3.4 Annex A), the abstract syntax of C-ECHO. */
export const VERIFICATION_SOP_CLASS = SopClass.Verification;

/** Well-known SOP instances (PS3.6 Table A-1 "Well-known SOP Instance"). */
const WELL_KNOWN_INSTANCE_ROWS = [
  ['PrinterInstance', '1.2.840.10008.5.1.1.17', 'Printer SOP Instance'],
  ['PrinterConfigurationRetrievalInstance', '1.2.840.10008.5.1.1.17.376', 'Printer Configuration Retrieval SOP Instance'],
  ['PrintQueueInstance', '1.2.840.10008.5.1.1.25', 'Print Queue SOP Instance', true],
  ['StorageCommitmentPushModelInstance', '1.2.840.10008.1.20.1.1', 'Storage Commitment Push Model SOP Instance'],
  ['StorageCommitmentPullModelInstance', '1.2.840.10008.1.20.2.1', 'Storage Commitment Pull Model SOP Instance', true],
  ['DisplaySystemInstance', '1.2.840.10008.5.1.1.40.1', 'Display System SOP Instance'],
] as const satisfies readonly UidRow[];

export const WellKnownInstance = toUidObject(WELL_KNOWN_INSTANCE_ROWS);

const OTHER_ROWS = [
  ['DICOMApplicationContext', '1.2.840.10008.3.1.1.1', 'DICOM Application Context Name'],
  ['StorageServiceClass', '1.2.840.10008.4.2', 'Storage Service Class'],
] as const satisfies readonly UidRow[];

/** The DICOM application context name (PS3.7 Annex A.2.1). */
export const APPLICATION_CONTEXT_NAME = '1.2.840.10008.3.1.1.1';

// ------------------------------------------------------------------ our implementation

/**
 * Implementation Class UID of Filmstation (PS3.7 D.3.3.2). We have no registered
 * org root, so it is a UUID-derived UID under 2.25 (PS3.5 Annex B.2), generated once
 * from UUID 4ff2f2bc-e364-48dd-8c03-6cc37f34505a and frozen here. Keep it stable
 * across releases; the version name says which release.
 */
export const IMPLEMENTATION_CLASS_UID = '2.25.106270470815166752540056228294303174746';
/** Implementation Version Name (PS3.7 D.3.3.2): 1 to 16 characters, VR SH. */
export const IMPLEMENTATION_VERSION_NAME = 'FILMSTATION_010';

// ------------------------------------------------------------------ lookups

interface UidInfo { name: string; keyword: string; retired: boolean }

const REGISTRY: ReadonlyMap<string, UidInfo> = (() => {
  const map = new Map<string, UidInfo>();
  const tables: readonly (readonly UidRow[])[] = [
    TRANSFER_SYNTAX_ROWS, STORAGE_ROWS, RETIRED_STORAGE_ROWS, SOP_CLASS_ROWS, WELL_KNOWN_INSTANCE_ROWS, OTHER_ROWS,
  ];
  for (const rows of tables) {
    for (const [keyword, uid, name, retired] of rows) {
      if (!map.has(uid)) map.set(uid, { name, keyword, retired: retired === true });
    }
  }
  map.set(IMPLEMENTATION_CLASS_UID, { name: `Filmstation implementation (${IMPLEMENTATION_VERSION_NAME})`, keyword: 'FilmstationImplementation', retired: false });
  return map;
})();

/** Plain name of a known UID, for logs ("CT Image Storage"); retired ones carry "(Retired)". */
export function uidName(uid: string): string | undefined {
  const info = REGISTRY.get(uid);
  if (!info) return undefined;
  return info.retired ? `${info.name} (Retired)` : info.name;
}

/** `name [uid]` when the UID is known, else the bare UID: the form used in log lines. */
export function describeUid(uid: string): string {
  const name = uidName(uid);
  return name ? `${name} [${uid}]` : uid;
}

/** PS3.6 keyword of a known UID ("CTImageStorage"), else undefined. */
export function uidKeyword(uid: string): string | undefined {
  return REGISTRY.get(uid)?.keyword;
}

/** True when the UID is known and retired from the standard. Unknown UIDs are not retired. */
export function isRetired(uid: string): boolean {
  return REGISTRY.get(uid)?.retired ?? false;
}

/** True for a known transfer syntax UID (current or retired). */
export function isTransferSyntax(uid: string): boolean {
  return TRANSFER_SYNTAX_SET.has(uid);
}

/** True for a Storage SOP class of the current standard (PS3.4 Table B.5-1). */
export function isStorageSopClass(uid: string): boolean {
  return STORAGE_SET.has(uid);
}

const TRANSFER_SYNTAX_SET: ReadonlySet<string> = new Set(TRANSFER_SYNTAX_ROWS.map((r) => r[1]));
const STORAGE_SET: ReadonlySet<string> = new Set(STORAGE_ROWS.map((r) => r[1]));

/**
 * Syntactic UID check (PS3.5 Section 9.1): 1..64 characters, digits and dots,
 * no empty component, no leading zero in a multi-digit component.
 */
export function isValidUid(uid: string): boolean {
  if (uid.length === 0 || uid.length > 64) return false;
  return /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}
