// Grants in a real browser with the demo data, axe (WCAG 2.1 A and AA) on every page: an
// entrepreneur starts an application to Sandefjord's open call, leaves after the first step,
// comes back in a new session to the saved draft, gets a plain explanation of a failed
// co-financing rule, uploads the required attachments with the keyboard, fixes the budget and
// submits, and reads the receipt (with the attachments listed).
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

describe('grants in the browser', () => {
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

  it('an entrepreneur writes an application over two sessions, fixes a failed rule and submits', { timeout: 180_000 }, async () => {
    const title = `Gjenbruksverksted for unge ${randomId(3)}`;

    // First session: find the call, start an application, fill in the project and leave.
    const first = await openPage(browser);
    await inPage(first, async () => {
      const { page, watch } = first;
      await page.goto(`${server.url}/tilskudd`);
      await checkA11y(page, watch.visited);
      const text = await mainText(page);
      assert.ok(text.indexOf(OPEN_CALL) >= 0 && text.indexOf(OPEN_CALL) < text.indexOf('utlysning i fjor'), 'open calls first');
      await follow(page, page.locator('main a', { hasText: OPEN_CALL }));
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Tilskudd gis for inntil 24 måneder/);
      await follow(page, page.locator('main a', { hasText: 'Logg inn for å søke' }));
      await signInByKeyboard(page, 'grunder@example.no', DEMO_PASSWORD);
      assert.match(pathname(page), /^\/tilskudd\/\d+$/, 'back on the call after signing in');
      await page.selectOption('#f-organisation_id', { label: 'Medarbeiderne AS' });
      await follow(page, page.locator('main button', { hasText: 'Start en søknad' }));
      assert.match(pathname(page), /^\/tilskudd\/soknader\/\d+\/prosjekt$/, `a draft is started: ${page.url()}`);
      assert.match(await mainText(page), /Søknaden er startet og lagret som utkast/);
      await checkA11y(page, watch.visited);
      await page.fill('#f-title', title);
      await page.fill('#f-description', 'Unge reparerer og selger brukte møbler sammen med erfarne håndverkere.');
      await page.fill('#f-target_group', 'Unge utenfor skole og arbeid');
      await page.fill('#f-period_from', '2027-01');
      await page.fill('#f-period_to', '2028-12');
      await page.locator('#f-title').focus();
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /\/resultater$/, 'saved and on to the next step');
      await checkA11y(page, watch.visited);
    });

    // Second session: the draft is where it was left.
    const second = await openPage(browser);
    await inPage(second, async () => {
      const { page, watch } = second;
      await page.goto(`${server.url}/tilskudd/soknader/mine`);
      await signInByKeyboard(page, 'grunder@example.no', DEMO_PASSWORD);
      assert.equal(pathname(page), '/tilskudd/soknader/mine');
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main a', { hasText: title }));
      assert.match(await mainText(page), /Søknaden er et utkast og er ikke sendt inn/);
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main a', { hasText: 'Fortsett søknaden' }));
      assert.equal(await page.locator('#f-title').inputValue(), title, 'the title was kept');
      assert.equal(await page.locator('#f-period_to').inputValue(), '2028-12');

      await follow(page, page.locator('nav a', { hasText: 'Forventede resultater' }));
      await checkA11y(page, watch.visited);
      await page.fill('#f-k1_description', 'Flere unge i arbeid');
      await page.fill('#f-k1_indicator', 'Andel deltakere i arbeid etter 12 måneder');
      await page.fill('#f-k1_baseline', '10 %');
      await page.fill('#f-k1_target', '35 %');
      await page.locator('#f-k1_description').focus();
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /\/budsjett$/);
      await checkA11y(page, watch.visited);

      // Only 10 % from others where the scheme asks for at least 20 %.
      await page.fill('#f-b1_category', 'Lønn');
      await page.fill('#f-b1_year', '2027');
      await page.fill('#f-b1_amount', '300 000');
      await page.fill('#f-b2_category', 'Lønn');
      await page.fill('#f-b2_year', '2028');
      await page.fill('#f-b2_amount', '200 000');
      await page.selectOption('#f-f1_source', 'own');
      await page.fill('#f-f1_description', 'Salg av møbler');
      await page.fill('#f-f1_amount', '50 000');
      await page.selectOption('#f-f2_source', 'scheme');
      await page.fill('#f-f2_description', 'Sandefjord kommune');
      await page.fill('#f-f2_amount', '450 000');
      await page.locator('#f-f2_amount').focus();
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /\/vilkar$/);
      await checkA11y(page, watch.visited);
      await page.check('#f-cooperation');
      await page.check('#f-d_inkludering');
      await page.fill('#f-x_inkludering', 'Vi samarbeider med NAV Sandefjord om hver deltaker.');
      await follow(page, page.locator('main button', { hasText: 'Lagre og gå videre' }));

      // The attachments the scheme requires, chosen and uploaded with the keyboard.
      assert.match(pathname(page), /\/vedlegg$/);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Mangler Budsjett for hvordan driften som helhet er finansiert/);
      const required = ['Budsjett for hvordan driften som helhet er finansiert', 'Samarbeidsavtale med kommunen, eller utkast til en'];
      for (const [i, label] of required.entries()) {
        await page.locator('#f-requirement').focus();
        await page.keyboard.press('Home');
        for (let k = 0; k < i; k++) await page.keyboard.press('ArrowDown');
        assert.equal(await page.locator('#f-requirement option:checked').textContent(), label);
        await page.setInputFiles('#f-file', {
          name: `vedlegg-${i + 1}.pdf`, mimeType: 'application/pdf',
          buffer: Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`),
        });
        await page.locator('main button', { hasText: 'Last opp vedlegget' }).focus();
        await pressAndWait(page, 'Enter');
        assert.match(pathname(page), /\/vedlegg$/);
        assert.match(await mainText(page), /Vedlegget er lastet opp/);
        assert.match(await mainText(page), new RegExp(`Lastet opp ${label}`));
      }
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main a', { hasText: 'Gå videre til kontroll og innsending' }));
      assert.match(pathname(page), /\/kontroll$/);
      await checkA11y(page, watch.visited);
      let text = await mainText(page);
      assert.match(text, /minst 20 % av budsjettet må finansieres av andre enn ordningen, altså minst 100 000 kr\. Nå er andelen 10 %/);
      assert.equal(await page.locator('main button', { hasText: 'Send inn søknaden' }).count(), 0, 'no submit while a rule fails');

      // Fix it where the explanation points.
      await follow(page, page.locator('main a', { hasText: 'Rett opp under «Budsjett og finansiering»' }).first());
      assert.equal(await page.locator('#f-f1_amount').inputValue(), '50 000', 'the saved budget is shown');
      await page.fill('#f-f1_amount', '100 000');
      await page.fill('#f-f2_amount', '400 000');
      await page.locator('#f-f2_amount').focus();
      await pressAndWait(page, 'Enter');
      await follow(page, page.locator('nav a', { hasText: 'Kontroll og innsending' }));
      text = await mainText(page);
      assert.match(text, /Søknaden oppfyller alle reglene og kan sendes inn/);
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main button', { hasText: 'Send inn søknaden' }));
      assert.match(pathname(page), /^\/tilskudd\/soknader\/\d+$/);
      text = await mainText(page);
      assert.match(text, /Søknaden er sendt inn\. Du får en kopi på e-post/);
      assert.match(text, /Kvittering/);
      assert.match(text, /Søknaden ble sendt inn \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d/);
      assert.match(text, /Søkt beløp: 400 000 kr/);
      assert.match(text, /vedlegg-1\.pdf/);
      await checkA11y(page, watch.visited);
    });
  });
});
