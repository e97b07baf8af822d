#!/usr/bin/env node
/**
 * Application icons from build/icon.svg, with sharp only (no ImageMagick/png2icns/icotool):
 *   icon.png   1024x1024 (electron-builder's source; Linux AppImage)
 *   icon.ico   PNG-compressed entries 16-256 px (Windows Vista+ reads PNG inside ICO)
 *   icon.icns  PNG entries icp4/icp5/icp6/ic07/ic08/ic09/ic10 + retina ic11-ic14 (macOS 10.7+)
 * Run: node build/make-icons.mjs   (the outputs are committed; rerun after editing the SVG)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'));

async function png(size) {
  return sharp(svg, { density: Math.max(72, Math.ceil((72 * size) / 1024) * 4) }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();
}

/** ICO: ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the PNG data. */
function ico(images) {
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2); // type 1 = icon
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    head.writeUInt8(size >= 256 ? 0 : size, e);      // 0 means 256
    head.writeUInt8(size >= 256 ? 0 : size, e + 1);
    head.writeUInt8(0, e + 2);                        // palette colours
    head.writeUInt8(0, e + 3);
    head.writeUInt16LE(1, e + 4);                     // planes
    head.writeUInt16LE(32, e + 6);                    // bits per pixel
    head.writeUInt32LE(data.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...images.map((i) => i.data)]);
}

/** ICNS: 'icns' + total length (big-endian), then per entry: OSType + length (incl. 8-byte header) + PNG. */
function icns(entries) {
  const parts = entries.map(({ type, data }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const pngs = Object.fromEntries(await Promise.all(sizes.map(async (s) => [s, await png(s)])));

writeFileSync(join(here, 'icon.png'), pngs[1024]);
writeFileSync(join(here, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: pngs[size] }))));
writeFileSync(join(here, 'icon.icns'), icns([
  { type: 'icp4', data: pngs[16] }, { type: 'icp5', data: pngs[32] }, { type: 'icp6', data: pngs[64] },
  { type: 'ic07', data: pngs[128] }, { type: 'ic08', data: pngs[256] }, { type: 'ic09', data: pngs[512] },
  { type: 'ic10', data: pngs[1024] }, { type: 'ic11', data: pngs[32] }, { type: 'ic12', data: pngs[64] },
  { type: 'ic13', data: pngs[256] }, { type: 'ic14', data: pngs[512] },
]));
console.log('build/icon.png, icon.ico, icon.icns written');
