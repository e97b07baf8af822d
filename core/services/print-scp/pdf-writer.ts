/**
 * A minimal PDF 1.4 writer (ISO 32000-1): one page per film, the film as a DeviceGray
 * image XObject compressed with FlateDecode (Node's zlib), drawn to fill the page whose
 * size is the film's physical size. Enough for "print to PDF" of a session; no fonts,
 * no other features.
 */
import { deflateSync } from 'node:zlib';

export interface PdfPage {
  /** Page size in millimetres (the film as it lies). */
  readonly widthMm: number;
  readonly heightMm: number;
  /** 8-bit grey pixels, row by row, 0 = black. */
  readonly image: { readonly width: number; readonly height: number; readonly data: Uint8Array };
}

const PT_PER_MM = 72 / 25.4;

function num(n: number): string {
  return (Math.round(n * 100) / 100).toString();
}

export function writePdf(pages: readonly PdfPage[], title = 'Filmstation virtual imager'): Buffer {
  if (pages.length === 0) throw new RangeError('a PDF needs at least one page');
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer): void => { chunks.push(b); length += b.length; };
  const obj = (id: number, body: Buffer | string, stream?: Buffer): void => {
    offsets[id] = length;
    push(Buffer.from(`${id} 0 obj\n`, 'latin1'));
    push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    if (stream) {
      push(Buffer.from('\nstream\n', 'latin1'));
      push(stream);
      push(Buffer.from('\nendstream', 'latin1'));
    }
    push(Buffer.from('\nendobj\n', 'latin1'));
  };
  // Header; the binary comment line marks the file as binary for transfer tools (ISO 32000-1 7.5.2).
  push(Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1'));
  // Object numbers: 1 catalog, 2 pages, 3 info, then 3 per page (page, content, image).
  const pageIds = pages.map((_, i) => 4 + i * 3);
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  const safeTitle = title.replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1');
  obj(3, `<< /Title (${safeTitle}) /Producer (Filmstation) >>`);
  pages.forEach((p, i) => {
    const id = pageIds[i] as number;
    const w = p.widthMm * PT_PER_MM;
    const h = p.heightMm * PT_PER_MM;
    const { width, height, data } = p.image;
    if (data.length !== width * height) throw new RangeError(`page ${i + 1}: ${data.length} bytes for ${width} x ${height} pixels`);
    obj(id, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(w)} ${num(h)}] /Resources << /XObject << /Im0 ${id + 2} 0 R >> >> /Contents ${id + 1} 0 R >>`);
    const content = Buffer.from(`q ${num(w)} 0 0 ${num(h)} 0 0 cm /Im0 Do Q`, 'latin1');
    obj(id + 1, `<< /Length ${content.length} >>`, content);
    const compressed = deflateSync(data);
    obj(id + 2, `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${compressed.length} >>`, compressed);
  });
  const count = 4 + pages.length * 3;
  const xref = length;
  let table = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let id = 1; id < count; id++) table += `${String(offsets[id] ?? 0).padStart(10, '0')} 00000 n \n`;
  push(Buffer.from(table, 'latin1'));
  push(Buffer.from(`trailer\n<< /Size ${count} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}
