/**
 * CRC-32 (IEEE 802.3, zlib's polynomial and values). The archive computes it over every byte
 * of every received instance, on the receiving thread (completion marks,
 * core/archive/completion-mark.ts). @node-rs/crc32 (Rust crc32fast: PCLMULQDQ on x86, the
 * CRC instructions on ARMv8) took 49-53 us per 0.5 MB here, zlib.crc32 141-162 us. Where the
 * native package is missing for the platform, or gives a wrong check value, node:zlib's is
 * used: the same values, only slower.
 */
import { createRequire } from 'node:module';
import { crc32 as zlibCrc32 } from 'node:zlib';

/** CRC-32 of `data`, continuing from `initial` (0 to start). */
export type Crc32 = (data: Uint8Array, initial?: number) => number;

interface NativeCrc32 {
  crc32(input: Uint8Array, initialState?: number | null): number;
}

/** The standard check value: CRC-32 of the ASCII digits 1 to 9. */
const CHECK_INPUT = Buffer.from('123456789', 'ascii');
const CHECK_VALUE = 0xcbf43926;

function load(): { crc32: Crc32; native: boolean } {
  try {
    const native = createRequire(import.meta.url)('@node-rs/crc32') as NativeCrc32;
    if (native.crc32(CHECK_INPUT, 0) >>> 0 === CHECK_VALUE && native.crc32(CHECK_INPUT.subarray(5), native.crc32(CHECK_INPUT.subarray(0, 5), 0)) >>> 0 === CHECK_VALUE) {
      return { crc32: (data, initial = 0) => native.crc32(data, initial) >>> 0, native: true };
    }
  } catch { /* no prebuilt binary for this platform: zlib's below */ }
  return { crc32: (data, initial = 0) => zlibCrc32(data, initial) >>> 0, native: false };
}

const loaded = load();
export const crc32: Crc32 = loaded.crc32;
/** True when the fast native implementation is in use. */
export const nativeCrc32 = loaded.native;
