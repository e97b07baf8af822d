/**
 * Attribute tags of the Print Management IODs (PS3.3 C.13 Print Management Modules; PS3.4
 * Annex H attribute tables), by their PS3.6 keywords: one table for the print SCU and the
 * virtual imager (print SCP), so requests and their parsing use the same numbers.
 */
export const PrintTag = {
  SpecificCharacterSet: 0x00080005,
  Manufacturer: 0x00080070,
  ManufacturerModelName: 0x00081090,
  ReferencedSOPClassUID: 0x00081150,
  ReferencedSOPInstanceUID: 0x00081155,
  DeviceSerialNumber: 0x00181000,
  SoftwareVersions: 0x00181020,
  DateOfLastCalibration: 0x00181200,
  TimeOfLastCalibration: 0x00181201,
  SamplesPerPixel: 0x00280002,
  PhotometricInterpretation: 0x00280004,
  Rows: 0x00280010,
  Columns: 0x00280011,
  PixelAspectRatio: 0x00280034,
  BitsAllocated: 0x00280100,
  BitsStored: 0x00280101,
  HighBit: 0x00280102,
  PixelRepresentation: 0x00280103,
  LUTDescriptor: 0x00283002,
  LUTExplanation: 0x00283003,
  LUTData: 0x00283006,
  NumberOfCopies: 0x20000010,
  PrintPriority: 0x20000020,
  MediumType: 0x20000030,
  FilmDestination: 0x20000040,
  FilmSessionLabel: 0x20000050,
  MemoryAllocation: 0x20000060,
  ImageDisplayFormat: 0x20100010,
  AnnotationDisplayFormatID: 0x20100030,
  FilmOrientation: 0x20100040,
  FilmSizeID: 0x20100050,
  PrinterResolutionID: 0x20100052,
  DefaultPrinterResolutionID: 0x20100054,
  MagnificationType: 0x20100060,
  SmoothingType: 0x20100080,
  DefaultMagnificationType: 0x201000a6,
  BorderDensity: 0x20100100,
  EmptyImageDensity: 0x20100110,
  MinDensity: 0x20100120,
  MaxDensity: 0x20100130,
  Trim: 0x20100140,
  ConfigurationInformation: 0x20100150,
  Illumination: 0x2010015e,
  ReflectedAmbientLight: 0x20100160,
  ReferencedFilmSessionSequence: 0x20100500,
  ReferencedImageBoxSequence: 0x20100510,
  ReferencedBasicAnnotationBoxSequence: 0x20100520,
  ImageBoxPosition: 0x20200010,
  Polarity: 0x20200020,
  RequestedImageSize: 0x20200030,
  RequestedDecimateCropBehavior: 0x20200040,
  RequestedResolutionID: 0x20200050,
  BasicGrayscaleImageSequence: 0x20200110,
  BasicColorImageSequence: 0x20200111,
  AnnotationPosition: 0x20300010,
  TextString: 0x20300020,
  PresentationLUTSequence: 0x20500010,
  PresentationLUTShape: 0x20500020,
  ReferencedPresentationLUTSequence: 0x20500500,
  ExecutionStatus: 0x21000020,
  ExecutionStatusInfo: 0x21000030,
  CreationDate: 0x21000040,
  CreationTime: 0x21000050,
  Originator: 0x21000070,
  OwnerID: 0x21000160,
  // PS3.4 H.4.2.2.4 names (2100,0500) in the N-ACTION response; PS3.6 now lists it as retired (Pull Stored Print).
  ReferencedPrintJobSequence: 0x21000500,
  PrinterStatus: 0x21100010,
  PrinterStatusInfo: 0x21100020,
  PrinterName: 0x21100030,
  PixelData: 0x7fe00010,
} as const;

/** N-ACTION Action Type ID "Print" on Film Session and Film Box (PS3.4 H.4.1.2.4, H.4.2.2.4). */
export const ACTION_PRINT = 1;

/** Printer N-EVENT-REPORT Event Type IDs (PS3.4 H.4.6.2.1). */
export const PRINTER_EVENTS: Readonly<Record<number, 'NORMAL' | 'WARNING' | 'FAILURE'>> = { 1: 'NORMAL', 2: 'WARNING', 3: 'FAILURE' };

/** Print Job N-EVENT-REPORT Event Type IDs (PS3.4 H.4.5.2.1). */
export const PRINT_JOB_EVENTS: Readonly<Record<number, 'PENDING' | 'PRINTING' | 'DONE' | 'FAILURE'>> = { 1: 'PENDING', 2: 'PRINTING', 3: 'DONE', 4: 'FAILURE' };
