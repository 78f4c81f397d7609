// Grant attachments and scheme settings in a real browser with the demo data, axe (WCAG 2.1 A and
// AA) on every page: an applicant's wrong file type is refused on the attachments step with the
// choice kept, a required attachment is uploaded with the keyboard, the check page names what is
// still missing; the scheme owner reads the attachments of a submitted application, gets clear
// messages for a mistyped report rule and changes the scheme's service area.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomId, startServer } from '../support/harness.mjs';
import {
  checkA11y,
  follow,
  inPage,
  launchChromium,
  mainText,
  openPage,
  pathname,
  pressAndWait,
  signInByKeyboard,
} from './support.mjs';

const DEMO_PASSWORD = 'demo-passord-2026';
const OPEN_CALL = 'Samarbeid med sosiale entreprenører – utlysning i år';
const SCHEME = 'Tilskudd til samarbeid med sosiale entreprenører';
const pdf = (text) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

describe('grant attachments and scheme settings in the browser', () => {
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

  it('an applicant is refused a wrong file, uploads by keyboard and is told what is missing', { timeout: 180_000 }, async () => {
    const title = `Vedleggsprøve ${randomId(3)}`;
    const s = await openPage(browser);
    await inPage(s, async () => {
      const { page, watch } = s;
      await page.goto(`${server.url}/tilskudd`);
      await follow(page, page.locator('main a', { hasText: OPEN_CALL }));
      await follow(page, page.locator('main a', { hasText: 'Logg inn for å søke' }));
      await signInByKeyboard(page, 'grunder@example.no', DEMO_PASSWORD);
      await page.selectOption('#f-organisation_id', { label: 'Medarbeiderne AS' });
      await follow(page, page.locator('main button', { hasText: 'Start en søknad' }));
      await page.fill('#f-title', title);
      await follow(page, page.locator('main button', { hasText: 'Lagre og gå videre' }));
      await follow(page, page.locator('nav a', { hasText: 'Vedlegg' }));
      assert.match(pathname(page), /\/vedlegg$/);
      await checkA11y(page, watch.visited);

      // A program named like a PDF is refused; the choice made stays.
      await page.selectOption('#f-requirement', { label: 'Samarbeidsavtale med kommunen, eller utkast til en' });
      await page.setInputFiles('#f-file', { name: 'avtale.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00') });
      await follow(page, page.locator('main button', { hasText: 'Last opp vedlegget' }));
      let text = await mainText(page);
      assert.match(text, /Denne filtypen tas ikke imot, eller innholdet stemmer ikke med filnavnet/);
      assert.equal(await page.locator('#f-requirement option:checked').textContent(),
        'Samarbeidsavtale med kommunen, eller utkast til en');
      await checkA11y(page, watch.visited);

      // The right file, chosen and sent with the keyboard.
      await page.setInputFiles('#f-file', { name: 'samarbeidsavtale.pdf', mimeType: 'application/pdf', buffer: pdf('avtale') });
      await page.locator('main button', { hasText: 'Last opp vedlegget' }).focus();
      await pressAndWait(page, 'Enter');
      text = await mainText(page);
      assert.match(text, /Vedlegget er lastet opp/);
      assert.match(text, /samarbeidsavtale\.pdf/);
      assert.match(text, /Mangler Budsjett for hvordan driften som helhet er finansiert/);
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main a', { hasText: 'Gå videre til kontroll og innsending' }));
      text = await mainText(page);
      assert.match(text, /Vedlegget «Budsjett for hvordan driften som helhet er finansiert» mangler/);
      assert.match(text, /Vedlegget «Samarbeidsavtale med kommunen, eller utkast til en» er lastet opp/);
      await checkA11y(page, watch.visited);
      // Deleting it again, from the step.
      await follow(page, page.locator('main a', { hasText: 'Rett opp under «Vedlegg»' }).first());
      await follow(page, page.locator('main button', { hasText: 'Slett' }).first());
      assert.match(await mainText(page), /Vedlegget er slettet/);
      await checkA11y(page, watch.visited);
    });
  });

  it('the owner reads a submitted application\'s attachments and manages the scheme\'s settings', { timeout: 180_000 }, async () => {
    const s = await openPage(browser);
    await inPage(s, async () => {
      const { page, watch } = s;
      await page.goto(`${server.url}/tilskudd/soknader/mine`);
      await signInByKeyboard(page, 'kommune@example.no', DEMO_PASSWORD);
      await page.goto(`${server.url}/tilskudd`);
      await follow(page, page.locator('main a', { hasText: 'utlysning i fjor' }));
      await follow(page, page.locator('main a', { hasText: 'Se innsendte søknader' }).first());
      await follow(page, page.locator('main table a').first());
      const text = await mainText(page);
      assert.match(text, /Budsjett for hvordan driften som helhet er finansiert\.pdf/);
      await checkA11y(page, watch.visited);

      // The scheme's settings.
      await page.goto(`${server.url}/tilskudd`);
      await follow(page, page.locator('main a', { hasText: OPEN_CALL }));
      await follow(page, page.locator('main a', { hasText: SCHEME }).first());
      await follow(page, page.locator('main a', { hasText: 'Forvalt ordningen: regelsett og utlysninger' }));
      assert.match(pathname(page), /\/forvalt$/);
      await checkA11y(page, watch.visited);
      await page.fill('#f-valid_from', '2040-01-01');
      await page.fill('#f-report_day', '31');
      await page.fill('#f-report_month', '2');
      await page.fill('#f-final_days', 'tre måneder');
      await follow(page, page.locator('main button', { hasText: 'Legg til regelsettet' }));
      let body = await mainText(page);
      assert.match(body, /Fristen for årsrapporten må være en dato som finnes/);
      assert.match(body, /som et helt tall fra 0 til 365/);
      assert.equal(await page.locator('#f-final_days').inputValue(), 'tre måneder');
      await checkA11y(page, watch.visited);

      await page.selectOption('#f-service_area', { label: 'Eldreomsorg' });
      await follow(page, page.locator('main button', { hasText: 'Lagre tjenesteområdet' }));
      body = await mainText(page);
      assert.match(body, /Tjenesteområdet er lagret/);
      assert.equal(await page.locator('#f-service_area option:checked').textContent(), 'Eldreomsorg');
      await checkA11y(page, watch.visited);
    });
  });
});
