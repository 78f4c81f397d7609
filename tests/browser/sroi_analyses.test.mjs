// A stored SROI analysis in a real browser, axe (WCAG 2.1 A and AA) on every page: an entrepreneur
// opens the organisation's analyses from its page, creates one, fills in an investment and a value
// line with its stakeholder and source, saves with a mistake (kept and pointed out), corrects it,
// reads the ratio, changes the discount rate and sees the ratio change, and finds it in the list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startServer, userWithRole } from '../support/harness.mjs';
import { memberOf } from '../support/market.mjs';
import { checkA11y, follow, inPage, launchChromium, mainText, openPage, pathname, pressAndWait, signInByKeyboard } from './support.mjs';

describe('stored SROI analyses in the browser', () => {
  let server, browser, member;
  before(async () => {
    server = await startServer();
    browser = await launchChromium();
    const coordinator = await userWithRole(server, 'coordinator');
    member = await memberOf(server, 'social_enterprise', { coordinator });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds an analysis, corrects a mistake, changes the discount rate and sees the ratio change', { timeout: 120_000 }, async () => {
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/logg-inn?next=${encodeURIComponent(`/aktorer/${member.orgId}`)}`);
      await signInByKeyboard(page, member.email, member.password);
      await follow(page, page.getByRole('link', { name: 'SROI-analyser' }));
      assert.equal(pathname(page), `/aktorer/${member.orgId}/sroi`);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Ingen analyser ennå/);
      await page.getByLabel('Navn på analysen').fill('Arbeidstrening 2026');
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /^\/aktorer\/\d+\/sroi\/\d+$/);
      const path = pathname(page);
      await checkA11y(page, watch.visited);

      await page.getByLabel('Interessenter').fill('Deltakerne\nNAV');
      await page.fill('#f-i1_year', '0');
      await page.fill('#f-i1_amount', '2 000 000');
      await page.fill('#f-l1_name', 'Deltakere i fast arbeid');
      await page.fill('#f-l1_stakeholder', 'Deltakerne');
      await page.fill('#f-l1_quantity', '12');
      await page.fill('#f-l1_proxy', '150 000');
      await page.fill('#f-l1_source', 'Sparte trygdeutgifter');
      await page.fill('#f-l1_duration', '3');
      await page.fill('#f-l1_deadweight', '20 prosent');
      await page.fill('#f-l1_displacement', '10');
      await page.fill('#f-l1_attribution', '25');
      await page.fill('#f-l1_drop_off', '20');
      await page.locator('#f-l1_drop_off').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 422);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Det du skrev er lagret/);
      const summary = page.locator('main .ds-error-summary a');
      assert.equal(await summary.count(), 1);
      await summary.first().click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-l1_deadweight');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('20');
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), path);
      assert.equal(await page.locator('#sroi-ratio').innerText(), '1,10 : 1');
      assert.match(await mainText(page), /Analysen er lagret/);
      await checkA11y(page, watch.visited);

      await page.fill('#f-rate', '0');
      await page.locator('#f-rate').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(await page.locator('#sroi-ratio').innerText(), '1,19 : 1', 'undiscounted: 2 371 680 over 2 000 000');
      assert.equal(await page.getByLabel('Kilde for verdien (valgfritt)').first().inputValue(), 'Sparte trygdeutgifter');
      await checkA11y(page, watch.visited);

      await follow(page, page.getByRole('link', { name: 'Alle SROI-analyser' }));
      const text = await mainText(page);
      assert.match(text, /Arbeidstrening 2026/);
      assert.match(text, /1,19 : 1/);
      await checkA11y(page, watch.visited);
    });
  });
});
