// Solutions and matches in a real browser with the demo data, axe (WCAG 2.1 A and AA) on every
// page: a social entrepreneur describes a solution, corrects what the form points out, adds a
// reference from the directory, publishes it, finds it in the list, and sees it suggested for a
// municipality's need with the reasons why; then looks at the needs that fit the enterprise.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomId, startServer } from '../support/harness.mjs';
import { checkA11y, inPage, launchChromium, mainText, openPage, pathname, pressAndWait, signInByKeyboard } from './support.mjs';

const DEMO_PASSWORD = 'demo-passord-2026';

describe('solutions in the browser', () => {
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

  it('an entrepreneur publishes a solution and sees it suggested for a need', { timeout: 300_000 }, async () => {
    const title = `Arbeidstrening i verksted for unge ${randomId(3)}`;
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/losninger/ny`);
      await signInByKeyboard(page, 'grunder@example.no', DEMO_PASSWORD);
      assert.equal(pathname(page), '/losninger/ny');
      await checkA11y(page, watch.visited);

      await page.selectOption('#f-organisation_id', { label: 'Medarbeiderne AS' });
      await page.fill('#f-title', title);
      await page.fill('#f-description', 'Unge som har **avbrutt** videregående får arbeidstrening med tett oppfølging.');
      await page.check('#sa-arbeidsinkludering');
      await page.check('#tg-unge-utenfor-skole-og-arbeid');
      // No summary and no place: the form points at both and keeps the rest.
      await page.locator('#f-title').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 422, 'the missing fields are refused');
      assert.equal(await page.locator('#f-title').inputValue(), title, 'the title is kept');
      assert.ok(await page.locator('#sa-arbeidsinkludering').isChecked(), 'the service area is kept');
      const links = page.locator('main .ds-error-summary a');
      assert.equal(await links.count(), 2, await mainText(page));
      await checkA11y(page, watch.visited);

      await page.fill('#f-summary', 'Arbeidstrening for unge utenfor skole og arbeid, med tett oppfølging mot jobb.');
      await page.locator('summary', { hasText: 'Vestfold' }).click();
      await page.check('#m-3907');
      // A reference from the directory: search, tick, note.
      await page.fill('#f-reference_query', 'Sandefjord kommune');
      await page.locator('button[value="search_references"]').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 200);
      assert.equal(await page.locator('#f-title').inputValue(), title, 'searching keeps what was typed');
      await checkA11y(page, watch.visited);
      await page.locator('label', { hasText: /^Sandefjord kommune$/ }).click();
      await page.locator('#f-title').focus();
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /^\/losninger\/\d+$/, `saved as a draft: ${await mainText(page)}`);
      const solutionPath = pathname(page);
      assert.match(await mainText(page), /Utkast/);
      assert.equal(await page.locator('main .site-prose strong').innerText(), 'avbrutt', 'Markdown is rendered');
      assert.equal(await page.locator('main a', { hasText: 'Sandefjord kommune' }).count() > 0, true, 'the reference is linked');
      await checkA11y(page, watch.visited);

      await page.locator('button', { hasText: 'Publiser' }).focus();
      await pressAndWait(page, 'Enter');
      assert.match(await mainText(page), /Løsningen er publisert/);
      await checkA11y(page, watch.visited);

      await page.goto(`${server.url}/losninger?q=arbeidstreningen&tjenesteomrade=arbeidsinkludering`);
      const hit = page.locator('main .site-results a', { hasText: title });
      assert.equal(await hit.count(), 1, await mainText(page));
      await checkA11y(page, watch.visited);

      // The municipality's published need about young people suggests the solution, and says why.
      await page.goto(`${server.url}/behov?q=fotfeste`);
      await page.locator('main .site-results a').first().click();
      await page.waitForLoadState();
      const needPath = pathname(page);
      await page.goto(`${server.url}${needPath}/treff`);
      const text = await mainText(page);
      assert.match(text, new RegExp(title), text);
      assert.match(text, /Samme tjenesteområde: Arbeidsinkludering/);
      assert.match(text, /Tilbys i Sandefjord/);
      assert.match(text, /Ord som går igjen/);
      await checkA11y(page, watch.visited);
      await page.locator('main a', { hasText: title }).first().click();
      await page.waitForLoadState();
      assert.equal(pathname(page), solutionPath);

      // The enterprise's own page of needs that fit it.
      const orgHref = await page.locator('main a', { hasText: 'Medarbeiderne AS' }).first().getAttribute('href');
      await page.goto(`${server.url}${orgHref}/behovstreff`);
      assert.equal(watch.status, 200);
      assert.match(await mainText(page), /Åpne behov/);
      assert.ok(await page.locator(`main .site-results a[href="${needPath}"]`).count() > 0, await mainText(page));
      await checkA11y(page, watch.visited);
    });
  });
});
