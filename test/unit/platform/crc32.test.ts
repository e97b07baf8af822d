/** CRC-32 for completion marks: the native implementation is in use here and gives zlib's values, whole or continued chunk by chunk. */
import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, nativeCrc32 } from '../../../core/platform/crc32.js';

describe('crc32', () => {
  it('uses the native package on the platforms it ships for', () => {
    if (['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'].includes(`${process.platform}-${process.arch}`)) {
      expect(nativeCrc32).toBe(true);
    }
  });

  it('gives the check value and zlib\'s values, continued over any chunking, unsigned', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const data = randomBytes(600_000);
    const whole = zlibCrc32(data) >>> 0;
    expect(crc32(data)).toBe(whole);
    for (const step of [1, 7, 4096, 65_536, 262_144]) {
      let c = 0;
      for (let i = 0; i < data.length; i += step) c = crc32(new Uint8Array(data.buffer, data.byteOffset + i, Math.min(step, data.length - i)), c);
      expect(c, `chunks of ${step}`).toBe(whole);
    }
  });
});
