/**
 * Read the main header of a JPEG 2000 codestream (ISO 15444-1 A.5.1 SIZ, A.6.1 COD) to
 * check its size against the data set before decoding, and learn whether a multiple
 * component transform (ICT/RCT) was used. Some writers wrap the codestream in a JP2 file
 * (not allowed by PS3.5 A.4.4): we then use the contiguous codestream box 'jp2c'.
 */
export interface J2kHeader {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** Precision of the first component. */
  readonly precision: number;
  readonly signed: boolean;
  /** COD SGcod multiple component transformation: true when ICT/RCT was applied at encoding. */
  readonly mct: boolean;
}

/** Returns the codestream (unwrapping a JP2 file if needed). */
export function codestreamOf(b: Uint8Array): Uint8Array {
  if (b[0] === 0xff && b[1] === 0x4f) return b;
  // JP2 signature box: length 12, type 'jP  ' (ISO 15444-1 I.5.1)
  if (b.length >= 12 && b[3] === 0x0c && b[4] === 0x6a && b[5] === 0x50) {
    let i = 0;
    while (i + 8 <= b.length) {
      const dv = new DataView(b.buffer, b.byteOffset + i, 8);
      let length = dv.getUint32(0);
      const type = String.fromCharCode(b[i + 4] as number, b[i + 5] as number, b[i + 6] as number, b[i + 7] as number);
      let headerBytes = 8;
      if (length === 1) {
        if (i + 16 > b.length) break;
        const big = new DataView(b.buffer, b.byteOffset + i + 8, 8).getBigUint64(0);
        if (big > BigInt(b.length)) break;
        length = Number(big);
        headerBytes = 16;
      } else if (length === 0) {
        length = b.length - i;
      }
      if (length < headerBytes || i + length > b.length) break;
      if (type === 'jp2c') return b.subarray(i + headerBytes, i + length);
      i += length;
    }
    throw new Error('JP2 file without a contiguous codestream box');
  }
  throw new Error('does not start with a JPEG 2000 SOC marker (FF4F)');
}

export function readJ2kHeader(cs: Uint8Array): J2kHeader {
  if (cs.length < 4 || cs[0] !== 0xff || cs[1] !== 0x4f || cs[2] !== 0xff || cs[3] !== 0x51) {
    throw new Error('codestream does not start with SOC followed by SIZ');
  }
  const dv = new DataView(cs.buffer, cs.byteOffset, cs.byteLength);
  const lsiz = need(dv, 4, 2) && dv.getUint16(4);
  if (lsiz < 41 || 4 + lsiz > cs.length) throw new Error(`SIZ length ${lsiz} is invalid for a ${cs.length}-byte codestream`);
  const xsiz = dv.getUint32(8);
  const ysiz = dv.getUint32(12);
  const xosiz = dv.getUint32(16);
  const yosiz = dv.getUint32(20);
  const csiz = dv.getUint16(40);
  if (42 + 3 * csiz > 4 + lsiz || csiz < 1) throw new Error(`SIZ declares ${csiz} components in ${lsiz} bytes`);
  const ssiz = dv.getUint8(42);
  let mct = false;
  // Walk the main header markers after SIZ until the first tile-part (SOT) to find COD.
  let i = 4 + lsiz;
  while (i + 4 <= cs.length) {
    const marker = dv.getUint16(i);
    if (marker === 0xff90 || marker === 0xff93) break; // SOT / SOD
    const length = dv.getUint16(i + 2);
    if (length < 2 || i + 2 + length > cs.length) break;
    if (marker === 0xff52 && length >= 7) mct = dv.getUint8(i + 2 + 2 + 1 + 1 + 2) === 1; // Lcod Scod prog layers MCT
    i += 2 + length;
  }
  return {
    width: xsiz - xosiz,
    height: ysiz - yosiz,
    components: csiz,
    precision: (ssiz & 0x7f) + 1,
    signed: (ssiz & 0x80) !== 0,
    mct,
  };
}

function need(dv: DataView, offset: number, n: number): true {
  if (offset + n > dv.byteLength) throw new Error('codestream truncated in its main header');
  return true;
}
