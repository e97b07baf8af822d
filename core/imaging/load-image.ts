/**
 * Convenience: read a Part 10 file and decode one frame for the pipeline, through the
 * data layer (core/dicom) and pixel decoder (core/dicom/pixel).
 */
import { ImagingError } from './errors.js';
import { readDicomFile } from '../dicom/read-dicom-file.js';
import { decodeFrame } from '../dicom/pixel/index.js';
import { readImageAttributes } from './image-attributes.js';
import type { ResolvedImage } from './compose-film.js';

export async function loadImage(path: string | Uint8Array, frame = 0): Promise<ResolvedImage & { sopInstanceUid?: string }> {
  const ds = await readDicomFile(path);
  const source = ds.pixelDataInfo();
  if (!source) throw new ImagingError('UNSUPPORTED', `${typeof path === 'string' ? path : 'data set'} has no Pixel Data`);
  const decoded = await decodeFrame(source, frame);
  const sop = ds.string(0x00080018);
  return { frame: decoded, attrs: readImageAttributes(ds), ...(sop ? { sopInstanceUid: sop } : {}) };
}
