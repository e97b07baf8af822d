/**
 * JPEG 12-bit DCT (PS3.5 A.4.1, process 4) and JPEG lossless (processes 14 / 14 SV1)
 * decoded with DCMTK's IJG decoders (dcmjs-codecs wasm): bit-identical to dcmdjpeg
 * (references made by test/fixtures/pixel-reference/make-references.sh), damaged streams
 * end in typed errors, and a failure does not poison later decodes.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, frameCount } from '../../../../core/dicom/pixel/index.js';
import { PixelDecodeError, UnsupportedError } from '../../../../core/dicom/pixel/errors.js';
import type { PixelDataSource } from '../../../../core/dicom/pixel-data-source.js';
import { compareFrame, loadReference, loadSource } from './reference.js';
import { encapsulated } from './synthetic-source.js';

async function source(rel: string): Promise<PixelDataSource> {
  const s = await loadSource(rel);
  if (!s?.encapsulated) throw new Error(`${rel}: no encapsulated Pixel Data`);
  return s;
}

/** The file's first frame (single-fragment files only) rewritten by `edit`. */
async function withFrame(rel: string, edit: (frame: Uint8Array) => Uint8Array): Promise<PixelDataSource> {
  const s = await source(rel);
  const fragment = s.encapsulated!.fragments[0]!;
  return { ...s, numberOfFrames: 1, encapsulated: encapsulated([edit(fragment.slice())]) };
}

/** Offset of the SOF marker's second byte (FFCn) found by walking the marker segments. */
function sofOffset(b: Uint8Array): number {
  let i = 2;
  while (i + 4 <= b.length) {
    const marker = b[i + 1] as number;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return i + 1;
    i += 2 + (((b[i + 2] as number) << 8) | (b[i + 3] as number));
  }
  throw new Error('no SOF');
}

const LOSSLESS = [
  'ts/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm', 'ts/JPEG-LL.dcm', 'ts/SC_rgb_jpeg_gdcm.dcm', 'modality/CR-ModalitySequenceLUT.dcm',
];

describe('JPEG through DCMTK IJG (dcmjs-codecs)', () => {
  it('JPGExtended.dcm (12-bit DCT, SOF1) equals dcmdjpeg bit for bit', async () => {
    const s = await source('ts/JPGExtended.dcm');
    const ref = loadReference('ts/JPGExtended.dcm')!;
    expect(ref.tool).toMatch(/dcmdjpeg/);
    const frame = await decodeFrame(s, 0);
    expect(frame.data).toBeInstanceOf(Uint16Array);
    expect(frame.bitsStored).toBe(12);
    expect(frame.warnings).toEqual([]);
    const c = compareFrame(frame, ref.frames[0]!, 1);
    expect(c.maxSampleDiff).toBe(0);
    expect(c.identical).toBe(true);
  });

  for (const rel of LOSSLESS) {
    it(`${rel}: every frame equals dcmdjpeg bit for bit`, async () => {
      const s = await source(rel);
      const ref = loadReference(rel)!;
      for (let f = 0; f < frameCount(s); f++) {
        const frame = await decodeFrame(s, f);
        expect(compareFrame(frame, ref.frames[f]!, ref.samplesPerPixel).identical, `frame ${f}`).toBe(true);
      }
    });
  }

  it('a corrupt lossless stream -> PixelDecodeError with the codec text; the next decode is clean', async () => {
    const bad = await withFrame('ts/JPEG-LL.dcm', (f) => {
      for (let i = 400; i < f.length - 2; i += 97) f[i] = ((f[i] as number) * 31) & 0xff;
      return f;
    });
    const error = await decodeFrame(bad, 0).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PixelDecodeError);
    expect((error as Error).message).toMatch(/DCMTK IJG/);
    const good = await decodeFrame(await source('ts/JPEG-LL.dcm'), 0);
    expect(compareFrame(good, loadReference('ts/JPEG-LL.dcm')!.frames[0]!, 1).identical).toBe(true);
  });

  it('a lossless stream cut in its entropy-coded data decodes with a warning (as dcmdjpeg does)', async () => {
    const cut = await withFrame('ts/JPEG-LL.dcm', (f) => f.subarray(0, Math.floor(f.length / 2)));
    const frame = await decodeFrame(cut, 0);
    expect(frame.warnings.join('\n')).toMatch(/premature end/i);
  });

  it('12-bit arithmetic-coded DCT (SOF9) -> UnsupportedError', async () => {
    const s = await withFrame('ts/JPGExtended.dcm', (f) => { f[sofOffset(f)] = 0xc9; return f; });
    await expect(decodeFrame(s, 0)).rejects.toBeInstanceOf(UnsupportedError);
  });

  it('a DCT frame header with precision 16 -> PixelDecodeError (only 8 and 12 exist)', async () => {
    const s = await withFrame('ts/JPGExtended.dcm', (f) => { f[sofOffset(f) + 3] = 16; return f; });
    await expect(decodeFrame(s, 0)).rejects.toThrow(/precision 16/);
  });

  it('a 12-bit stream in a data set with Bits Allocated 8 -> PixelDecodeError, not a silent truncation', async () => {
    const s = await source('ts/JPGExtended.dcm');
    await expect(decodeFrame({ ...s, bitsAllocated: 8, bitsStored: 8, highBit: 7 }, 0)).rejects.toBeInstanceOf(PixelDecodeError);
  });
});
