/**
 * Decode benchmark: ms per frame for core/dicom/pixel beside DCMTK on the same
 * compressed test files, in the same run.
 *
 *   npx tsx bench/decode.ts [--repeat N]
 *
 * Ours: every frame decoded in-process (wasm codecs initialised once, before timing).
 * DCMTK: dcmdjpeg / dcmdjpls / dcmdrle run as a child process on the whole file, writing
 * a decompressed copy; its time INCLUDES process start-up, file reading and writing, so
 * it favours us on small files. J2K / HTJ2K have no decoder in free DCMTK.
 *
 * Alternative: for JPEG-LS, JPEG 2000 and HTJ2K (which we decode with @cornerstonejs
 * CharLS / OpenJPEG / OpenJPH) the same frames are also decoded with dcmjs-codecs' builds
 * of the same libraries, timing the codec call alone, and its samples are compared with
 * ours ("same" = identical bytes). Used to decide whether switching codec pays.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDicomFile } from '../core/dicom/read-dicom-file.js';
import { decodeFrame, frameCount, pixelEncodingOf, type Frame } from '../core/dicom/pixel/index.js';
import { encapsulatedFrame } from '../core/dicom/pixel/encapsulated-frames.js';
import { decodeWithDcmjsCodecs, initDcmjsCodecs } from '../core/dicom/pixel/codecs/dcmjs-codecs.js';
import type { PixelDataSource } from '../core/dicom/pixel-data-source.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test/fixtures/dicom');
const repeatArg = process.argv.indexOf('--repeat');
const repeat = repeatArg > 0 ? Math.max(1, Number(process.argv[repeatArg + 1]) || 1) : 3;

const FILES = [
  'ts/SC_rgb_jpeg_dcmtk.dcm', 'color/SC_jpeg_no_color_transform.dcm', 'multiframe/examples_ybr_color.dcm',
  'multiframe/HasFragmentSequence.dcm', 'ts/JPGExtended.dcm', 'ts/JPEG-LL.dcm', 'ts/SC_rgb_jpeg_gdcm.dcm',
  'ts/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm', 'modality/CR-ModalitySequenceLUT.dcm',
  'ts/MR_small_jpeg_ls_lossless.dcm', 'ts/JPEGLSNearLossless_16.dcm', 'ts/MR_small_RLE.dcm', 'ts/SC_rgb_rle.dcm',
  'multiframe/emri_small_RLE.dcm', 'ts/MR_small_jp2klossless.dcm', 'ts/US1_J2KI.dcm', 'modality/RG1_J2KI.dcm',
  'ts/HTJ2K_08_RGB.dcm',
];

function dcmtkTool(ts: string): string | undefined {
  if (['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'].includes(ts)) return 'dcmdjpeg';
  if (ts === '1.2.840.10008.1.2.4.80' || ts === '1.2.840.10008.1.2.4.81') return 'dcmdjpls';
  if (ts === '1.2.840.10008.1.2.5') return 'dcmdrle';
  return undefined;
}

const ALTERNATIVE = {
  'jpeg-ls': 'decodeJpegLs', 'jpeg-2000': 'decodeJpeg2000', htj2k: 'decodeHtJpeg2000',
} as const;

/** dcmjs-codecs on the same frames: best ms/frame of the codec call, and whether its bytes equal ours. */
async function alternative(source: PixelDataSource, ours: Frame[]): Promise<string> {
  const encoding = pixelEncodingOf(source.transferSyntaxUid);
  if (!(encoding in ALTERNATIVE) || !source.encapsulated) return '';
  const method = ALTERNATIVE[encoding as keyof typeof ALTERNATIVE];
  const frames = frameCount(source);
  const bytes = Array.from({ length: frames }, (_, f) => encapsulatedFrame(source.encapsulated!, frames, f, encoding, []));
  const attrs = {
    width: source.columns, height: source.rows, bitsAllocated: source.bitsAllocated, bitsStored: source.bitsStored,
    samplesPerPixel: source.samplesPerPixel, pixelRepresentation: source.pixelRepresentation,
    planarConfiguration: source.planarConfiguration ?? 0,
    photometricInterpretation: source.samplesPerPixel === 1 ? 'MONOCHROME2' : 'RGB',
  };
  let best = Number.POSITIVE_INFINITY;
  let same = true;
  try {
    for (let r = 0; r < repeat; r++) {
      const t0 = performance.now();
      const outs = [];
      for (const b of bytes) outs.push(await decodeWithDcmjsCodecs(method, b, attrs));
      best = Math.min(best, (performance.now() - t0) / frames);
      outs.forEach((o, f) => {
        const d = ours[f]?.data;
        if (!d || Buffer.compare(Buffer.from(o.pixels), Buffer.from(d.buffer, d.byteOffset, d.byteLength)) !== 0) same = false;
      });
    }
  } catch (e) {
    return `failed: ${(e as Error).message.slice(0, 40)}`;
  }
  return `${best.toFixed(2)} (${same ? 'same' : 'DIFFERENT'})`;
}

async function main(): Promise<void> {
  await initDcmjsCodecs();
  const tmp = mkdtempSync(join(tmpdir(), 'decode-bench-'));
  const rows: string[][] = [];
  try {
    for (const rel of FILES) {
      const source = (await readDicomFile(join(fixtures, rel))).pixelDataInfo();
      if (!source) continue;
      const frames = frameCount(source);
      let ours = 'n/a';
      let note = '';
      const decoded: Frame[] = [];
      try {
        await decodeFrame(source, 0); // warm-up: lazy wasm initialisation is not timed
        for (let f = 0; f < frames; f++) await decodeFrame(source, f).then((fr) => decoded.push(fr), () => undefined);
        let best = Number.POSITIVE_INFINITY;
        for (let r = 0; r < repeat; r++) {
          const t0 = performance.now();
          let failed = 0;
          for (let f = 0; f < frames; f++) await decodeFrame(source, f).catch(() => { failed++; });
          best = Math.min(best, (performance.now() - t0) / frames);
          if (failed) note = `${failed} damaged frame(s) refused`;
        }
        ours = best.toFixed(2);
      } catch (e) {
        ours = 'unsupported';
        note = (e as Error).message.slice(0, 60);
      }
      const tool = dcmtkTool(source.transferSyntaxUid);
      let theirs = 'no decoder';
      if (tool && spawnSync(tool, ['--version']).status === 0) {
        let best = Number.POSITIVE_INFINITY;
        for (let r = 0; r < repeat; r++) {
          const t0 = performance.now();
          const run = spawnSync(tool, [join(fixtures, rel), join(tmp, 'out.dcm')], { stdio: 'ignore' });
          const ms = performance.now() - t0;
          if (run.status !== 0) { best = Number.NaN; break; }
          best = Math.min(best, ms / frames);
        }
        theirs = Number.isNaN(best) ? `${tool} failed` : `${best.toFixed(2)} (${tool})`;
      }
      const alt = decoded.length === frames ? await alternative(source, decoded) : '';
      rows.push([rel, source.transferSyntaxUid, `${source.columns}x${source.rows}x${source.samplesPerPixel}`, String(frames), ours, theirs, alt, note]);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const header = ['file', 'transfer syntax', 'size', 'frames', 'ours ms/frame', 'DCMTK ms/frame (incl. process start)', 'dcmjs-codecs ms/frame (codec only)', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`Decode benchmark, best of ${repeat} runs. DCMTK times include process start-up, file I/O and writing the`);
  console.log('decompressed file (one process per file, divided by the frame count); ours are in-process, codecs pre-initialised.\n');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

await main();
