// The one-page impact report in a real browser with the demo data, axe (WCAG 2.1 A and AA) on
// every page: an entrepreneur of Medarbeiderne AS opens the report of a plan and of the
// organisation, with its charts and data tables, where the demo's good story without consent is
// not shown, and downloads it as a one-page PDF; a coordinator opens the region view and narrows it with the filters.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { startServer } from '../support/harness.mjs';
import { pdfPages } from '../support/pdf.mjs';
import {
  checkA11y,
  chooseByKeyboard,
  follow,
  inPage,
  launchChromium,
  mainText,
  openPage,
  pathname,
  pressAndWait,
  signInByKeyboard,
  tabTo,
} from './support.mjs';

const DEMO_PASSWORD = 'demo-passord-2026';

describe('the one-page impact report in the browser', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an entrepreneur opens the report of a plan and of the organisation', { timeout: 120_000 }, async () => {
    const session = await openPage(browser, { acceptDownloads: true });
    await inPage(session, async () => {
      const { page, watch } = session;
      await page.goto(`${server.url}/effekt/planer`);
      await signInByKeyboard(page, 'grunder@example.no', DEMO_PASSWORD);
      await follow(page, page.locator('main li', { hasText: 'Medarbeiderne AS' }).locator('a[href^="/effekt/planer/"]').first());
      await follow(page, page.getByRole('link', { name: 'Rapport på én side' }));
      assert.match(pathname(page), /^\/effekt\/planer\/\d+\/rapport$/);
      assert.equal(watch.status, 200);
      let text = await mainText(page);
      assert.match(text, /Effektrapport: /);
      assert.match(text, /Nøkkeltall/);
      assert.match(text, /Nullpunkt: /);
      await checkA11y(page, watch.visited);

      await follow(page, page.getByRole('link', { name: 'Ferds tall', exact: true }));
      assert.match(pathname(page), /^\/effekt\/aktorer\/\d+\/ferd$/);
      await follow(page, page.getByRole('link', { name: 'Rapport på én side' }));
      assert.match(pathname(page), /^\/effekt\/aktorer\/\d+\/rapport$/);
      text = await mainText(page);
      assert.match(text, /Effektrapport for Medarbeiderne AS/);
      assert.match(text, /Ferds tall for 2025/);
      assert.ok(!text.includes('Ola (navnet er endret)'), 'the demo story without consent is not shown');
      assert.match(text, /handler om en person som ikke har gitt samtykke/);
      assert.ok((await page.locator('main svg[role="img"] title').count()) > 0, 'charts with titles');
      assert.ok((await page.locator('main table caption').count()) > 0, 'data tables');
      await checkA11y(page, watch.visited);

      // The PDF, by keyboard.
      await tabTo(page, { tag: 'A', text: 'Last ned som PDF (én A4-side)' });
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      assert.match(download.suggestedFilename(), /^effektrapport-\d+\.pdf$/);
      const bytes = await readFile(await download.path());
      assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
      assert.equal(pdfPages(bytes), 1);
    });
  });

  it('a coordinator opens the region view and narrows it by year', { timeout: 120_000 }, async () => {
    const session = await openPage(browser);
    await inPage(session, async () => {
      const { page, watch } = session;
      await page.goto(`${server.url}/effekt/planer`);
      await signInByKeyboard(page, 'koordinator@example.no', DEMO_PASSWORD);
      await follow(page, page.getByRole('link', { name: 'Effekt i regionen' }));
      assert.equal(pathname(page), '/effekt/region');
      assert.equal(watch.status, 200);
      let text = await mainText(page);
      assert.match(text, /Personer nådd \(Ferds modell\)/);
      assert.match(text, /Felles indikatorer/);
      await checkA11y(page, watch.visited);
      await chooseByKeyboard(page, 'aar', '2025');
      await tabTo(page, { tag: 'BUTTON', text: 'Vis' });
      await pressAndWait(page, 'Enter');
      assert.match(page.url(), /aar=2025/);
      text = await mainText(page);
      assert.ok(!/\b2024\b \d+ \d+/.test(text), 'only 2025');
      assert.match(text, /2025 \d+ \d+ \d+ \d+/, 'the people reached in 2025');
      await checkA11y(page, watch.visited);
    });
  });
});
