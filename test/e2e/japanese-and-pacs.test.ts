/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * End to end: the UI in Japanese (Chromium with a Japanese locale) shows a Japanese patient
 * name correctly; PACS query and retrieve against Orthanc configured through Settings.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { run, startOrthanc } from '../support/peers.js';
import { ROOT, artifactPath, chromiumAvailable, ensureRendererBuilt, launchChromium, startServe, type RunningServe } from './harness.js';

describe.skipIf(!chromiumAvailable())('browser workstation in Japanese, with a PACS', () => {
  let serve: RunningServe;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    ensureRendererBuilt();
    serve = await startServe({ aeTitle: 'FSJAPAN' });
    browser = await launchChromium({ locale: 'ja-JP' });
    page = await browser.context.newPage();
    await page.goto(serve.url);
    await page.waitForSelector('[data-ready=true]', { timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('is in Japanese on a Japanese system and shows 山田^太郎 correctly', async () => {
    expect(await page.evaluate(() => navigator.language)).toMatch(/^ja/);
    expect(await page.textContent('nav')).toContain('検査一覧');
    await page.click('[data-testid=open-import]');
    await page.fill('#import-path', join(ROOT, 'test/fixtures/dicom/charset/chrH31.dcm'));
    await page.click('[data-testid=import-run]');
    await page.waitForSelector('[data-testid=import-done]');
    expect(await page.textContent('[data-testid=import-done]')).toContain('取り込みました');
    await page.fill('[data-testid=study-search]', '山田');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-study]').length === 1);
    const name = await page.textContent('tr[data-study] [data-testid=patient-name]');
    expect(name).toContain('山田 太郎');
    await page.click('tr[data-study]');
    await page.waitForSelector('[data-testid=detail-name]');
    expect(await page.textContent('[data-testid=detail-name]')).toContain('山田 太郎');
    await page.screenshot({ path: artifactPath('e2e-ja-studies.png') });
  }, 60_000);

  it('queries Orthanc and retrieves a study (PACS configured in Settings)', async (ctx) => {
    const info = await page.evaluate(async () => (await fetch(location.href)).ok);
    expect(info).toBe(true);
    const orthanc = await startOrthanc({ aeTitle: 'ORTHANC', modalities: { fs: [serve.aeTitle, '127.0.0.1', serve.storagePort] } }).catch(() => undefined);
    if (!orthanc) { ctx.skip(); return; }
    try {
      const sent = await run('storescu', ['-aec', 'ORTHANC', '127.0.0.1', String(orthanc.port), join(ROOT, 'test/fixtures/dicom/modality/MR_small.dcm')]);
      expect(sent.code).toBe(0);
      await page.click('[data-view=settings]');
      // The PACS knows us by this AE title (Orthanc DicomModalities): set it in Settings.
      await page.fill('[data-testid=our-ae]', serve.aeTitle);
      await page.click('[data-testid=settings-general] button.primary');
      await page.fill('[data-testid=pacs-new-name]', 'Orthanc');
      await page.fill('[data-testid=pacs-new-ae]', 'ORTHANC');
      await page.fill('[data-testid=pacs-new-host]', '127.0.0.1');
      await page.fill('[data-testid=pacs-new-port]', String(orthanc.port));
      await page.click('[data-testid=pacs-add]');
      await page.waitForSelector('tr[data-pacs]');
      await page.click('[data-view=studies]');
      await page.click('[data-testid=open-pacs]');
      await page.click('[data-testid=pacs-query]');
      const answered = await page.waitForSelector('tr[data-remote-study], [data-testid=pacs-panel] .error-text', { timeout: 30_000 });
      const text = (await answered.textContent()) ?? '';
      if (await answered.evaluate((el) => el.classList.contains('error-text'))) {
        if (!/not available|NOT_AVAILABLE/i.test(text)) throw new Error(`PACS query failed: ${text}\n${orthanc.output().slice(-1500)}`);
        // The facade says plainly when this build has no Query/Retrieve (NOT_AVAILABLE).
        console.warn(`PACS query failed, retrieve part skipped: ${text}\n${orthanc.output().slice(-1500)}`);
        ctx.skip();
        return;
      }
      await page.click('tr[data-remote-study] [data-testid=pacs-retrieve]');
      await page.waitForSelector('tr[data-remote-study] [data-testid=retrieve-state].state-done', { timeout: 60_000 });
      await page.screenshot({ path: artifactPath('e2e-ja-pacs.png') });
      await page.fill('[data-testid=study-search]', '');
      await page.click('[data-testid=study-search]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('tr[data-study]').length === 2, undefined, { timeout: 10_000 });
    } finally {
      await orthanc.stop();
    }
  }, 120_000);
});
