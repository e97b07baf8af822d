/**
 * dcmjs-codecs: DCMTK's IJG JPEG decoders (8, 12 and 16-bit builds, including DCMTK's
 * lossless extension), CharLS, OpenJPEG and OpenJPH in one WebAssembly module. We use its
 * JPEG decoder for what libjpeg-turbo-8bit cannot do: 12-bit DCT (PS3.5 A.4.1, process 4,
 * transfer syntax 1.2.840.10008.1.2.4.51) and lossless (processes 14 / 14 SV1), the same
 * code dcmdjpeg runs, so our pixels are DCMTK's.
 *
 * The package is CommonJS without an ESM entry: loaded with createRequire. Its
 * NativeCodecs class is a process-wide singleton, initialised lazily once. It reports a
 * codec error by throwing a JS Error from a wasm import (onCodecsException) straight
 * through the C++ frames: the wasm shadow stack pointer is not restored and the codec's
 * allocations leak, so after ANY failure the instance is released and the next call
 * starts a fresh one (about 70 ms), never reusing a possibly damaged heap.
 */
import { createRequire } from 'node:module';

/** The attributes the package's Context carries (index.d.ts of dcmjs-codecs). */
export interface DcmjsCodecsFrame {
  readonly width: number;
  readonly height: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly samplesPerPixel: number;
  readonly pixelRepresentation: number;
  readonly planarConfiguration: number;
  /** Must be one of the package's PhotometricInterpretation values (its Context.validate checks). */
  readonly photometricInterpretation: string;
}

interface NativeContext {
  getWidth(): number | undefined;
  getHeight(): number | undefined;
  getDecodedBuffer(): Uint8Array | undefined;
}

type DecodeMethod = 'decodeJpeg' | 'decodeJpegLs' | 'decodeJpeg2000' | 'decodeHtJpeg2000';

/** The subset of the package we call (it ships typings, but as CommonJS under NodeNext we require() it untyped). */
interface DcmjsCodecsModule {
  Context: new (attrs: DcmjsCodecsFrame & { encodedBuffer: Uint8Array }) => NativeContext;
  NativeCodecs: {
    initializeAsync(opts?: { logCodecsInfo?: boolean; logCodecsTrace?: boolean }): Promise<void>;
    isInitialized(): boolean;
    release(): void;
  } & Record<DecodeMethod, (context: NativeContext, parameters?: { convertColorspaceToRgb?: boolean }) => NativeContext>;
  /** The package's private (bundled) loglevel logger: codec stderr arrives as log.error, libjpeg warnings as log.info. */
  log: Record<'trace' | 'debug' | 'info' | 'warn' | 'error', (...args: unknown[]) => void>;
}

export interface DcmjsCodecsResult {
  readonly width: number;
  readonly height: number;
  /** Decoded samples in little-endian containers of the bits allocated that was passed in. */
  readonly pixels: Uint8Array;
  /** libjpeg warnings (corrupt data, premature end...) emitted while decoding. */
  readonly messages: readonly string[];
}

/** IJG warning texts (jerror.h JWRN_*) and failure words; trace lines ("Start of Image"...) do not match. */
const WARNING = /corrupt|premature|invalid|inconsistent|warning|bogus|unsupported|error|extraneous|bad |not /i;

let pending: Promise<DcmjsCodecsModule> | undefined;
let messages: string[] = [];

function load(): Promise<DcmjsCodecsModule> {
  if (!pending) {
    pending = (async () => {
      const mod = createRequire(import.meta.url)('dcmjs-codecs') as DcmjsCodecsModule;
      if (typeof mod.NativeCodecs?.initializeAsync !== 'function' || typeof mod.Context !== 'function') {
        throw new Error('dcmjs-codecs has no NativeCodecs / Context export');
      }
      // Keep codec chatter off the console. The package forwards libjpeg's trace lines and
      // its warnings alike (emit_message without the level): keep only the warnings
      // (IJG's JWRN_* texts: corrupt data, premature end...) and any stderr output.
      const keep = (...args: unknown[]) => {
        const text = args.map(String).join(' ').replace(/^NativeCodecs::[A-Za-z_]+::(?:[A-Za-z0-9]+::[A-Za-z0-9_]+::)?/, '').trim();
        if (messages.length < 20 && WARNING.test(text)) messages.push(text);
      };
      for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) mod.log[level] = keep;
      await mod.NativeCodecs.initializeAsync({ logCodecsInfo: true, logCodecsTrace: false });
      return mod;
    })();
    pending.catch(() => { pending = undefined; });
  }
  return pending;
}

/** Forget the instance after a failure: the next decode instantiates a clean one. */
async function discard(): Promise<void> {
  const current = pending;
  pending = undefined;
  if (current) {
    const mod = await current.catch(() => undefined);
    mod?.NativeCodecs.release();
  }
}

/** Load and instantiate the module now (the benchmark does this before timing). */
export async function initDcmjsCodecs(): Promise<void> {
  await load();
}

/**
 * Decode one frame with the given dcmjs-codecs decoder. Never converts colour: the caller
 * applies Photometric Interpretation itself. Throws an Error whose message carries the
 * codec's own text; the caller wraps it in a PixelDecodeError.
 */
export async function decodeWithDcmjsCodecs(method: DecodeMethod, encoded: Uint8Array, frame: DcmjsCodecsFrame): Promise<DcmjsCodecsResult> {
  const mod = await load();
  messages = [];
  let out: NativeContext;
  try {
    out = mod.NativeCodecs[method](new mod.Context({ ...frame, encodedBuffer: encoded }), { convertColorspaceToRgb: false });
  } catch (e) {
    await discard();
    const codecText = e instanceof Error ? e.message : String(e);
    throw new Error(codecText.replace(/^[A-Za-z0-9]+::[A-Za-z0-9_]+::/, ''), { cause: e });
  }
  const pixels = out.getDecodedBuffer() ?? new Uint8Array(0);
  return { width: out.getWidth() ?? 0, height: out.getHeight() ?? 0, pixels, messages: messages.splice(0) };
}
