// Grant review and decisions in a real browser with the demo data, axe (WCAG 2.1 A and AA) on
// every page: the owner assigns a reviewer to a submitted application; the reviewer declares
// impartiality and scores each priority; the owner sees the weighted total and the ranking and
// decides; the applicant reads the decision letter (also as PDF) and the log; and the NAV office's contact
// receives the notice (from the SMTP sink).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomId, startServer, userWithRole, waitForMail } from '../support/harness.mjs';
import { memberOf, submit } from '../support/market.mjs';
import { uploadRequired } from '../support/grant_files.mjs';
import { checkA11y, follow, inPage, launchChromium, mainText, openPage, pathname, signInByKeyboard } from './support.mjs';

const DEMO_PASSWORD = 'demo-passord-2026';
const OPEN_CALL = 'Samarbeid med sosiale entreprenører – utlysning i år';
const NAV_CONTACT = 'lars.eksempelsen@example.no';

// A submitted application to the open call, written over HTTP (the browser test of writing one
// is tests/browser/grants.test.mjs); returns its id.
async function submittedApplication(server, member, title) {
  const c = member.client;
  const list = await c.get('/tilskudd');
  const call = new RegExp(`<a href="/tilskudd/(\\d+)">${OPEN_CALL}</a>`).exec(list.body)[1];
  const start = await submit(c, `/tilskudd/${call}`, `/tilskudd/${call}/soknad`, { organisation_id: member.orgId });
  const aid = /\/tilskudd\/soknader\/(\d+)\//.exec(start.location)[1];
  const base = `/tilskudd/soknader/${aid}`;
  const steps = [
    ['prosjekt', { title, description: 'Unge reparerer sykler sammen med erfarne mekanikere.', target_group: 'Unge',
      municipalities: ['3907'], period_from: '2027-01', period_to: '2027-12', go: 'next' }],
    ['resultater', { rows: 3, k1_description: 'Flere i arbeid', k1_indicator: 'Antall i arbeid', k1_baseline: '0',
      k1_target: '5', go: 'next' }],
    ['budsjett', { brows: 4, frows: 4, b1_category: 'Lønn', b1_year: '2027', b1_amount: '400 000', f1_source: 'own',
      f1_description: 'Salg', f1_amount: '100 000', f2_source: 'scheme', f2_description: 'Sandefjord kommune',
      f2_amount: '300 000', go: 'next' }],
    ['vilkar', { cooperation: '1', d_inkludering: '1', x_inkludering: 'Samarbeid med NAV.', go: 'next' }],
  ];
  for (const [step, fields] of steps) {
    const res = await submit(c, `${base}/${step}`, `${base}/${step}`, fields);
    assert.equal(res.status, 303, `${step}: ${res.status}`);
  }
  await uploadRequired(c, aid);
  const sent = await submit(c, `${base}/kontroll`, `${base}/send`);
  assert.equal(sent.status, 303);
  return aid;
}

describe('grant review in the browser', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ demo: true, env: { SAMSKAP_JOBS_POLL_MS: '100' } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a reviewer declares impartiality and scores, the owner decides, the applicant reads the letter, NAV is told', { timeout: 240_000 }, async () => {
    const coordinator = await userWithRole(server, 'coordinator');
    const applicant = await memberOf(server, 'social_enterprise', { coordinator, municipality: '3907' });
    const reviewer = await userWithRole(server, 'none', { name: 'Rita Vurderer' });
    const title = `Sykkelverksted ${randomId(3)}`;
    const aid = await submittedApplication(server, applicant, title);
    const base = `/tilskudd/soknader/${aid}`;

    // The owner assigns the reviewer.
    const owner = await openPage(browser);
    await inPage(owner, async () => {
      const { page, watch } = owner;
      await page.goto(`${server.url}${base}`);
      await signInByKeyboard(page, 'kommune@example.no', DEMO_PASSWORD);
      assert.equal(pathname(page), base);
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main a', { hasText: 'Behandle søknaden' }));
      assert.equal(pathname(page), `${base}/behandling`);
      await checkA11y(page, watch.visited);
      // A mistyped address: a clear message in the summary, and the field keeps it.
      await page.fill('#f-email', 'ingen.slik@example.no');
      await follow(page, page.locator('main button', { hasText: 'Oppnevn' }));
      assert.match(await mainText(page), /Ingen bruker har denne e-postadressen/);
      assert.equal(await page.locator('#f-email').inputValue(), 'ingen.slik@example.no');
      await checkA11y(page, watch.visited);
      await page.fill('#f-email', reviewer.email);
      await follow(page, page.locator('main button', { hasText: 'Oppnevn' }));
      assert.match(await mainText(page), /Rita Vurderer .* Har ikke erklært habilitet/);
      // A new scheme names the service area whose contact people hear about its grants.
      await page.goto(`${server.url}/tilskudd/ordninger/ny`);
      assert.equal(await page.locator('#f-service_area option', { hasText: 'Arbeidsinkludering' }).count(), 1);
      await checkA11y(page, watch.visited);
    });

    // The reviewer declares impartiality, reads the application and scores it.
    const rev = await openPage(browser);
    await inPage(rev, async () => {
      const { page, watch } = rev;
      await page.goto(`${server.url}/tilskudd/vurderinger`);
      await signInByKeyboard(page, reviewer.email, reviewer.password);
      assert.equal(pathname(page), '/tilskudd/vurderinger');
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main a', { hasText: title }));
      assert.equal(pathname(page), `${base}/vurdering`);
      assert.doesNotMatch(await mainText(page), /erfarne mekanikere/, 'nothing of the application before the declaration');
      await checkA11y(page, watch.visited);
      await page.check('#f-impartial');
      await follow(page, page.locator('main button', { hasText: 'Send erklæringen' }));
      assert.match(await mainText(page), /Erklæringen er lagret/);
      await checkA11y(page, watch.visited);
      // A missing score is pointed out.
      await page.check('#f-s_resultater-4');
      await follow(page, page.locator('main button', { hasText: 'Lagre poeng' }));
      assert.match(await mainText(page), /Gi et poeng fra 1 til 5/);
      await checkA11y(page, watch.visited);
      await page.check('#f-s_resultater-4');
      await page.fill('#f-c_resultater', 'Resultatene er godt dokumentert.');
      await page.check('#f-s_samarbeid-3');
      await page.check('#f-s_losning-5');
      await follow(page, page.locator('main button', { hasText: 'Lagre poeng' }));
      // (3·4 + 2·3 + 1·5) / 6 = 23/6 = 3,83
      assert.match(await mainText(page), /Din vektede sum: 3,83 av 5/);
      await follow(page, page.locator('main a', { hasText: 'Les hele søknaden' }));
      assert.match(await mainText(page), /erfarne mekanikere/);
      await checkA11y(page, watch.visited);
    });

    // The owner sees the total and the ranking, and grants.
    const before = server.sink.messages.length;
    const owner2 = await openPage(browser);
    await inPage(owner2, async () => {
      const { page, watch } = owner2;
      await page.goto(`${server.url}${base}/behandling`);
      await signInByKeyboard(page, 'kommune@example.no', DEMO_PASSWORD);
      assert.match(await mainText(page), /Vektet sum: 3,83 av 5/);
      await follow(page, page.locator('main a', { hasText: 'Rangering og gjenstående ramme' }));
      assert.match(await mainText(page), new RegExp(`${title} .* 3,83`));
      await checkA11y(page, watch.visited);
      await page.goBack();
      await page.check('#f-outcome');
      await page.fill('#f-amount', '250 000');
      await page.fill('#f-conditions', 'Samarbeidsavtalen signeres før første utbetaling.');
      await follow(page, page.locator('main button', { hasText: 'Fatt vedtak' }));
      assert.equal(pathname(page), `${base}/behandling`);
      assert.match(await mainText(page), /Innvilget 250 000 kr for perioden 2027-01 – 2027-12/);
      await checkA11y(page, watch.visited);
    });

    // The applicant reads the decision letter and the log.
    const mail = await waitForMail(server.sink, { to: applicant.email, subject: `Vedtak på søknaden «${title}»`, after: before });
    assert.ok(mail.text.includes(`${base}/vedtak`));
    const app = await openPage(browser);
    await inPage(app, async () => {
      const { page, watch } = app;
      await page.goto(`${server.url}${base}/vedtak`);
      await signInByKeyboard(page, applicant.email, applicant.password);
      assert.equal(pathname(page), `${base}/vedtak`);
      const text = await mainText(page);
      assert.match(text, /Vedtak om tilskudd/);
      assert.match(text, /Innvilget beløp 250 000 kr/);
      assert.match(text, /Samarbeidsavtalen signeres før første utbetaling\./);
      await checkA11y(page, watch.visited);
      // The same letter as a PDF, with the applicant's session.
      const href = await page.locator('main a', { hasText: 'Last ned vedtaksbrevet som PDF' }).getAttribute('href');
      assert.equal(href, `${base}/vedtak.pdf`);
      const pdf = await page.request.get(`${server.url}${href}`);
      assert.equal(pdf.status(), 200);
      assert.match(pdf.headers()['content-type'], /^application\/pdf/);
      assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      await follow(page, page.locator('main a', { hasText: 'Tilbake til søknaden' }));
      assert.match(await mainText(page), /Logg over behandlingen .* Utkast Sendt inn .* Sendt inn Under behandling .* Under behandling Innvilget/);
      await checkA11y(page, watch.visited);
      await page.goto(`${server.url}/kommuner/3907`);
      assert.match(await mainText(page), new RegExp(title));
      await checkA11y(page, watch.visited);
    });

    // NAV Sandefjord's contact for work inclusion is told.
    const notice = await waitForMail(server.sink, { to: NAV_CONTACT, subject: `Tilskudd til ${applicant.orgName} i kommunen deres`, after: before });
    assert.match(notice.text, /250\s000 kr/);
    assert.match(notice.text, new RegExp(title));
  });
});
