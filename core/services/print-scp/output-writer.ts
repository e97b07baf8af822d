/**
 * Where the virtual imager's films go. One folder per film session:
 *
 *   <root>/<yyyymmdd-hhmmss>_<calling AE>_<n>/
 *     film-001/film.png        the film at its true pixel matrix (8-bit grey)
 *     film-001/box-01.png      each received image box, stored values kept (8 or 16-bit PNG)
 *     film-001/record.json     attributes received, statuses answered, geometry
 *     session.pdf              all films of the session, one page each, at film size
 *
 * Nothing is ever half-written: a film is written into a hidden temporary folder that is
 * renamed into place only when complete; the PDF is written to a temporary file and renamed.
 * A failure removes the temporary folder/file.
 */
import { mkdir, rename, rm, writeFile, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { writePdf, type PdfPage } from './pdf-writer.js';

/** Default output folder: ~/Documents/Filmstation/virtual-printer. */
export function defaultVirtualPrinterFolder(home = homedir()): string {
  return join(home, 'Documents', 'Filmstation', 'virtual-printer');
}

export interface FilmFiles {
  readonly filmPng: Buffer;
  readonly boxPngs: readonly { readonly name: string; readonly png: Buffer }[];
  readonly record: unknown;
}

export interface SessionPage {
  readonly filmPngPath: string;
  readonly widthMm: number;
  readonly heightMm: number;
}

function stamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

let sequence = 0;

export class SessionOutput {
  readonly folder: string;
  private created = false;
  private readonly pages: SessionPage[] = [];
  private pdf: string | undefined;

  constructor(root: string, callingAeTitle: string, when = new Date()) {
    sequence = (sequence + 1) % 1_000_000;
    const ae = callingAeTitle.trim().replace(/[^A-Za-z0-9_-]+/g, '_') || 'UNKNOWN';
    this.folder = join(root, `${stamp(when)}_${ae}_${process.pid}-${sequence}`);
  }

  get filmCount(): number { return this.pages.length; }
  get pdfPath(): string | undefined { return this.pdf; }

  /** Writes one film atomically; returns its folder. */
  async writeFilm(filmNumber: number, files: FilmFiles, page: Omit<SessionPage, 'filmPngPath'>): Promise<string> {
    if (!this.created) {
      await mkdir(this.folder, { recursive: true });
      this.created = true;
    }
    const name = `film-${String(filmNumber).padStart(3, '0')}`;
    const final = join(this.folder, name);
    const temp = join(this.folder, `.${name}.partial`);
    await rm(temp, { recursive: true, force: true });
    try {
      await mkdir(temp);
      await writeFile(join(temp, 'film.png'), files.filmPng);
      for (const b of files.boxPngs) await writeFile(join(temp, b.name), b.png);
      await writeFile(join(temp, 'record.json'), `${JSON.stringify(files.record, null, 2)}\n`);
      await rename(temp, final);
    } catch (e) {
      await rm(temp, { recursive: true, force: true });
      throw e;
    }
    this.pages.push({ ...page, filmPngPath: join(final, 'film.png') });
    return final;
  }

  /** The session PDF from the films written so far (none: no PDF). Atomic. */
  async writePdf(title: string): Promise<string | undefined> {
    if (this.pages.length === 0) return undefined;
    const pages: PdfPage[] = [];
    for (const p of this.pages) {
      const { data, info } = await sharp(await readFile(p.filmPngPath)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      pages.push({ widthMm: p.widthMm, heightMm: p.heightMm, image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) } });
    }
    const final = join(this.folder, 'session.pdf');
    const temp = join(this.folder, '.session.pdf.partial');
    try {
      await writeFile(temp, writePdf(pages, title));
      await rename(temp, final);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    this.pdf = final;
    return final;
  }
}

/** PNG of stored values: 8-bit grey, or 16-bit grey holding the 12-bit values unchanged. */
export async function storedValuesPng(width: number, height: number, pixels: Uint8Array | Uint16Array): Promise<Buffer> {
  if (pixels instanceof Uint8Array) {
    return sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toBuffer();
  }
  return sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('grey16').png().toBuffer();
}
