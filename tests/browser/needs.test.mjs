// Needs in a real browser with the demo data, axe (WCAG 2.1 A and AA) on every page: a municipal
// employee writes a need with success criteria, corrects a mistake the form points out, publishes
// it, and a visitor finds it through the list's search and reads it on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomId, startServer } from '../support/harness.mjs';
import {
  checkA11y,
  inPage,
  launchChromium,
  mainText,
  openPage,
  overflow,
  pathname,
  pressAndWait,
  signInByKeyboard,
} from './support.mjs';

const DEMO_PASSWORD = 'demo-passord-2026';

describe('needs in the browser', () => {
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

  it('a municipal employee publishes a need with success criteria, and a visitor finds it', { timeout: 120_000 }, async () => {
    const title = `Unge i arbeid gjennom idrett ${randomId(3)}`;
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/behov/ny`);
      await signInByKeyboard(page, 'kommune@example.no', DEMO_PASSWORD);
      assert.equal(pathname(page), '/behov/ny');
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Beskriv resultatet, ikke løsningen/, 'the form nudges towards results');

      await page.selectOption('#f-organisation_id', { label: 'Sandefjord kommune' });
      await page.fill('#f-title', title);
      await page.fill('#f-situation', 'Mange unge i Sandefjord **faller ut** av skole og arbeid.');
      // A criterion with an indicator but no result: the form points at it and keeps the rest.
      await page.fill('#f-k1_indicator', 'Andel i arbeid eller utdanning etter ett år');
      await page.fill('#f-k1_baseline', '20 %');
      await page.fill('#f-k1_target', '40 %');
      await page.check('#sa-arbeidsinkludering');
      await page.check('#tg-unge-utenfor-skole-og-arbeid');
      await page.fill('#f-value_min', '300 000');
      await page.locator('#f-value_max').focus();
      await page.fill('#f-value_max', '900 000');
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 422, 'the missing result is refused');
      assert.equal(await page.locator('#f-title').inputValue(), title, 'the title is kept');
      assert.equal(await page.locator('#f-k1_indicator').inputValue(), 'Andel i arbeid eller utdanning etter ett år');
      assert.equal(await page.locator('#f-value_min').inputValue(), '300 000');
      const summary = page.locator('main .ds-error-summary a');
      assert.equal(await summary.count(), 1);
      assert.equal(await summary.first().getAttribute('href'), '#f-k1_description');
      await checkA11y(page, watch.visited);

      await summary.first().click();
      await page.fill('#f-k1_description', 'Flere unge i arbeid eller utdanning');
      await page.fill('#f-k2_description', 'Unge opplever mestring');
      await page.locator('#f-title').focus();
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /^\/behov\/\d+$/, `saved as a draft: ${page.url()}`);
      const needPath = pathname(page);
      let text = await mainText(page);
      assert.match(text, /Utkastet er lagret/);
      assert.match(text, /Utkast/);
      await checkA11y(page, watch.visited);

      // Publish from the owner's tools.
      await page.locator('summary', { hasText: 'Endre status' }).click();
      await page.check('#st-published');
      await page.locator('#st-published').focus();
      await pressAndWait(page, 'Enter');
      text = await mainText(page);
      assert.match(text, /Behovet er publisert/);
      assert.match(text, /Flere unge i arbeid eller utdanning/);
      assert.match(text, /Andel i arbeid eller utdanning etter ett år/);
      assert.match(text, /300\s000–900\s000 kr/);
      assert.equal(await page.locator('main .site-prose strong').innerText(), 'faller ut', 'Markdown is rendered');
      await checkA11y(page, watch.visited);

      await page.goto(`${server.url}/behov/mine`);
      assert.match(await mainText(page), new RegExp(title));
      await checkA11y(page, watch.visited);

      // A visitor on a phone finds it with an inflected word and a filter.
      const visitor = await openPage(browser, { viewport: { width: 360, height: 740 } });
      await inPage(visitor, async () => {
        const v = visitor.page;
        await v.goto(`${server.url}/behov`);
        await checkA11y(v, visitor.watch.visited);
        await v.fill('#f-q', 'idretten');
        await v.selectOption('#f-area', 'arbeidsinkludering');
        await v.locator('#f-q').focus();
        await pressAndWait(v, 'Enter');
        const link = v.locator('main .site-results a', { hasText: title });
        assert.equal(await link.count(), 1, `the search finds the need: ${await mainText(v)}`);
        await checkA11y(v, visitor.watch.visited);
        await link.click();
        await v.waitForLoadState();
        assert.equal(pathname(v), needPath);
        const o = await overflow(v);
        assert.ok(o.scrollWidth <= o.clientWidth, `nothing sticks out at phone width: ${o.culprits.join('; ')}`);
        assert.doesNotMatch(await mainText(v), /For eieren av behovet/, 'visitors see no owner tools');
        await checkA11y(v, visitor.watch.visited);
      });
    });
  });
});
