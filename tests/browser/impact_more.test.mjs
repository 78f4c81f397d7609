// Impact measurement's fourth slice in a real browser, axe (WCAG 2.1 A and AA) on every page: a
// member edits a measurement by keyboard, first attaching a file of the wrong type (refused, with
// what was typed kept) and then a PDF (chosen with the file field focused from the keyboard, the
// file set with setInputFiles), deletes another measurement after its confirmation page, and
// switches a stored SROI analysis to Finansdepartementet's R-109 schedule and sees it printed
// beside the changed ratio.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { pathOf, startServer, userWithRole } from '../support/harness.mjs';
import { memberOf, submit } from '../support/market.mjs';
import { checkA11y, focused, inPage, launchChromium, mainText, openPage, pathname, pressAndWait, signInByKeyboard, tabTo } from './support.mjs';

async function indicatorId(client, name) {
  const res = await client.get('/indikatorer');
  const m = new RegExp(`<a href="/indikatorer/(\\d+)">${name}</a>`).exec(res.body);
  assert.ok(m, `the library lists «${name}»`);
  return m[1];
}

// Tabs to the link with this accessible name (its aria-label) and follows it with Enter.
async function followByKeyboard(page, label) {
  const href = await page.locator(`main a[aria-label="${label}"]`).getAttribute('href');
  assert.ok(href, `a link «${label}»`);
  await tabTo(page, { tag: 'A', href });
  await pressAndWait(page, 'Enter');
}

// Tabs to a field by id, selects what it holds and types over it.
async function retype(page, id, text) {
  await tabTo(page, { id });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

// Focuses the file field from the keyboard and chooses the file (the browser's dialog is not
// scriptable: setInputFiles stands in for it).
async function chooseFile(page, file) {
  await tabTo(page, { tag: 'INPUT', id: 'f-evidence_file' });
  await page.locator('#f-evidence_file').setInputFiles(file);
}

const LONG = {
  title: 'Lang virkning', stakeholders: 'Deltakerne', rate_schedule: 'constant', rate: '4', first_year: 'ja',
  drop_off_starts: 'second_year', sens_pct: '10', inv_rows: '3', line_rows: '3', i1_year: '0', i1_amount: '1 000',
  l1_name: 'Varig arbeid', l1_quantity: '1', l1_proxy: '1 000', l1_duration: '75', l1_deadweight: '0',
  l1_displacement: '0', l1_attribution: '0', l1_drop_off: '0',
};

describe('impact measurement, fourth slice, in the browser', () => {
  let server, browser, member, plan, analysis;
  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    browser = await launchChromium();
    const coordinator = await userWithRole(server, 'coordinator');
    member = await memberOf(server, 'social_enterprise', { coordinator });
    const c = member.client;
    const working = await indicatorId(c, 'Deltakere over i lønnet arbeid');
    const res = await submit(c, '/effekt/planer', '/effekt/planer', { organisation_id: member.orgId, title: 'Effektplan for verkstedet' });
    plan = /^\/effekt\/planer\/(\d+)\//.exec(pathOf(res.location))[1];
    const base = `/effekt/planer/${plan}`;
    await submit(c, `${base}/indikatorer`, `${base}/indikatorer`, { indicators: [working], go: 'next' });
    await submit(c, `${base}/nullpunkt`, `${base}/nullpunkt`, { [`b${working}_value`]: '20', [`b${working}_date`]: '2026-01-15', [`b${working}_target`]: '40' });
    for (const [on, value] of [['2026-06-30', '25'], ['2026-12-31', '31']])
      await submit(c, `${base}/malinger`, `${base}/malinger`, { indicator_id: working, measured_on: on, value });
    const list = `/aktorer/${member.orgId}/sroi`;
    const created = await submit(c, list, list, { title: LONG.title });
    analysis = pathOf(created.location);
    const saved = await submit(c, analysis, analysis, LONG);
    assert.equal(saved.status, 303);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('edits a measurement and attaches evidence by keyboard, then deletes another', { timeout: 180_000 }, async () => {
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      const step = `/effekt/planer/${plan}/malinger`;
      await page.goto(`${server.url}/logg-inn?next=${encodeURIComponent(step)}`);
      await signInByKeyboard(page, member.email, member.password);
      assert.equal(pathname(page), step);
      await checkA11y(page, watch.visited);

      await followByKeyboard(page, 'Endre målingen av Deltakere over i lønnet arbeid 30.06.2026');
      assert.match(pathname(page), /\/malinger\/\d+\/endre$/);
      await checkA11y(page, watch.visited);
      assert.equal(await page.locator('#f-value').inputValue(), '25');
      await retype(page, 'f-value', '26,5');
      await retype(page, 'f-sample_size', '14');
      await retype(page, 'f-evidence', 'Deltakerregisteret, juni');
      // The wrong type first: refused, everything typed kept, the summary leads to the file field.
      await chooseFile(page, { name: 'tall.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
      await tabTo(page, { tag: 'BUTTON', text: 'Lagre endringene' });
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 422);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Denne filtypen tas ikke imot/);
      assert.equal(await page.locator('#f-value').inputValue(), '26,5');
      assert.equal(await page.locator('#f-sample_size').inputValue(), '14');
      assert.equal(await page.locator('#f-evidence').inputValue(), 'Deltakerregisteret, juni');
      await tabTo(page, { tag: 'A', href: '#f-evidence_file' });
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'f-evidence_file');
      assert.equal((await focused(page)).id, 'f-evidence_file');
      await page.locator('#f-evidence_file').setInputFiles({
        name: 'Deltakerliste juni.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% liste\n%%EOF\n'),
      });
      await tabTo(page, { tag: 'BUTTON', text: 'Lagre endringene' });
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), step);
      await checkA11y(page, watch.visited);
      let text = await mainText(page);
      assert.match(text, /Målingen er endret/);
      assert.match(text, /30\.06\.2026 26,5 14 Deltakerregisteret, juni Deltakerliste juni\.pdf \(1 kB\)/);

      // The plan's page links the file for download.
      await page.goto(`${server.url}/effekt/planer/${plan}`);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Deltakerliste juni\.pdf/);

      // Delete the other measurement after the confirmation page.
      await page.goto(`${server.url}${step}`);
      await followByKeyboard(page, 'Slett målingen av Deltakere over i lønnet arbeid 31.12.2026');
      assert.match(pathname(page), /\/malinger\/\d+\/slett$/);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Slette målingen\?/);
      await tabTo(page, { tag: 'BUTTON', text: 'Ja, slett målingen' });
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), step);
      await checkA11y(page, watch.visited);
      text = await mainText(page);
      assert.match(text, /Målingen er slettet/);
      assert.ok(!text.includes('31.12.2026'), 'gone');
      assert.match(text, /26,5/);
    });
  });

  it('switches a stored analysis to the R-109 schedule and sees it printed beside the ratio', { timeout: 120_000 }, async () => {
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/logg-inn?next=${encodeURIComponent(analysis)}`);
      await signInByKeyboard(page, member.email, member.password);
      assert.equal(pathname(page), analysis);
      await checkA11y(page, watch.visited);
      assert.equal(await page.locator('#sroi-ratio').innerText(), '23,68 : 1');
      assert.match(await mainText(page), /Diskonteringsrente: 4 %\./);
      // The radio group: Tab reaches the chosen one, the arrow key moves the choice.
      await tabTo(page, { tag: 'INPUT', id: 'f-rate_schedule' });
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('#f-rate_schedule-r109').isChecked(), true);
      await tabTo(page, { tag: 'INPUT', id: 'f-rate' });
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), analysis);
      await checkA11y(page, watch.visited);
      assert.equal(await page.locator('#sroi-ratio').innerText(), '24,27 : 1');
      assert.match(await page.locator('#sroi-conventions').innerText(),
        /Diskonteringsrente etter Finansdepartementets rundskriv R-109: 4 % i år 1–40, deretter 3 % i år 41–75\./);
      assert.equal(await page.locator('#f-rate_schedule-r109').isChecked(), true, 'stored with the analysis');
    });
  });
});
