/** The built-in virtual imager (Basic Grayscale Print Management SCP). */
export { PrintScp, printScpPolicy, type PrintScpOptions } from './print-scp.js';
export { PrintAssociation, newUid, type ExchangeEntry, type FilmPrintedEvent, type PrintAssociationOptions } from './print-association.js';
export { defaultVirtualPrinterFolder, SessionOutput, storedValuesPng } from './output-writer.js';
export { writePdf, type PdfPage } from './pdf-writer.js';
export { PrintStatus, type Outcome } from './print-failure.js';
export { parseGrayscaleImage, type ReceivedImage } from './image-box.js';
export { checkAttributes, Rules } from './attribute-rules.js';
