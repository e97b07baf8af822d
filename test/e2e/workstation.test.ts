/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * End to end: the browser workstation (`filmstation serve`) driven in Debian's Chromium.
 * Import the test studies, drag a CT series onto a 3x4 film, change window/level of one box,
 * print to DCMTK dcmprscp (IHEFULL) configured through Settings, watch the job finish in the
 * queue, and check what dcmprscp stored. Also measures first paint and drop-to-preview.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDcmprscp, type RunningDcmprscp } from '../support/dcmprscp.js';
import { ROOT, artifactPath, chromiumAvailable, ensureRendererBuilt, launchChromium, makeCtSeries, startServe, type RunningServe } from './harness.js';

/** Mean stored pixel value of a Hardcopy Grayscale image (pixel data written out by dcmdump +W). */
function meanPixelValue(file: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'fs-hg-'));
  try {
    const dump = execFileSync('dcmdump', ['+W', dir, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const rows = Number(/\(0028,0010\) US (\d+)/.exec(dump)?.[1]);
    const cols = Number(/\(0028,0011\) US (\d+)/.exec(dump)?.[1]);
    const raw = readdirSync(dir).map((f) => readFileSync(join(dir, f))).find((b) => b.length >= rows * cols);
    if (!raw) throw new Error(`no pixel data in ${file}`);
    const bpp = Math.round(raw.length / (rows * cols));
    let sum = 0;
    for (let i = 0; i < rows * cols; i++) sum += bpp === 2 ? raw.readUInt16LE(i * 2) : (raw[i] as number);
    return sum / (rows * cols);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CT12_UID = '1.2.826.0.1.3680043.9.7777.12';
const CT300_UID = '1.2.826.0.1.3680043.9.7777.300';

describe.skipIf(!chromiumAvailable())('browser workstation end to end', () => {
  let serve: RunningServe;
  let printer: RunningDcmprscp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const tmp: string[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    ensureRendererBuilt();
    tmp.push(makeCtSeries(12, { patientId: 'E2ECT12', patientName: 'Film^Twelve', description: 'CT 12 IMAGES', uidRoot: CT12_UID }));
    tmp.push(makeCtSeries(300, { patientId: 'E2ECT300', patientName: 'Film^Threehundred', description: 'CT 300 IMAGES', uidRoot: CT300_UID }));
    [serve, printer] = await Promise.all([startServe(), startDcmprscp('IHEFULL')]);
    browser = await launchChromium({ locale: 'en-US' });
    page = await browser.context.newPage();
    page.on('pageerror', (e) => { console.error('page error:', e.message); });
  }, 180_000);

  afterAll(async () => {
    if (page) await page.screenshot({ path: artifactPath('e2e-last.png') }).catch(() => undefined);
    await browser?.close();
    await serve?.stop();
    await printer?.stop();
    for (const d of tmp) rmSync(d, { recursive: true, force: true });
    console.log('performance figures (ms):', JSON.stringify(figures));
  });

  it('paints the UI in under 2 s', async () => {
    await page.goto(serve.url);
    await page.waitForSelector('[data-ready=true]', { timeout: 20_000 });
    const paint = await page.evaluate(() => {
      const e = performance.getEntriesByName('first-contentful-paint')[0] ?? performance.getEntriesByName('first-paint')[0];
      return e ? e.startTime : -1;
    });
    const ready = await page.evaluate(() => performance.getEntriesByName('filmstation-ready')[0]?.startTime ?? -1);
    figures.firstContentfulPaint = Math.round(paint);
    figures.readyWithData = Math.round(ready);
    expect(paint).toBeGreaterThan(0);
    expect(paint).toBeLessThan(2000);
    await expect(page.textContent('nav')).resolves.toContain('Film composer');
  }, 60_000);

  it('imports the test studies with progress', async () => {
    await page.click('[data-testid=open-import]');
    await page.fill('#import-path', [join(ROOT, 'test/fixtures/dicom'), ...tmp].join(';'));
    await page.click('[data-testid=import-run]');
    await page.waitForSelector('[data-testid=import-done]', { timeout: 120_000 });
    const done = await page.textContent('[data-testid=import-done]');
    expect(done).toMatch(/Imported (\d+) images/);
    expect(Number(/Imported (\d+)/.exec(done ?? '')?.[1])).toBeGreaterThanOrEqual(312);
    await page.fill('[data-testid=study-search]', 'E2ECT');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-study]').length === 2);
    await page.click('tr[data-study] >> text=E2ECT12');
    await page.waitForSelector(`[data-series="${CT12_UID}.2"]`);
    await page.screenshot({ path: artifactPath('e2e-01-studies.png') });
  }, 180_000);

  it('adds dcmprscp as a printer in Settings', async () => {
    await page.click('[data-view=settings]');
    await page.fill('[data-testid=printer-new-name]', 'DCMTK IHEFULL');
    await page.fill('[data-testid=printer-new-ae]', printer.aeTitle);
    await page.fill('[data-testid=printer-new-host]', '127.0.0.1');
    await page.fill('[data-testid=printer-new-port]', String(printer.port));
    await page.waitForFunction(() => (document.querySelector('[data-testid=printer-new-profile]') as HTMLSelectElement | null)?.options.length);
    await page.selectOption('[data-testid=printer-new-profile]', 'IHEFULL');
    await page.click('[data-testid=printer-add]');
    await page.waitForSelector('tr[data-printer] >> text=DCMTK IHEFULL');
    await page.screenshot({ path: artifactPath('e2e-02-settings.png') });
  }, 60_000);

  it('drags the CT series onto a 3x4 film and changes window/level of one box', async () => {
    await page.click('[data-view=studies]');
    await page.click('[data-testid=to-composer]');
    await page.waitForSelector('[data-testid=film-sheet]');
    const printerId = await page.$eval('[data-testid=composer-printer]', (el) => [...(el as HTMLSelectElement).options].find((o) => o.text === 'DCMTK IHEFULL')?.value ?? '');
    expect(printerId).not.toBe('');
    await page.selectOption('[data-testid=composer-printer]', printerId);
    await page.click('[data-testid=layout-picker] [data-format="STANDARD\\\\3,4"]');
    await page.waitForSelector('[data-testid=film-sheet][data-format="STANDARD\\\\3,4"]');
    await page.dragAndDrop(`.composer [data-series="${CT12_UID}.2"]`, '[data-box="0"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-box][data-filled=true]').length === 12);
    await page.waitForSelector('[data-testid=drop-ms]');
    figures.drop12ToPreview = Number(/(\d+) ms/.exec((await page.textContent('[data-testid=drop-ms]')) ?? '')?.[1]);

    const box = await page.$('[data-box="1"]');
    const r = await box?.boundingBox();
    if (!r) throw new Error('box 1 not on screen');
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(r.x + r.width / 2 - 8 * k, r.y + r.height / 2 + 6 * k);
    await page.mouse.up();
    const center = Number(await page.inputValue('[data-testid=wl-center]'));
    const width = Number(await page.inputValue('[data-testid=wl-width]'));
    expect(Number.isFinite(center) && Number.isFinite(width)).toBe(true);
    // Let the full preview of the changed film arrive, then keep it as an artifact.
    await page.waitForFunction(() => document.querySelector('[data-testid=film-preview]')?.getAttribute('data-key-current') === 'true', undefined, { timeout: 15_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifactPath('e2e-03-composer.png') });
    expect(await page.textContent('[data-testid=composer-summary]')).toContain('12 images on 1 films');
    (globalThis as { __wl?: { center: number; width: number } }).__wl = { center, width };
  }, 90_000);

  it('prints to dcmprscp and the queue shows the job done', async () => {
    await page.click('[data-testid=open-print]');
    await page.waitForSelector('[data-testid=print-dialog]');
    expect(await page.textContent('[data-testid=print-film-count]')).toContain('1 film');
    // Only the profile's values are offered (IHEFULL: mediums from printers.cfg).
    const mediums = await page.$$eval('[data-testid=print-medium] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean)).catch(() => []);
    await page.screenshot({ path: artifactPath('e2e-04-print-dialog.png') });
    await page.click('[data-testid=print-submit]');
    await page.waitForSelector('[data-job]');
    try {
      await page.waitForSelector('[data-job][data-state=done]', { timeout: 90_000 });
    } catch (e) {
      await page.screenshot({ path: artifactPath('e2e-05-queue-failed.png') });
      throw new Error(`print job not done: ${await page.textContent('.jobs')}\n--- serve:\n${serve.output().slice(-3000)}\n--- dcmprscp:\n${printer.output().slice(-3000)}`, { cause: e });
    }
    await page.click('[data-testid=queue-history]');
    await page.screenshot({ path: artifactPath('e2e-05-queue.png') });
    expect(mediums.every((m) => typeof m === 'string')).toBe(true);

    // What dcmprscp received: one Stored Print and 12 Hardcopy Grayscale images; exactly one
    // of them (the box whose window/level was changed) differs from the other eleven.
    expect(printer.storedPrints().length).toBeGreaterThanOrEqual(1);
    const hg = printer.hardcopyImages();
    // Box geometry differs by a pixel or two between columns, so compare mean grey levels:
    // eleven boxes agree, the one whose window/level was changed stands out.
    const means = hg.map(meanPixelValue);
    const sorted = [...means].sort((a, b) => a - b);
    const median = sorted[6] as number;
    const outliers = means.filter((m) => Math.abs(m - median) > 8);
    expect(outliers).toHaveLength(1);
    expect(means.filter((m) => Math.abs(m - median) <= 2)).toHaveLength(11);
  }, 150_000);

  it('drops a 300-image series onto films: first preview in under 1 s', async () => {
    await page.click('[data-view=studies]');
    await page.click('tr[data-study] >> text=E2ECT300');
    await page.click('[data-testid=to-composer]');
    await page.waitForSelector(`.composer [data-series="${CT300_UID}.2"]`);
    await page.click('[data-testid=film-pages] .danger'); // remove the printed film: start from an empty one
    await page.keyboard.press('Control+z'); // ...and undo works from the keyboard
    await page.keyboard.press('Control+y');
    const measures = (): Promise<number[]> => page.evaluate(() => performance.getEntriesByName('filmstation-drop-to-preview').map((e) => e.duration));
    const before = (await measures()).length;
    await page.dragAndDrop(`.composer [data-series="${CT300_UID}.2"]`, '[data-box="0"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=film-count]')?.textContent) >= 25, undefined, { timeout: 20_000 });
    await page.waitForFunction((n) => performance.getEntriesByName('filmstation-drop-to-preview').length > n, before, { timeout: 20_000 });
    figures.drop300ToPreview = Math.round((await measures()).at(-1) ?? NaN);
    await page.screenshot({ path: artifactPath('e2e-06-composer-300.png') });
    expect(figures.drop300ToPreview).toBeLessThan(1000);
  }, 90_000);
});
