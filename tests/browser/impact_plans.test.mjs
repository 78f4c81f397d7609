// Impact plans in a real browser with the demo data, axe (WCAG 2.1 A and AA) on every page: an
// entrepreneur starts a plan and goes through the seven steps by keyboard, adds a baseline and two
// measurements, reads them against the baseline on the plan's page and its one-page report, builds
// an SROI analysis, changes the discount rate and sees the ratio change, and downloads the
// organisation's one-page report with that ratio as a PDF; then records Ferd's figures
// with a good story about a person that the public page does not show without consent. A
// coordinator's pages (the library, a new indicator with errors, programme requirements, the
// portfolio) pass axe too.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { randomId, startServer } from '../support/harness.mjs';
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
  typeInto,
} from './support.mjs';

const DEMO_PASSWORD = 'demo-passord-2026';

// Tabs to the checkbox whose label starts with `label` and ticks it with Space.
async function tick(page, label) {
  const id = await page.locator('main label', { hasText: label }).first().getAttribute('for');
  assert.ok(id, `a checkbox labelled «${label}»`);
  await tabTo(page, { tag: 'INPUT', id });
  await page.keyboard.press('Space');
  assert.equal(await page.locator(`#${id}`).isChecked(), true, `«${label}» is ticked`);
}

// Tabs to a date field and fills it (the browser's date picker is keyboard-operable; filling keeps
// the test independent of its segment order).
async function dateInto(page, name, value) {
  await tabTo(page, { tag: 'INPUT', name });
  await page.locator(`input[name="${name}"]`).fill(value);
}

// Tabs to a button by its text and presses Enter.
async function pressButton(page, text) {
  await tabTo(page, { tag: 'BUTTON', text });
  await pressAndWait(page, 'Enter');
}

describe('impact plans in the browser', () => {
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

  it('an entrepreneur goes through the seven steps, measures, builds an SROI analysis and downloads the report', { timeout: 420_000 }, async () => {
    const title = `Effektplan for verkstedet ${randomId(3)}`;
    const session = await openPage(browser, { acceptDownloads: true });
    await inPage(session, async () => {
      const { page, watch } = session;
      await page.goto(`${server.url}/effekt/planer`);
      await signInByKeyboard(page, 'grunder@example.no', DEMO_PASSWORD);
      assert.equal(pathname(page), '/effekt/planer');
      await checkA11y(page, watch.visited);

      // Start the plan.
      await chooseByKeyboard(page, 'organisation_id', 'Medarbeiderne AS');
      await typeInto(page, 'title', title);
      await typeInto(page, 'project', 'Snekkerverksted');
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /^\/effekt\/planer\/\d+\/situasjon$/, `the plan is started: ${page.url()}`);
      const base = pathname(page).replace(/\/situasjon$/, '');
      assert.match(await mainText(page), /Effektplanen er startet/);
      assert.match(await mainText(page), /0 av 7 steg er fullført/);
      await checkA11y(page, watch.visited);

      // 1 and 2: one text each.
      await typeInto(page, 'text', 'Unge uten fullført skole står utenfor arbeidslivet i Sandefjord.', 'TEXTAREA');
      await pressButton(page, 'Lagre og gå videre');
      assert.equal(pathname(page), `${base}/mal`);
      await checkA11y(page, watch.visited);
      await typeInto(page, 'text', 'Flere unge i varig arbeid.', 'TEXTAREA');
      await pressButton(page, 'Lagre og gå videre');
      assert.equal(pathname(page), `${base}/malgrupper`);
      await checkA11y(page, watch.visited);

      // 3: a target group without a name is pointed out first.
      await typeInto(page, 'g1_size', '30');
      await pressAndWait(page, 'Enter');
      assert.match(await mainText(page), /Skriv navnet på målgruppen, eller tøm raden/);
      await checkA11y(page, watch.visited);
      await typeInto(page, 'g1_name', 'Unge 18–25 år');
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), `${base}/indikatorer`);
      await checkA11y(page, watch.visited);

      // 4: indicators at the three levels.
      await tick(page, 'Deltakere som startet');
      await tick(page, 'Deltakere over i lønnet arbeid');
      await tick(page, 'Fortsatt i arbeid etter 12 måneder');
      await pressButton(page, 'Lagre og gå videre');
      assert.equal(pathname(page), `${base}/nullpunkt`);
      await checkA11y(page, watch.visited);

      // 5: the baseline of one indicator, with its target.
      const fieldset = page.locator('main fieldset', { hasText: 'Deltakere over i lønnet arbeid' });
      const valueName = await fieldset.locator('input[name$="_value"]').getAttribute('name');
      const k = /^b(\d+)_value$/.exec(valueName)[1];
      await typeInto(page, `b${k}_value`, '20');
      await dateInto(page, `b${k}_date`, '2026-01-15');
      await typeInto(page, `b${k}_target`, '40');
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), `${base}/malinger`);
      await checkA11y(page, watch.visited);

      // 6: the schedule and two measurements.
      await typeInto(page, 'schedule', 'Hvert halvår, fra deltakerregisteret.', 'TEXTAREA');
      await chooseByKeyboard(page, 'indicator_id', 'Deltakere over i lønnet arbeid (prosent)');
      await dateInto(page, 'measured_on', '2026-06-30');
      await typeInto(page, 'value', '25');
      await typeInto(page, 'sample_size', '12');
      await pressButton(page, 'Lagre');
      assert.equal(pathname(page), `${base}/malinger`);
      assert.match(await mainText(page), /Målingen er registrert/);
      await checkA11y(page, watch.visited);
      await chooseByKeyboard(page, 'indicator_id', 'Deltakere over i lønnet arbeid (prosent)');
      await dateInto(page, 'measured_on', '2026-12-31');
      await typeInto(page, 'value', '33,3');
      await typeInto(page, 'sample_size', '15');
      await typeInto(page, 'evidence', 'Deltakerregisteret', 'TEXTAREA');
      await pressButton(page, 'Lagre og gå videre');
      assert.equal(pathname(page), `${base}/evaluering`);
      await checkA11y(page, watch.visited);

      // 7: an evaluation, and on to the plan's page.
      await dateInto(page, 'held_on', '2027-01-20');
      await typeInto(page, 'findings', 'Flere i arbeid enn ventet.', 'TEXTAREA');
      await typeInto(page, 'adjustments', 'Oppfølging etter overgang til arbeid.', 'TEXTAREA');
      await pressButton(page, 'Lagre og gå videre');
      assert.equal(pathname(page), base);
      await checkA11y(page, watch.visited);
      const text = await mainText(page);
      assert.match(text, /Nullpunkt: 20 \(15\.01\.2026\) · Mål: 40/);
      assert.match(text, /30\.06\.2026\s+25\s+\+5 \(bedre\)\s+Ikke nådd\s+12/);
      assert.match(text, /31\.12\.2026\s+33,3\s+\+13,3 \(bedre\)\s+Ikke nådd\s+15\s+Deltakerregisteret/);
      assert.equal(await page.locator('main svg.site-chart title').first().textContent(), 'Utvikling for Deltakere over i lønnet arbeid');
      // Two of the three indicators still lack a baseline: step 5 is not complete.
      assert.match(text, /6 av 7 steg er fullført/);

      // The plan's one-page report: the measurements against the baseline.
      await follow(page, page.getByRole('link', { name: 'Rapport på én side' }));
      assert.equal(pathname(page), `${base}/rapport`);
      assert.match(await mainText(page), /Nullpunkt: 20/);
      assert.ok((await page.locator('main svg[role="img"] title').count()) > 0, 'a chart with a title');
      await checkA11y(page, watch.visited);
      const ferd = await page.getByRole('link', { name: 'Ferds tall', exact: true }).getAttribute('href');
      const orgId = /^\/effekt\/aktorer\/(\d+)\/ferd$/.exec(ferd)?.[1];
      assert.ok(orgId, `the organisation of the plan: ${ferd}`);

      // An SROI analysis for the same organisation; the discount rate changed, the ratio with it.
      await page.goto(`${server.url}/aktorer/${orgId}/sroi`);
      await checkA11y(page, watch.visited);
      await page.getByLabel('Navn på analysen').fill(`SROI for ${title}`);
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), new RegExp(`^/aktorer/${orgId}/sroi/\\d+$`));
      await page.fill('#f-i1_year', '0');
      await page.fill('#f-i1_amount', '2 000 000');
      await page.fill('#f-l1_name', 'Deltakere i fast arbeid');
      await page.fill('#f-l1_stakeholder', 'Deltakerne');
      await page.fill('#f-l1_quantity', '12');
      await page.fill('#f-l1_proxy', '150 000');
      await page.fill('#f-l1_duration', '3');
      await page.fill('#f-l1_deadweight', '20');
      await page.fill('#f-l1_displacement', '10');
      await page.fill('#f-l1_attribution', '25');
      await page.fill('#f-l1_drop_off', '20');
      await page.locator('#f-l1_drop_off').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(await page.locator('#sroi-ratio').innerText(), '1,10 : 1');
      await checkA11y(page, watch.visited);
      await page.fill('#f-rate', '0');
      await page.locator('#f-rate').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(await page.locator('#sroi-ratio').innerText(), '1,19 : 1', 'undiscounted: 2 371 680 over 2 000 000');
      await checkA11y(page, watch.visited);

      // The organisation's one-page report carries the new ratio, and downloads as one A4 page.
      await page.goto(`${server.url}/effekt/aktorer/${orgId}/rapport`);
      assert.match(await mainText(page), /1,19 : 1/);
      await checkA11y(page, watch.visited);
      await tabTo(page, { tag: 'A', text: 'Last ned som PDF (én A4-side)' });
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      const bytes = await readFile(await download.path());
      assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
      assert.equal(pdfPages(bytes), 1);

      // The plan is kept: it is on the list.
      await page.goto(`${server.url}/effekt/planer`);
      assert.match(await mainText(page), new RegExp(title));
    });
  });

  it('records Ferd\'s figures; a story about a person stays off the public page without consent', { timeout: 120_000 }, async () => {
    const story = `Per fikk læreplass etter et år hos oss ${randomId(2)}.`;
    const session = await openPage(browser);
    await inPage(session, async () => {
      const { page, watch } = session;
      await page.goto(`${server.url}/logg-inn`);
      await signInByKeyboard(page, 'grunder@example.no', DEMO_PASSWORD);
      await page.goto(`${server.url}/indikatorer`);
      await checkA11y(page, watch.visited);
      // Medarbeiderne AS's own Ferd page, found through the demo plan's organisation.
      await page.goto(`${server.url}/effekt/planer`);
      const orgId = await page.locator('#f-organisation_id option', { hasText: 'Medarbeiderne AS' }).getAttribute('value');
      await page.goto(`${server.url}/effekt/aktorer/${orgId}/ferd`);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Vises ikke offentlig: samtykke mangler/, 'the demo story of 2025 lacks consent');
      await tabTo(page, { tag: 'INPUT', name: 'aar' });
      await page.keyboard.press('Control+A');
      await page.keyboard.type('2026');
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), `/effekt/aktorer/${orgId}/ferd/2026`);
      await checkA11y(page, watch.visited);
      await typeInto(page, 'high_contact', '30');
      await typeInto(page, 'low_contact', 'mange');
      await typeInto(page, 'success_criterion', 'I arbeid eller utdanning etter seks måneder');
      await typeInto(page, 'success_percent', '44');
      await typeInto(page, 'revenue', '15 000 000');
      await typeInto(page, 'result', '-200 000');
      await typeInto(page, 'story', story, 'TEXTAREA');
      await tabTo(page, { tag: 'INPUT', name: 'story_about_person' });
      await page.keyboard.press('Space');
      await pressButton(page, 'Lagre tallene');
      assert.match(await mainText(page), /Skriv et helt tall, 0 eller mer/);
      assert.equal(await page.locator('#f-story').inputValue(), story, 'the story is kept');
      await checkA11y(page, watch.visited);
      await page.locator('#f-low_contact').fill('');
      await typeInto(page, 'low_contact', '170');
      await pressButton(page, 'Lagre tallene');
      assert.equal(pathname(page), `/effekt/aktorer/${orgId}/ferd`);
      assert.match(await mainText(page), new RegExp(story.replace(/[.]/g, '\\.')));
      await page.goto(`${server.url}/effekt/aktorer/${orgId}`);
      await checkA11y(page, watch.visited);
      const pub = await mainText(page);
      assert.match(pub, /2026\s+30\s+170/);
      assert.ok(!pub.includes(story), 'no consent: not public');
    });
  });

  it('a coordinator\'s pages pass axe: the library, a refused indicator, requirements, the portfolio', { timeout: 120_000 }, async () => {
    const session = await openPage(browser);
    await inPage(session, async () => {
      const { page, watch } = session;
      await page.goto(`${server.url}/logg-inn`);
      await signInByKeyboard(page, 'koordinator@example.no', DEMO_PASSWORD);
      await page.goto(`${server.url}/indikatorer/ny`);
      await checkA11y(page, watch.visited);
      await typeInto(page, 'name', 'Deltakere med fagbrev');
      await tabTo(page, { tag: 'BUTTON', text: 'Opprett indikatoren' });
      await pressAndWait(page, 'Enter');
      assert.match(await mainText(page), /Skriv hvordan indikatoren er definert/);
      assert.equal(await page.locator('#f-name').inputValue(), 'Deltakere med fagbrev');
      await checkA11y(page, watch.visited);
      await page.goto(`${server.url}/indikatorer/programkrav`);
      await checkA11y(page, watch.visited);
      await page.locator('main table a').first().click();
      await page.waitForLoadState('load');
      await checkA11y(page, watch.visited);
      await page.goto(`${server.url}/effekt/ferd`);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Medarbeiderne AS/);
      await page.goto(`${server.url}/indikatorer?niva=effekt`);
      await checkA11y(page, watch.visited);
      // The demo plan, read by a coordinator.
      await page.goto(`${server.url}/effekt/planer`);
      await page.locator('main a', { hasText: 'Effektplan 2025–2027' }).click();
      await page.waitForLoadState('load');
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Fortsatt i arbeid etter 12 måneder/);
    });
  });
});
