/**
 * Tags of the Print Management modules (PS3.3 C.13) used by the SCU, by their standard
 * keywords. One table so that requests and response parsing use the same numbers.
 */
export const T = {
  SpecificCharacterSet: 0x00080005,
  Manufacturer: 0x00080070,
  ManufacturerModelName: 0x00081090,
  ReferencedSopClassUid: 0x00081150,
  ReferencedSopInstanceUid: 0x00081155,
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
  // Basic Film Session (PS3.3 C.13.1)
  NumberOfCopies: 0x20000010,
  PrintPriority: 0x20000020,
  MediumType: 0x20000030,
  FilmDestination: 0x20000040,
  FilmSessionLabel: 0x20000050,
  MemoryAllocation: 0x20000060,
  OwnerId: 0x21000160,
  // Basic Film Box (PS3.3 C.13.3, C.13.4)
  ImageDisplayFormat: 0x20100010,
  AnnotationDisplayFormatId: 0x20100030,
  FilmOrientation: 0x20100040,
  FilmSizeId: 0x20100050,
  MagnificationType: 0x20100060,
  SmoothingType: 0x20100080,
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
  // Image Box (PS3.3 C.13.5)
  ImageBoxPosition: 0x20200010,
  Polarity: 0x20200020,
  RequestedImageSize: 0x20200030,
  RequestedDecimateCropBehavior: 0x20200040,
  RequestedResolutionId: 0x20200050,
  BasicGrayscaleImageSequence: 0x20200110,
  // Annotation (PS3.3 C.13.7)
  AnnotationPosition: 0x20300010,
  TextString: 0x20300020,
  // Presentation LUT (PS3.3 C.11.4)
  PresentationLutShape: 0x20500020,
  ReferencedPresentationLutSequence: 0x20500500,
  // Print Job (PS3.3 C.13.8)
  ExecutionStatus: 0x21000020,
  ExecutionStatusInfo: 0x21000030,
  CreationDate: 0x21000040,
  CreationTime: 0x21000050,
  ReferencedPrintJobSequence: 0x21000500,
  // Printer (PS3.3 C.13.9)
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
