/**
 * DIMSE status tables per service class: code -> category, the standard's name, a plain-language
 * text a technologist understands, and where we can, a suggested fix.
 *
 * A non-success status is a result, not an exception (see errors.ts). `describeStatus` never
 * throws: unknown codes fall back by range (PS3.7 Annex C).
 *
 * Sources: PS3.7 Annex C (general statuses, C.1-C.5), PS3.4 B.2.3 (Storage), PS3.4 C.4.1.1.4,
 * C.4.2.1.5, C.4.3.1.4 (Query/Retrieve), PS3.4 H.4 (Print Management: Tables H.4-4, H.4-9,
 * H.4.1.2.1.2-1, H.4.2.2.1.2-1, H.4.3.1.2.1.2-1, H.4.9.2.1.2-1), DCMTK dcmnet/dimse.h.
 */

export type StatusCategory = 'success' | 'warning' | 'failure' | 'cancel' | 'pending';

export interface StatusInfo {
  code: number;
  category: StatusCategory;
  /** The standard's name for the status ("Refused: Out of Resources"). */
  name: string;
  /** Plain language for the person at the workstation. */
  text: string;
  /** What to try, when there is something to try. */
  fix?: string;
}

export type ServiceClass =
  | 'verification'
  | 'storage'
  | 'query-retrieve-find'
  | 'query-retrieve-move'
  | 'query-retrieve-get'
  | 'print'
  | 'storage-commitment'
  | 'mpps'
  | 'n-service-general';

export const SERVICE_CLASSES: readonly ServiceClass[] = Object.freeze([
  'verification', 'storage', 'query-retrieve-find', 'query-retrieve-move', 'query-retrieve-get',
  'print', 'storage-commitment', 'mpps', 'n-service-general',
]);

type Entry = Omit<StatusInfo, 'code'>;
type Table = ReadonlyMap<number, Entry>;

function table(entries: Array<[number, StatusCategory, string, string, string?]>): Table {
  return new Map(entries.map(([code, category, name, text, fix]) => {
    const e: Entry = fix === undefined ? { category, name, text } : { category, name, text, fix };
    return [code, e];
  }));
}

/** PS3.7 Annex C: statuses any DIMSE service may return. */
const GENERAL: Table = table([
  [0x0000, 'success', 'Success', 'The request was completed successfully.'],
  [0x0001, 'warning', 'Warning: Requested optional attributes are not supported',
    'The request was carried out, but the receiver ignored some optional details it does not support.',
    'No action needed; if a detail matters, check the receiver\'s conformance statement.'],
  [0x0105, 'failure', 'No such attribute',
    'The receiver does not support one of the attributes that was sent.',
    'Turn off the option in the printer/peer profile that sends this attribute.'],
  [0x0106, 'failure', 'Invalid attribute value',
    'The receiver does not accept one of the values that was sent (for example a film size or medium it does not have).',
    'Pick a value the receiver supports in the printer/peer profile.'],
  [0x0107, 'warning', 'Attribute list error',
    'The receiver ignored one or more attributes it does not support; the request was otherwise carried out.',
    'Usually harmless. To silence it, stop sending the unsupported option.'],
  [0x0110, 'failure', 'Processing failure',
    'The receiver hit an internal error while handling the request.',
    'Try again; if it persists, check the receiver\'s log or contact its support.'],
  [0x0111, 'failure', 'Duplicate SOP Instance',
    'The receiver already has an object with the same identifier.',
    'If printing, close the previous session (or restart the job) before starting a new one.'],
  [0x0112, 'failure', 'No such SOP Instance',
    'The receiver does not know the object the request refers to (it may have been deleted or never created).',
    'Restart the job from the beginning.'],
  [0x0113, 'failure', 'No such event type', 'The receiver does not recognise the event type that was reported.'],
  [0x0114, 'failure', 'No such argument', 'The receiver does not recognise an argument of the request.'],
  [0x0115, 'failure', 'Invalid argument value', 'The receiver does not accept the value of an argument of the request.'],
  [0x0116, 'warning', 'Attribute value out of range',
    'The receiver replaced a value it does not support with its own default; the request was otherwise carried out.',
    'Check the result; choose a supported value in the profile to avoid the substitution.'],
  [0x0117, 'failure', 'Invalid object instance', 'The object identifier sent is not valid for the receiver.'],
  [0x0118, 'failure', 'No such SOP Class', 'The receiver does not know the kind of object that was requested.'],
  [0x0119, 'failure', 'Class-instance conflict', 'The object identifier does not belong to the kind of object named in the request.'],
  [0x0120, 'failure', 'Missing attribute',
    'A required attribute was not sent.',
    'This is a problem in the sending software: export the DIMSE log and report it.'],
  [0x0121, 'failure', 'Missing attribute value',
    'A required attribute was sent empty.',
    'This is a problem in the sending software or the source data: export the DIMSE log and report it.'],
  [0x0122, 'failure', 'Refused: SOP Class not supported',
    'The receiver does not support this kind of object or operation.',
    'Check that the receiver is configured for this service (and this object type).'],
  [0x0123, 'failure', 'No such action', 'The receiver does not recognise the requested action.'],
  [0x0124, 'failure', 'Refused: Not authorized',
    'The receiver refused the request: this workstation is not authorized.',
    'Ask the receiver\'s administrator to allow this AE title.'],
  [0x0210, 'failure', 'Duplicate invocation', 'The receiver received a request with a message ID that is already in use.'],
  [0x0211, 'failure', 'Unrecognized operation', 'The receiver does not recognise the requested operation.'],
  [0x0212, 'failure', 'Mistyped argument', 'An argument of the request has the wrong type.'],
  [0x0213, 'failure', 'Resource limitation',
    'The receiver is temporarily out of resources.',
    'Wait and try again.'],
  [0xfe00, 'cancel', 'Cancel', 'The operation was cancelled.'],
  [0xff00, 'pending', 'Pending', 'The operation is continuing.'],
  [0xff01, 'pending', 'Pending (warning)', 'The operation is continuing, with a warning.'],
]);

/** PS3.4 B.2.3 (Storage Service Class). */
const STORAGE: Table = table([
  [0xb000, 'warning', 'Coercion of data elements',
    'The receiver stored the images but changed some values (for example patient ID or names).',
    'Check the stored copy if exact values matter.'],
  [0xb006, 'warning', 'Elements discarded',
    'The receiver stored the images but dropped some elements it does not keep.'],
  [0xb007, 'warning', 'Data set does not match SOP Class',
    'The receiver stored the images although they do not fully match their declared type.'],
]);

/** Ranged Storage statuses (PS3.4 B.2.3: A7xx, A9xx, Cxxx). */
const STORAGE_RANGES: Array<{ mask: number; value: number; entry: Entry }> = [
  { mask: 0xff00, value: 0xa700, entry: { category: 'failure', name: 'Refused: Out of resources',
    text: 'The receiver has no room to store the images.', fix: 'Free space on the receiver or try another destination.' } },
  { mask: 0xff00, value: 0xa900, entry: { category: 'failure', name: 'Error: Data set does not match SOP Class',
    text: 'The receiver refused the images because their content does not match their declared type.' } },
  { mask: 0xf000, value: 0xc000, entry: { category: 'failure', name: 'Error: Cannot understand',
    text: 'The receiver could not read the images.', fix: 'Try another transfer syntax (uncompressed) or check the file.' } },
];

/** PS3.4 C.4.1.1.4 (C-FIND). */
const QR_FIND: Table = table([
  [0xa700, 'failure', 'Refused: Out of resources', 'The archive has no resources to run the search.', 'Narrow the search and try again.'],
  [0xa900, 'failure', 'Identifier does not match SOP Class', 'The archive did not understand the search keys.'],
  [0xfe00, 'cancel', 'Matching terminated due to Cancel request', 'The search was cancelled.'],
  [0xff00, 'pending', 'Matches are continuing', 'A match was found; more may follow.'],
  [0xff01, 'pending', 'Matches are continuing: optional keys not supported',
    'A match was found, but the archive ignored some search keys.'],
]);

/** PS3.4 C.4.2.1.5 (C-MOVE). */
const QR_MOVE: Table = table([
  [0xa701, 'failure', 'Refused: Out of resources: unable to calculate number of matches',
    'The archive has no resources to find the requested images.', 'Retrieve fewer images at a time.'],
  [0xa702, 'failure', 'Refused: Out of resources: unable to perform sub-operations',
    'The archive could not start sending the images.', 'Try again later or retrieve fewer images.'],
  [0xa801, 'failure', 'Refused: Move destination unknown',
    'The archive does not know this workstation as a destination.',
    'Ask the PACS administrator to add this workstation\'s AE title, host and port.'],
  [0xa900, 'failure', 'Identifier does not match SOP Class', 'The archive did not understand the retrieve request.'],
  [0xb000, 'warning', 'Sub-operations complete: one or more failures',
    'Some images were retrieved, some failed.', 'Check which images are missing and retrieve them again.'],
  [0xfe00, 'cancel', 'Sub-operations terminated due to Cancel indication', 'The retrieve was cancelled.'],
  [0xff00, 'pending', 'Sub-operations are continuing', 'Images are still being sent.'],
]);

/** PS3.4 C.4.3.1.4 (C-GET). */
const QR_GET: Table = table([
  [0xa701, 'failure', 'Refused: Out of resources: unable to calculate number of matches',
    'The archive has no resources to find the requested images.', 'Retrieve fewer images at a time.'],
  [0xa702, 'failure', 'Refused: Out of resources: unable to perform sub-operations',
    'The archive could not start sending the images.', 'Try again later or retrieve fewer images.'],
  [0xa900, 'failure', 'Identifier does not match SOP Class', 'The archive did not understand the retrieve request.'],
  [0xb000, 'warning', 'Sub-operations complete: one or more failures or warnings',
    'Some images were retrieved, some failed or came with warnings.', 'Check which images are missing and retrieve them again.'],
  [0xfe00, 'cancel', 'Sub-operations terminated due to Cancel indication', 'The retrieve was cancelled.'],
  [0xff00, 'pending', 'Sub-operations are continuing', 'Images are still being received.'],
]);

/** Ranged Query/Retrieve statuses (PS3.4 C.4: Cxxx unable to process). */
const QR_RANGES: Array<{ mask: number; value: number; entry: Entry }> = [
  { mask: 0xf000, value: 0xc000, entry: { category: 'failure', name: 'Failed: Unable to process',
    text: 'The archive could not process the request.', fix: 'Try again; if it persists, check the archive\'s log.' } },
];

/**
 * Print Management (PS3.4 Annex H.4). All standard codes plus the retired C604 (image position
 * collision, retired in H.4.1.2.4.2) and C606 (more than one VOI LUT, retired VOI LUT Box) which
 * old printers may still send (DCMTK dimse.h keeps both).
 */
const PRINT: Table = table([
  [0xb600, 'warning', 'Memory allocation not supported',
    'The printer ignored the requested memory allocation; printing continues normally.',
    'No action needed; remove Memory Allocation from the printer profile to silence it.'],
  [0xb601, 'warning', 'Film session printing (collation) is not supported',
    'The printer cannot print a whole session at once; films are printed one at a time instead.',
    'Set the printer profile to print per film box (not per session).'],
  [0xb602, 'warning', 'Film Session SOP Instance hierarchy does not contain Image Box SOP Instances (empty page)',
    'The session contains a film with no images: an empty film may be printed.',
    'Check that every film has images before printing.'],
  [0xb603, 'warning', 'Film Box SOP Instance hierarchy does not contain Image Box SOP Instances (empty page)',
    'The film was printed without images (empty page).',
    'Check that images were sent to the film before printing; re-print the film.'],
  [0xb604, 'warning', 'Image size is larger than image box size, the image has been demagnified',
    'The printer reduced the image to fit its box.',
    'Use a smaller layout or set Requested Image Size; render at the printer\'s native matrix.'],
  [0xb605, 'warning', 'Requested Min Density or Max Density outside of printer\'s operating range',
    'The printer used its own minimum/maximum density instead of the requested ones.',
    'Set Min/Max Density in the printer profile to values within the printer\'s range.'],
  [0xb609, 'warning', 'Image size is larger than the Image Box size, the image has been cropped to fit',
    'The printer cut off the edges of the image to fit its box.',
    'Use a layout with larger boxes, or let the printer demagnify (Requested Decimate/Crop Behavior DECIMATE).'],
  [0xb60a, 'warning', 'Image size or Combined Print Image size is larger than the Image Box size, image has been decimated to fit',
    'The printer dropped pixels to fit the image in its box; fine detail may be lost.',
    'Use a smaller layout or render at the printer\'s native matrix.'],
  [0xc600, 'failure', 'Film Session SOP Instance hierarchy does not contain Film Box SOP Instances',
    'Nothing was printed: the print session contains no films.',
    'Add at least one film before printing.'],
  [0xc601, 'failure', 'Unable to create Print Job SOP Instance; print queue is full',
    'Nothing was printed: the printer\'s queue is full.',
    'Wait until the printer finishes its current jobs, then print again.'],
  [0xc602, 'failure', 'Unable to create Print Job SOP Instance; print queue is full',
    'The film was not printed: the printer\'s queue is full.',
    'Wait until the printer finishes its current jobs, then print again.'],
  [0xc603, 'failure', 'Image size is larger than image box size',
    'The film was not printed: an image is larger than its box and the printer will not shrink it.',
    'Use a layout with fewer, larger boxes, or render at the printer\'s native matrix.'],
  [0xc604, 'failure', 'Image position collision (retired)',
    'The printer reported two images in the same position (an old status code).',
    'Re-print the film; if it persists, export the DIMSE log for support.'],
  [0xc605, 'failure', 'Insufficient memory in printer to store the image',
    'The printer ran out of memory for this image.',
    'Print fewer images per film, use 8-bit images, or wait for the printer to finish other jobs.'],
  [0xc606, 'failure', 'More than one VOI LUT (retired)',
    'The printer refused the image because it carried more than one VOI LUT (an old status code).',
    'Send images with the window already applied (no VOI LUT).'],
  [0xc613, 'failure', 'Combined Print Image size is larger than the Image Box size',
    'The film was not printed: the combined image is larger than its box.',
    'Use a smaller layout or render at the printer\'s native matrix.'],
  [0xc616, 'failure', 'There is an existing Film Box that has not been printed',
    'The printer refused a new film because the previous one has not been printed, and it cannot print a whole session at once.',
    'Print (or delete) the previous film before creating the next one.'],
]);

/** Storage Commitment (PS3.4 Annex J) and MPPS (PS3.4 Annex F) add few specific codes. */
const MPPS: Table = table([
  [0x0110, 'failure', 'Performed Procedure Step object may no longer be updated',
    'The procedure step is already completed or discontinued and cannot be changed.'],
]);

const SERVICE_TABLES: Record<ServiceClass, Table | undefined> = {
  'verification': undefined,
  'storage': STORAGE,
  'query-retrieve-find': QR_FIND,
  'query-retrieve-move': QR_MOVE,
  'query-retrieve-get': QR_GET,
  'print': PRINT,
  'storage-commitment': undefined,
  'mpps': MPPS,
  'n-service-general': undefined,
};

const SERVICE_RANGES: Partial<Record<ServiceClass, Array<{ mask: number; value: number; entry: Entry }>>> = {
  'storage': STORAGE_RANGES,
  'query-retrieve-find': QR_RANGES,
  'query-retrieve-move': QR_RANGES,
  'query-retrieve-get': QR_RANGES,
};

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The category a code falls into by range alone (PS3.7 Annex C; DCMTK DICOM_*_STATUS macros). */
export function categoryByRange(code: number): StatusCategory {
  if (code === 0x0000) return 'success';
  if (code === 0xff00 || code === 0xff01) return 'pending';
  if (code === 0xfe00) return 'cancel';
  if (code === 0x0001 || code === 0x0107 || code === 0x0116) return 'warning';
  if ((code & 0xf000) === 0xb000) return 'warning';
  // 01xx, 02xx, Axxx, Cxxx are failures; anything else is non-standard: treat as failure, never as success.
  return 'failure';
}

/**
 * Describe a status code for a service class. Never throws: service-specific entries first,
 * then the general PS3.7 Annex C statuses, then service ranges, then a generic text by range.
 */
export function describeStatus(code: number, service: ServiceClass): StatusInfo {
  const c = Number.isInteger(code) && code >= 0 && code <= 0xffff ? code : -1;
  if (c < 0) {
    return { code, category: 'failure', name: 'Invalid status', text: `The peer sent an invalid status value (${String(code)}).` };
  }
  const specific = SERVICE_TABLES[service]?.get(c) ?? GENERAL.get(c);
  if (specific !== undefined) return { code: c, ...specific };
  const ranged = SERVICE_RANGES[service]?.find((r) => (c & r.mask) === r.value);
  if (ranged !== undefined) return { code: c, ...ranged.entry, name: `${ranged.entry.name} (${hex(c)})` };
  const category = categoryByRange(c);
  switch (category) {
    case 'warning':
      return { code: c, category, name: `Warning ${hex(c)}`,
        text: `The request was carried out with a warning (status ${hex(c)}).`,
        fix: 'Check the result; the receiver\'s conformance statement explains this code.' };
    case 'failure': {
      const standard = (c & 0xf000) === 0xa000 || (c & 0xf000) === 0xc000 || (c & 0xff00) === 0x0100 || (c & 0xff00) === 0x0200;
      return { code: c, category, name: standard ? `Failure ${hex(c)}` : `Non-standard status ${hex(c)}`,
        text: `The receiver refused or could not carry out the request (status ${hex(c)}).`,
        fix: 'Check the receiver\'s log or conformance statement for this code; export the DIMSE log for support.' };
    }
    default:
      // success, pending and cancel codes are all in GENERAL; kept for completeness.
      return { code: c, category, name: hex(c), text: `Status ${hex(c)}.` };
  }
}

/**
 * Success or warning: the operation was carried out (PRINT-ANCHORS.md: "treat warnings as
 * success but show them"). Pending and cancel are not success-like.
 */
export function isSuccessLike(code: number): boolean {
  const category = categoryByRange(code);
  return category === 'success' || category === 'warning';
}

export function isPending(code: number): boolean {
  return code === 0xff00 || code === 0xff01;
}

/** Codes listed explicitly for a service (service table plus the general table), for tests and UI lists. */
export function knownStatusCodes(service: ServiceClass): number[] {
  const codes = new Set<number>(GENERAL.keys());
  for (const k of SERVICE_TABLES[service]?.keys() ?? []) codes.add(k);
  return [...codes].sort((a, b) => a - b);
}
