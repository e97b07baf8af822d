/**
 * Lazy, once-only initialisation of the Emscripten/embind codec packages. Each package
 * is a CommonJS factory that instantiates its .wasm from its own folder; we load it with
 * createRequire so it works under plain Node, tsx and vitest alike. A failed or aborted
 * module is forgotten so the next call starts a fresh instance instead of failing forever.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface FrameInfo {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
  readonly isSigned?: boolean;
}

/** The decoder classes of the four packages share this shape (chafey's embind wrappers). */
export interface EmbindDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array | Uint8ClampedArray;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getInterleaveMode?(): number;
  getNearLossless?(): number;
  getColorSpace?(): number;
  delete?(): void;
}

export type WasmCodecName = 'charls' | 'libjpeg-turbo-8bit' | 'openjpeg' | 'openjph';

const PACKAGES: Record<WasmCodecName, { spec: string; decoderClass: string }> = {
  charls: { spec: '@cornerstonejs/codec-charls/decodewasmjs', decoderClass: 'JpegLSDecoder' },
  'libjpeg-turbo-8bit': { spec: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', decoderClass: 'JPEGDecoder' },
  openjpeg: { spec: '@cornerstonejs/codec-openjpeg/decodewasmjs', decoderClass: 'J2KDecoder' },
  openjph: { spec: '@cornerstonejs/codec-openjph/wasmjs', decoderClass: 'HTJ2KDecoder' },
};

const decoders = new Map<WasmCodecName, Promise<EmbindDecoder>>();
const lastCodecMessage = new Map<WasmCodecName, string>();

/** The last diagnostic a codec printed (cleared when read), to put in an error message. */
export function takeCodecMessage(name: WasmCodecName): string {
  const message = lastCodecMessage.get(name) ?? '';
  lastCodecMessage.delete(name);
  return message;
}

/** One decoder instance per codec, reused: decoding is synchronous, so calls never interleave. */
export function wasmDecoder(name: WasmCodecName): Promise<EmbindDecoder> {
  let pending = decoders.get(name);
  if (!pending) {
    pending = instantiate(name);
    decoders.set(name, pending);
    pending.catch(() => decoders.delete(name));
  }
  return pending;
}

/** Drop a decoder after a wasm trap (abort leaves an Emscripten module unusable). */
export function forgetWasmDecoder(name: WasmCodecName): void {
  decoders.delete(name);
}

async function instantiate(name: WasmCodecName): Promise<EmbindDecoder> {
  const { spec, decoderClass } = PACKAGES[name];
  const factory: unknown = require(spec);
  if (typeof factory !== 'function') throw new Error(`${spec} does not export an Emscripten factory`);
  // Codec chatter (OpenJPEG's [INFO] lines) must not reach the console; the last line
  // written to stderr is kept to explain a failure.
  const module: unknown = await (factory as (opts: object) => Promise<unknown>)({
    print: () => undefined,
    printErr: (line: string) => { lastCodecMessage.set(name, String(line)); },
  });
  const Decoder = (module as Record<string, unknown>)[decoderClass];
  if (typeof Decoder !== 'function') throw new Error(`${spec} has no ${decoderClass}`);
  return new (Decoder as new () => EmbindDecoder)();
}

/**
 * Run one decode: copy the bitstream into wasm memory, decode, copy the pixels out (the
 * wasm view is invalidated by the next decode or a memory growth).
 */
export function runDecoder(decoder: EmbindDecoder, encoded: Uint8Array): { info: FrameInfo; pixels: Uint8Array } {
  decoder.getEncodedBuffer(encoded.length).set(encoded);
  decoder.decode();
  const info = decoder.getFrameInfo();
  // Some packages hand back a Uint8ClampedArray view: copy the bytes as a plain Uint8Array.
  const view = decoder.getDecodedBuffer();
  const pixels = new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
  return { info, pixels };
}

/** Text of whatever an embind/Emscripten call threw (C++ exceptions arrive as numbers or objects). */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (typeof e === 'number') return `native exception ${e}`;
  return String(e);
}

/** A wasm trap (abort, out-of-bounds, unreachable) means the instance state is gone. */
export function isWasmTrap(e: unknown): boolean {
  // WebAssembly.RuntimeError (not in the ES2022 lib typings) or Emscripten's abort().
  return e instanceof Error && (e.name === 'RuntimeError' || /abort/i.test(e.message));
}

/** "native exception 1234" means little; the codec's own last words say more. */
export function withCodecMessage(thrown: string, codecMessage: string): string {
  return codecMessage ? `${thrown}: ${codecMessage.trim()}` : thrown;
}
