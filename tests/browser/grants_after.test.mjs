// After the grant in a real browser with the demo data, axe (WCAG 2.1 A and AA) on every page:
// the scheme owner finds the overview from the scheme's page, opens a grant's commitment, is told
// plainly when a payment would exceed it, records a payment and reads the overview again; the
// applicant sees the overdue report flagged, writes it and submits it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startServer } from '../support/harness.mjs';
import { checkA11y, follow, inPage, launchChromium, mainText, openPage, pathname, signInByKeyboard } from './support.mjs';

const DEMO_PASSWORD = 'demo-passord-2026';
const CLOSED_CALL = 'Samarbeid med sosiale entreprenører – utlysning i fjor';
const GRANTED = 'Arbeidsledere for folk i rusbehandling';

describe('after the grant in the browser', () => {
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

  it('the owner records a payment and reads the overview; the applicant submits a report', { timeout: 240_000 }, async () => {
    const owner = await openPage(browser);
    await inPage(owner, async () => {
      const { page, watch } = owner;
      await page.goto(`${server.url}/tilskudd/soknader/mine`);
      await signInByKeyboard(page, 'kommune@example.no', DEMO_PASSWORD);
      await page.goto(`${server.url}/tilskudd`);
      await follow(page, page.locator('main a', { hasText: CLOSED_CALL }));
      await follow(page, page.locator('main a', { hasText: 'Tilskudd til samarbeid med sosiale entreprenører' }).first());
      await follow(page, page.locator('main a', { hasText: 'Oversikt over tilskudd og utbetalinger' }));
      assert.match(pathname(page), /^\/tilskudd\/ordninger\/\d+\/oversikt$/);
      const overview = pathname(page);
      let text = await mainText(page);
      assert.match(text, /1 000 000 kr 450 000 kr 0 kr 550 000 kr/);
      assert.match(text, /Rapporter som er forsinket/);
      await checkA11y(page, watch.visited);

      await follow(page, page.locator('main table a', { hasText: GRANTED }));
      assert.match(pathname(page), /^\/tilskudd\/soknader\/\d+\/tilsagn$/);
      assert.match(await mainText(page), /Tilsagn 450 000 kr/);
      await checkA11y(page, watch.visited);
      // Too much: a clear message in the summary, and what was typed stays.
      await page.fill('#f-amount', '500 000');
      await page.fill('#f-date', '2025-06-15');
      await follow(page, page.locator('main button', { hasText: 'Lagre utbetalingen' }));
      assert.match(await mainText(page), /summen av planlagte og utbetalte beløp kan ikke bli høyere enn tilsagnet/);
      assert.equal(await page.locator('#f-amount').inputValue(), '500 000');
      await checkA11y(page, watch.visited);
      await page.fill('#f-amount', '225 000');
      await follow(page, page.locator('main button', { hasText: 'Lagre utbetalingen' }));
      text = await mainText(page);
      assert.match(text, /Utbetalingen er registrert/);
      assert.match(text, /Utbetalt 225 000 kr/);
      assert.match(text, /Ikke fordelt 225 000 kr/);
      await checkA11y(page, watch.visited);

      await page.goto(`${server.url}${overview}`);
      assert.match(await mainText(page), /1 000 000 kr 450 000 kr 225 000 kr 550 000 kr/);
      await checkA11y(page, watch.visited);
    });

    const applicant = await openPage(browser);
    await inPage(applicant, async () => {
      const { page, watch } = applicant;
      await page.goto(`${server.url}/tilskudd/soknader/mine`);
      await signInByKeyboard(page, 'grunder@example.no', DEMO_PASSWORD);
      assert.equal(pathname(page), '/tilskudd/soknader/mine');
      assert.match(await mainText(page), new RegExp(`Rapporter som er forsinket Årsrapport for 2025: ${GRANTED}`));
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main .ds-alert a', { hasText: GRANTED }));
      assert.match(pathname(page), /^\/tilskudd\/soknader\/\d+\/rapporter\/\d+$/);
      assert.match(await mainText(page), /Forsinket/);
      await checkA11y(page, watch.visited);
      // The accounts as an attachment: a wrong type is refused with the kind kept, then a PDF.
      const reportPath = pathname(page);
      await page.selectOption('#f-requirement', 'regnskap');
      await page.setInputFiles('#f-file', { name: 'regnskap.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
      await follow(page, page.locator('main button', { hasText: 'Last opp vedlegget' }));
      assert.match(await mainText(page), /Denne filtypen tas ikke imot/);
      assert.equal(await page.locator('#f-requirement').inputValue(), 'regnskap');
      await checkA11y(page, watch.visited);
      await page.setInputFiles('#f-file', { name: 'regnskap.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
      await follow(page, page.locator('main button', { hasText: 'Last opp vedlegget' }));
      assert.equal(pathname(page), reportPath);
      assert.match(await mainText(page), /regnskap\.pdf \(1 kB\) – Regnskap/);
      await checkA11y(page, watch.visited);
      // Submitting without everything: the summary says what is missing.
      await page.fill('#f-r1', '4 i fast stilling');
      await follow(page, page.locator('main button', { hasText: 'Send inn rapporten' }));
      assert.match(await mainText(page), /Skriv en kort beretning om prosjektet/);
      assert.equal(await page.locator('#f-r1').inputValue(), '4 i fast stilling');
      await checkA11y(page, watch.visited);
      await page.fill('#f-income', '620 000');
      await page.fill('#f-costs', '600 000');
      await page.fill('#f-text', 'To arbeidsledere er ansatt, og fire deltakere har fått fast stilling.');
      await follow(page, page.locator('main button', { hasText: 'Send inn rapporten' }));
      assert.match(pathname(page), /^\/tilskudd\/soknader\/\d+\/rapporter$/);
      const text = await mainText(page);
      assert.match(text, /Rapporten er sendt inn/);
      assert.match(text, /Årsrapport for 2025 2026-03-31 Sendt inn/);
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main table a', { hasText: 'Årsrapport for 2025' }));
      assert.match(await mainText(page), /4 i fast stilling/);
      assert.equal(await page.locator('#f-r1').count(), 0, 'a submitted report is read, not edited');
      assert.match(await mainText(page), /regnskap\.pdf/);
      assert.equal(await page.locator('#f-file').count(), 0, 'no uploads to a submitted report');
      await checkA11y(page, watch.visited);
    });
  });
});
