/**
 * Presentation contexts for printing (PRINT-ANCHORS §4.1): the Basic Grayscale Print
 * Management Meta SOP Class (required), and Presentation LUT, Basic Annotation Box and
 * Print Job as their own optional contexts. Printers that take Implicit VR only get only
 * Implicit VR Little Endian proposed (DCMTK ImplicitOnly).
 */
import type { Proposal } from '../../network/negotiation/index.js';
import { SopClass, TransferSyntax } from '../../dicom/uids.js';

export interface PrintProposalOptions {
  implicitOnly?: boolean;
  presentationLut?: boolean;
  annotationBox?: boolean;
  printJob?: boolean;
}

export function printProposals(o: PrintProposalOptions = {}): Proposal[] {
  const ts = o.implicitOnly
    ? [TransferSyntax.ImplicitVRLittleEndian]
    : [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];
  const p: Proposal[] = [{ abstractSyntax: SopClass.BasicGrayscalePrintManagementMeta, transferSyntaxes: [...ts] }];
  if (o.presentationLut !== false) p.push({ abstractSyntax: SopClass.PresentationLUT, transferSyntaxes: [...ts] });
  if (o.annotationBox !== false) p.push({ abstractSyntax: SopClass.BasicAnnotationBox, transferSyntaxes: [...ts] });
  if (o.printJob !== false) p.push({ abstractSyntax: SopClass.PrintJob, transferSyntaxes: [...ts] });
  return p;
}
