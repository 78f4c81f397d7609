// Proposals in a real browser, axe (WCAG 2.1 A and AA) on every page: a social enterprise sends a
// proposal with a confidential part (first with a mistake the error summary points out), the
// need's owner compares the proposals side by side (also at phone width, where the table scrolls
// inside its own region) and chooses one with a message, and the proposer sees the message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomId, startServer, userWithRole } from '../support/harness.mjs';
import { memberOf, publishedNeed } from '../support/market.mjs';
import { checkA11y, inPage, launchChromium, mainText, openPage, overflow, pathname, pressAndWait, signInByKeyboard } from './support.mjs';

describe('proposals in the browser', () => {
  let server;
  let browser;
  let owner, proposer, need, proposalPath;
  const secret = `Forretningshemmelighet ${randomId(4)}`;

  before(async () => {
    server = await startServer();
    browser = await launchChromium();
    const coordinator = await userWithRole(server, 'coordinator');
    owner = await memberOf(server, 'municipality', { coordinator });
    proposer = await memberOf(server, 'social_enterprise', { orgName: `Forslagsverksted ${randomId(3)}` });
    need = { id: await publishedNeed(owner, { title: `Unge utenfor arbeid ${randomId(3)}` }) };
    // A second proposal from a competitor, so the comparison has two columns.
    const rival = await memberOf(server, 'social_enterprise', { orgName: `Konkurrent ${randomId(3)}` });
    const form = await rival.client.get(`/behov/${need.id}/forslag/ny`);
    assert.equal(form.status, 200);
    need.criteria = [...form.body.matchAll(/name="expected_(\d+)"/g)].map((m) => m[1]);
    assert.equal(need.criteria.length, 2);
    const fields = {
      organisation_id: rival.orgId,
      summary: 'Mentorer fra lokalt næringsliv',
      approach: 'Mentorordning',
      timeline: '12 måneder',
      cost: '450 000',
    };
    for (const c of need.criteria) Object.assign(fields, { [`expected_${c}`]: 'Mer enn 30 %', [`measurement_${c}`]: 'NAV-statistikk' });
    const res = await rival.client.postForm(`/behov/${need.id}/forslag/ny`, `/behov/${need.id}/forslag/ny`, fields);
    assert.equal(res.status, 303, res.body.slice(0, 400));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a proposal with a confidential part, corrects a mistake from the error summary', { timeout: 90_000 }, async () => {
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/behov/${need.id}/forslag/ny`);
      await signInByKeyboard(page, proposer.email, proposer.password);
      assert.equal(pathname(page), `/behov/${need.id}/forslag/ny`);
      assert.equal(watch.status, 200);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /synlig bare for behovseieren/);

      await page.getByLabel('Offentlig sammendrag (offentlig)').fill('Arbeidstrening i vårt bilverksted');
      await page.getByLabel('Tilnærming').fill('Vi tar inn seks ungdommer i året.');
      for (const c of need.criteria) {
        await page.locator(`#f-expected_${c}`).fill('Halvparten i jobb etter ett år');
        await page.locator(`#f-measurement_${c}`).fill('Oppfølging hver tredje måned');
      }
      await page.getByLabel('Tidsplan').fill('Oppstart mars, 18 måneder');
      await page.getByLabel('Kostnadsoverslag').fill('ca. mye');
      await page.getByLabel('Konfidensielle detaljer (valgfritt)').fill(secret);
      await page.getByRole('button', { name: 'Send forslaget' }).focus();
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 422);
      await checkA11y(page, watch.visited);
      const summary = page.locator('.ds-error-summary a');
      assert.equal(await summary.count(), 1);
      assert.match(await summary.first().innerText(), /Skriv kostnaden som et beløp/);
      // What was typed is still there.
      assert.equal(await page.getByLabel('Konfidensielle detaljer (valgfritt)').inputValue(), secret);
      await summary.first().click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-cost');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('150 000,50');
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /^\/forslag\/\d+$/);
      proposalPath = pathname(page);
      await checkA11y(page, watch.visited);
      const text = await mainText(page);
      assert.match(text, /Forslaget er sendt/);
      assert.ok(text.includes(secret));
      assert.match(text, /150\s000,50 kr/);
    });
  });

  it('lets the owner compare side by side, on a phone too, and choose with a message', { timeout: 90_000 }, async () => {
    const tab = await openPage(browser, { viewport: { width: 375, height: 740 } });
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/logg-inn`);
      await signInByKeyboard(page, owner.email, owner.password);
      await page.goto(`${server.url}/behov/${need.id}/forslag`);
      assert.equal(watch.status, 200);
      await checkA11y(page, watch.visited);
      const table = page.locator('main table');
      assert.equal(await table.locator('thead th[scope="col"]').count(), 3);
      const rows = await table.locator('tbody th[scope="row"]').allInnerTexts();
      assert.ok(rows.some((r) => r.startsWith('Flere unge i arbeid')), rows.join(' | '));
      assert.ok(rows.includes('Kostnadsoverslag') && rows.includes('Tidsplan'), rows.join(' | '));
      assert.match(await table.innerText(), /150\s000,50 kr/);
      // The page itself does not scroll sideways; the table scrolls inside its region.
      const o = await overflow(page);
      assert.ok(o.scrollWidth <= o.clientWidth, `the page is ${o.scrollWidth}px wide: ${o.culprits.join('; ')}`);
      const region = page.locator('main .site-table-wrap');
      assert.ok(await region.evaluate((el) => el.scrollWidth > el.clientWidth), 'the comparison should scroll inside its region');

      await page.locator(`main thead a[href="${proposalPath}/vurdering"]`).click();
      await page.waitForURL(`**${proposalPath}/vurdering`);
      await checkA11y(page, watch.visited);
      await page.getByLabel('Valgt', { exact: true }).check();
      await page.getByLabel('Melding til forslagsstilleren').fill('Vi velger dere – velkommen til oppstartsmøte.');
      await page.getByRole('button', { name: 'Lagre vurderingen' }).click();
      await page.waitForURL(`**${proposalPath}`);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Vurderingen er lagret/);
    });
  });

  it('shows the proposer the decision, and a visitor only the public summary', { timeout: 60_000 }, async () => {
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/logg-inn`);
      await signInByKeyboard(page, proposer.email, proposer.password);
      await page.goto(`${server.url}${proposalPath}`);
      await checkA11y(page, watch.visited);
      const text = await mainText(page);
      assert.match(text, /Valgt/);
      assert.match(text, /Vi velger dere – velkommen til oppstartsmøte\./);
      await page.goto(`${server.url}/forslag`);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Valgt/);
    });
    const visitor = await openPage(browser);
    await inPage(visitor, async () => {
      await visitor.page.goto(`${server.url}/behov/${need.id}/forslag`);
      await checkA11y(visitor.page, visitor.watch.visited);
      const text = await mainText(visitor.page);
      assert.match(text, /Arbeidstrening i vårt bilverksted/);
      assert.ok(!text.includes(secret));
      await visitor.page.goto(`${server.url}${proposalPath}`);
      await checkA11y(visitor.page, visitor.watch.visited);
      assert.ok(!(await visitor.page.content()).includes(secret));
    });
  });
});
