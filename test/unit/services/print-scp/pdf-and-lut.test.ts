/** The minimal PDF writer (structure a reader relies on) and the Presentation LUT path of the imager. */
import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { writePdf } from '../../../../core/services/print-scp/pdf-writer.js';
import { parsePresentationLut, brightnessTable } from '../../../../core/services/print-scp/presentation-lut.js';
import { parseDicomDataset } from '../../../../core/dicom/read-dicom-file.js';
import { TransferSyntax } from '../../../../core/dicom/uids.js';
import { loadPrinterProfile } from '../../../../core/film/printer-profile.js';
import { encodeDimseDataset } from '../../../../core/dicom/dataset-fields.js';
import { PrintTag } from '../../../../core/services/print-tags.js';
import type { ReceivedImage } from '../../../../core/services/print-scp/image-box.js';

describe('writePdf', () => {
  it('writes one page per film with a correct xref table and the pixels deflated', () => {
    const px = new Uint8Array([0, 64, 128, 255, 1, 2]);
    const pdf = writePdf([{ widthMm: 203.2, heightMm: 254, image: { width: 3, height: 2, data: px } }, { widthMm: 100, heightMm: 100, image: { width: 1, height: 1, data: new Uint8Array([9]) } }]);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text).toContain('/Count 2');
    expect(text).toContain('/MediaBox [0 0 576 720]'); // 8 x 10 in in points
    const startxref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(9);
    offsets.forEach((o, i) => expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const image = /\/Width 3 \/Height 2[^>]*\/Length (\d+) >>\nstream\n/.exec(text);
    expect(image).not.toBeNull();
    const start = (image?.index ?? 0) + (image?.[0].length ?? 0);
    expect([...inflateSync(pdf.subarray(start, start + Number(image?.[1])))]).toEqual([...px]);
  });

  it('refuses an empty page list and a wrong pixel count', () => {
    expect(() => writePdf([])).toThrow();
    expect(() => writePdf([{ widthMm: 1, heightMm: 1, image: { width: 2, height: 2, data: new Uint8Array(3) } }])).toThrow(/3 bytes/);
  });
});

describe('Presentation LUT N-CREATE content', () => {
  const lutDataset = (entries: number, first = 0): ReturnType<typeof parseDicomDataset> => {
    const data = Array.from({ length: entries }, (_, i) => Math.round(((entries - 1 - i) * 4095) / (entries - 1)));
    const bytes = encodeDimseDataset([{ tag: PrintTag.PresentationLUTSequence, items: [[
      { tag: PrintTag.LUTDescriptor, vr: 'US', value: [entries, first, 12] }, { tag: PrintTag.LUTData, vr: 'OW', value: data },
    ]] }], TransferSyntax.ImplicitVRLittleEndian);
    return parseDicomDataset(bytes, TransferSyntax.ImplicitVRLittleEndian);
  };

  it('accepts a 256-entry inverse LUT and applies it (with MONOCHROME1 inverting once more)', async () => {
    const r = parsePresentationLut(lutDataset(256), await loadPrinterProfile('IHERESTRICTED'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const image: ReceivedImage = { rows: 1, columns: 1, bitsAllocated: 8, bitsStored: 8, photometric: 'MONOCHROME2', pixelAspect: 1, pixels: new Uint8Array(1) };
    const t = brightnessTable(image, { uid: '1.2', ...r.lut }, undefined);
    expect(t[0]).toBeCloseTo(1);
    expect(t[255]).toBeCloseTo(0);
    const t1 = brightnessTable({ ...image, photometric: 'MONOCHROME1' }, { uid: '1.2', ...r.lut }, undefined);
    expect(t1[0]).toBeCloseTo(0);
    const reversed = brightnessTable(image, undefined, 'REVERSE');
    expect(reversed[0]).toBeCloseTo(1);
  });

  it('refuses LUT sizes a match-required printer cannot use, a non-zero first value, and bad shapes', async () => {
    const restricted = await loadPrinterProfile('IHERESTRICTED');
    const r = parsePresentationLut(lutDataset(100), restricted);
    expect(r.ok ? 0 : r.outcome.status).toBe(0x0106);
    const full = await loadPrinterProfile('IHEFULL');
    expect(parsePresentationLut(lutDataset(100), full).ok).toBe(true);
    const shifted = parsePresentationLut(lutDataset(256, 5), full);
    expect(shifted.ok ? 0 : shifted.outcome.status).toBe(0x0106);
    const shape = parseDicomDataset(encodeDimseDataset([{ tag: PrintTag.PresentationLUTShape, value: 'INVERSE' }], TransferSyntax.ExplicitVRLittleEndian), TransferSyntax.ExplicitVRLittleEndian);
    const bad = parsePresentationLut(shape, full);
    expect(bad.ok ? 0 : bad.outcome.status).toBe(0x0106);
  });
});
