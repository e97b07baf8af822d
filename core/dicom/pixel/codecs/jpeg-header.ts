/**
 * Read the markers of a JPEG / JPEG-LS bitstream up to the first SOS (ISO 10918-1 B.2,
 * ISO 14495-1 C.2). We need: which process (SOF type), precision, size, components and
 * their identifiers, and the JFIF / Adobe APP14 colour hints, to pick a decoder, refuse
 * what none can decode, and know what colour space libjpeg-turbo will hand back.
 * Every length is checked against the remaining bytes.
 */
export interface JpegHeader {
  /** SOF marker low byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless, 0xF7 JPEG-LS... */
  readonly sof: number;
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  readonly componentIds: readonly number[];
  readonly jfif: boolean;
  /** Adobe APP14 transform flag (0 none, 1 YCbCr, 2 YCCK), undefined without APP14. */
  readonly adobeTransform: number | undefined;
}

export function readJpegHeader(b: Uint8Array): JpegHeader {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw new Error('does not start with a JPEG SOI marker (FFD8)');
  let i = 2;
  let jfif = false;
  let adobeTransform: number | undefined;
  let sofInfo: Omit<JpegHeader, 'jfif' | 'adobeTransform'> | undefined;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new Error(`expected a marker at byte ${i}, found 0x${(b[i] ?? 0).toString(16)}`);
    while (i < b.length && b[i] === 0xff) i++; // fill bytes (B.1.1.2)
    if (i >= b.length) break;
    const marker = b[i++] as number;
    if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) continue; // RSTn, SOI, TEM: no length
    if (marker === 0xd9) break; // EOI before any scan
    if (i + 2 > b.length) throw new Error(`marker FF${marker.toString(16)} at byte ${i - 2} has no length`);
    const length = ((b[i] as number) << 8) | (b[i + 1] as number);
    if (length < 2 || i + length > b.length) throw new Error(`marker FF${marker.toString(16)} length ${length} runs past the end (${b.length} bytes)`);
    const seg = b.subarray(i + 2, i + length);
    if (marker === 0xda) {
      if (!sofInfo) throw new Error('scan (SOS) before any frame header (SOF)');
      return { ...sofInfo, jfif, adobeTransform };
    }
    if (marker === 0xe0 && seg.length >= 5 && ascii(seg, 0, 5) === 'JFIF\0') jfif = true;
    if (marker === 0xee && seg.length >= 12 && ascii(seg, 0, 5) === 'Adobe') adobeTransform = seg[11];
    const isSof = (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
    if (isSof) {
      if (seg.length < 6) throw new Error('frame header (SOF) too short');
      const components = seg[5] as number;
      if (seg.length < 6 + 3 * components) throw new Error('frame header (SOF) shorter than its component list');
      const componentIds: number[] = [];
      for (let c = 0; c < components; c++) componentIds.push(seg[6 + 3 * c] as number);
      sofInfo = {
        sof: marker,
        precision: seg[0] as number,
        height: ((seg[1] as number) << 8) | (seg[2] as number),
        width: ((seg[3] as number) << 8) | (seg[4] as number),
        componentIds,
      };
    }
    i += length;
  }
  throw new Error('no scan (SOS) found');
}

function ascii(b: Uint8Array, start: number, n: number): string {
  return String.fromCharCode(...b.subarray(start, start + n));
}

/**
 * Would libjpeg(-turbo) convert this 3-component stream from YCbCr to RGB? Its rule
 * (jdapimin.c default_decompress_parms): Adobe transform wins, then JFIF means YCbCr,
 * then component ids 'R','G','B' mean RGB, anything else is taken as YCbCr.
 */
export function libjpegConvertsToRgb(h: JpegHeader): boolean {
  if (h.componentIds.length !== 3) return false;
  if (h.adobeTransform !== undefined) return h.adobeTransform !== 0;
  if (h.jfif) return true;
  const [a, b, c] = h.componentIds;
  return !(a === 0x52 && b === 0x47 && c === 0x42);
}

/** A copy of the stream with an Adobe APP14 (transform 0 = no colour transform) after SOI. */
export function withAdobeNoTransform(b: Uint8Array): Uint8Array {
  const app14 = [0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00];
  const out = new Uint8Array(b.length + app14.length);
  out.set(b.subarray(0, 2), 0);
  out.set(app14, 2);
  out.set(b.subarray(2), 2 + app14.length);
  return out;
}
