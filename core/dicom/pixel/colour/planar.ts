/** Planar Configuration 1 (PS3.3 C.7.6.3.1.3): all R, then all G, then all B -> R,G,B,R,G,B. */
export function planarToInterleaved<T extends Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array>(
  planar: T, pixels: number, samples: number,
): T {
  const out = new (planar.constructor as new (n: number) => T)(pixels * samples);
  for (let s = 0; s < samples; s++) {
    const base = s * pixels;
    for (let i = 0, o = s; i < pixels; i++, o += samples) out[o] = planar[base + i] as number;
  }
  return out;
}
