/** DICOM Upper Layer PDUs (PS3.8 section 9.3): types, codec, TCP framing and log summaries. */
export * from './types.js';
export { encodePdu, encodePDataTfParts } from './encode.js';
export { decodePdu, decodePduHeader, checkPduHeader, PDU_HEADER_LENGTH } from './decode.js';
export { PduFramer, type FramedPdu } from './framer.js';
export { describePdu } from './describe.js';
