// The SROI calculator in a real browser, axe (WCAG 2.1 A and AA) on every state of the page:
// a visitor without an account fills in an investment and a valuation line, calculates, reads the
// result, the tornado chart and its table, changes the discount rate and sees the ratio change,
// corrects a mistake the form points out, and asks for more rows without losing anything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startServer } from '../support/harness.mjs';
import { checkA11y, inPage, launchChromium, mainText, openPage, overflow, pressAndWait } from './support.mjs';

describe('SROI calculator in the browser', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a visitor calculates, changes the discount rate and sees the ratio change', { timeout: 120_000 }, async () => {
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/verktoy/sroi`);
      assert.equal(watch.status, 200);
      await checkA11y(page, watch.visited);

      await page.fill('#f-i1_year', '0');
      await page.fill('#f-i1_amount', '2 000 000');
      await page.fill('#f-l1_name', 'Deltakere i fast arbeid');
      await page.fill('#f-l1_quantity', '12');
      await page.fill('#f-l1_proxy', '150 000');
      await page.fill('#f-l1_duration', '3');
      await page.fill('#f-l1_deadweight', '20');
      await page.fill('#f-l1_displacement', '10');
      await page.fill('#f-l1_attribution', '25');
      await page.fill('#f-l1_drop_off', '20');
      // Enter in a field submits the calculation (the first submit button), not "more rows".
      await page.locator('#f-l1_drop_off').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 200);
      assert.equal(await page.locator('#sroi-ratio').innerText(), '1,10 : 1');
      await checkA11y(page, watch.visited);
      const text = await mainText(page);
      assert.match(text, /Diskonteringsrente: 4 %/);
      assert.match(text, /Det første året diskonteres/);
      // The chart is an image with a title and a description, and the same figures are in a table.
      const chart = page.locator('svg.site-chart');
      assert.equal(await chart.getAttribute('role'), 'img');
      assert.match(await page.locator('#sroi-chart-title').textContent(), /Tornadodiagram/);
      assert.equal(await chart.locator('rect').count(), 2 + 8 * 2, 'a legend and two bars per assumption');
      assert.equal(await page.locator('#sroi-sensitivity tbody tr').count(), 8);
      const wide = await overflow(page);
      assert.ok(wide.scrollWidth <= wide.clientWidth, `nothing sticks out sideways: ${wide.culprits.join('; ')}`);

      // Zero discounting: the undiscounted 2 371 680 over 2 000 000.
      assert.equal(await page.locator('#f-rate').inputValue(), '4', 'the form keeps the rate');
      await page.fill('#f-rate', '0');
      await page.locator('#f-rate').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(await page.locator('#sroi-ratio').innerText(), '1,19 : 1');
      assert.match(await mainText(page), /Diskonteringsrente: 0 %/);
      await checkA11y(page, watch.visited);

      // A mistake is pointed out in the summary and at the field; nothing typed is lost.
      await page.fill('#f-l1_deadweight', '120');
      await page.locator('#f-rate').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 422);
      assert.match(await page.locator('.ds-error-summary').innerText(), /Andelen må være mellom 0 og 100 %/);
      assert.equal(await page.locator('#f-l1_deadweight').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#f-l1_name').inputValue(), 'Deltakere i fast arbeid');
      await checkA11y(page, watch.visited);
      await page.locator('.ds-error-summary a').first().click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-l1_deadweight');

      // More rows, by the secondary button; the values stay.
      await page.fill('#f-l1_deadweight', '20');
      await page.getByRole('button', { name: 'Flere rader' }).click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('#f-l5_name').count(), 1);
      assert.equal(await page.locator('#f-l1_deadweight').inputValue(), '20');
      await checkA11y(page, watch.visited);
    });
  });

  it('reads well on a phone', { timeout: 60_000 }, async () => {
    const tab = await openPage(browser, { viewport: { width: 360, height: 740 } });
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/verktoy/sroi`);
      await page.fill('#f-i1_amount', '100 000');
      await page.fill('#f-l1_name', 'Færre sykedager');
      await page.fill('#f-l1_quantity', '5');
      await page.fill('#f-l1_proxy', '30 000');
      await page.fill('#f-l1_duration', '2');
      await page.locator('#f-l1_duration').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 200);
      assert.match(await page.locator('#sroi-ratio').innerText(), /: 1$/);
      const wide = await overflow(page);
      assert.ok(wide.scrollWidth <= wide.clientWidth, `nothing sticks out sideways on a phone: ${wide.culprits.join('; ')}`);
      await checkA11y(page, watch.visited);
    });
  });
});
