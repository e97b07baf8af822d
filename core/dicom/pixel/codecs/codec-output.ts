/** What every compressed-frame decoder returns before bit normalisation and colour conversion. */
export interface CodecOutput {
  /** Samples, colour interleaved, one element per sample. */
  readonly data: Uint8Array | Int8Array | Uint16Array | Int16Array;
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** Precision the codestream declares. */
  readonly bitsPerSample: number;
  /** 'rgb' when the codec already applied an inverse colour transform (JPEG YCbCr, J2K ICT/RCT). */
  readonly colour: 'as-encoded' | 'rgb';
  readonly warnings: readonly string[];
}

/** The typed array view for `bytes` decoded samples of `bytesPerSample`. */
export function samplesView(pixels: Uint8Array, bytesPerSample: number, signed: boolean): CodecOutput['data'] {
  if (bytesPerSample === 1) return signed ? new Int8Array(pixels.buffer, pixels.byteOffset, pixels.length) : pixels;
  const n = Math.floor(pixels.length / 2);
  return signed ? new Int16Array(pixels.buffer, pixels.byteOffset, n) : new Uint16Array(pixels.buffer, pixels.byteOffset, n);
}
