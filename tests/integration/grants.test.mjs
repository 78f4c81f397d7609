// Grant schemes on both engines, with the demo data: the public list puts open calls first and a
// call's page shows the rules in force; an applicant writes a draft over the four steps, the
// self-check explains a failed co-financing rule, submission works once it is fixed and not after
// the deadline, the submitted application is frozen with a receipt and an e-mail copy; and no
// route ever shows an application to another applicant (HTML and JSON), while the scheme owner's
// members and coordinators see it only once it is submitted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  pathOf,
  show,
  signIn,
  skipReason,
  startServer,
  testEngine,
  textOf,
  userWithRole,
  waitForMail,
} from '../support/harness.mjs';
import { memberOf, submit } from '../support/market.mjs';
import { uploadRequired } from '../support/grant_files.mjs';

const skip = skipReason();
const DEMO_PASSWORD = 'demo-passord-2026';
const OPEN_CALL = 'Samarbeid med sosiale entreprenører – utlysning i år';
const CLOSED_CALL = 'Samarbeid med sosiale entreprenører – utlysning i fjor';

async function demoUser(server, email) {
  const client = new Client(server.url);
  await signIn(client, email, DEMO_PASSWORD);
  return client;
}

// The id of a call on the public list, by its title.
async function callId(client, title) {
  const res = await client.get('/tilskudd');
  assert.equal(res.status, 200, show(res));
  const m = new RegExp(`<a href="/tilskudd/(\\d+)">${title}</a>`).exec(res.body);
  assert.ok(m, `the list shows «${title}»`);
  return m[1];
}

// The id of an organisation in the select of a form page, by its name.
async function orgIdOn(client, name) {
  const page = await client.get('/tilskudd/ordninger/ny');
  const m = new RegExp(`<option value="(\\d+)"[^>]*>${name}</option>`).exec(page.body);
  assert.ok(m, `${name} is offered`);
  return m[1];
}

// Every route that can show an application, for one application and its call.
function applicationRoutes(aid) {
  return ['', '/prosjekt', '/resultater', '/budsjett', '/vilkar', '/kontroll'].map((s) => `/tilskudd/soknader/${aid}${s}`)
    .concat([`/api/v1/tilskudd/soknader/${aid}`]);
}

describe(`grants (${testEngine()})`, { skip }, () => {
  let server;
  let coordinator;
  let owner; // kommune@example.no: a member of Sandefjord kommune, which owns the scheme
  let other; // grunder@example.no: another applicant
  let applicant; // a new social enterprise's member
  let visitor;
  let openCall;
  let aid;
  const title = `Gjenbruksverksted for unge ${Date.now()}`;

  before(async () => {
    server = await startServer({ demo: true, env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    coordinator = await userWithRole(server, 'coordinator');
    owner = await demoUser(server, 'kommune@example.no');
    other = await demoUser(server, 'grunder@example.no');
    applicant = await memberOf(server, 'social_enterprise', { coordinator });
    visitor = new Client(server.url);
    openCall = await callId(visitor, OPEN_CALL);
  });
  after(async () => {
    await server?.stop();
  });

  it('lists open calls first and shows the rules in force on a call\'s page', async () => {
    const list = textOf((await visitor.get('/tilskudd')).body);
    assert.ok(list.indexOf(OPEN_CALL) < list.indexOf(CLOSED_CALL), 'the open call comes before the closed one');
    assert.match(list, /Tilskudd til sosialt entreprenørskap – søknader for neste år/);
    const page = await visitor.get(`/tilskudd/${openCall}`);
    assert.equal(page.status, 200, show(page));
    const text = textOf(page.body);
    assert.match(text, /Tilskudd gis for inntil 24 måneder/);
    assert.match(text, /Minst 20 % av budsjettet må finansieres av andre enn ordningen/);
    assert.match(text, /forpliktende samarbeidsavtale/);
    assert.match(text, /Kan dokumentere resultater \(vekt 3\)/);
    assert.match(page.body, /href="\/behov\/\d+"/, 'the linked need is shown');
    assert.match(text, /Logg inn for å søke/);
    assert.equal((await visitor.get('/tilskudd/999999')).status, 404);
    const nav = await visitor.get('/tilskudd/ordninger/1');
    assert.equal(nav.status, 200);
  });

  it('keeps a draft over the steps, explains a failed rule, and submits once it is fixed', async () => {
    const c = applicant.client;
    const start = await submit(c, `/tilskudd/${openCall}`, `/tilskudd/${openCall}/soknad`, { organisation_id: applicant.orgId });
    assert.equal(start.status, 303, show(start));
    const m = /^\/tilskudd\/soknader\/(\d+)\/prosjekt$/.exec(pathOf(start.location));
    assert.ok(m, `starting leads to the first step: ${start.location}`);
    aid = m[1];
    const base = `/tilskudd/soknader/${aid}`;

    // A mistyped month is pointed out and nothing typed is lost.
    const bad = await submit(c, `${base}/prosjekt`, `${base}/prosjekt`, {
      title, description: 'Unge reparerer og selger brukte møbler.', target_group: 'Unge utenfor arbeid',
      municipalities: ['3907'], period_from: 'januar', period_to: '2028-12', go: 'next',
    });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.body), /Skriv måneden som ÅÅÅÅ-MM/);
    assert.match(bad.body, /ds-error-summary/);
    assert.match(bad.body, /value="januar"/);
    assert.match(bad.body, new RegExp(`value="${title}"`));

    const ok = await submit(c, `${base}/prosjekt`, `${base}/prosjekt`, {
      title, description: 'Unge reparerer og selger brukte møbler.', target_group: 'Unge utenfor arbeid',
      municipalities: ['3907'], period_from: '2027-01', period_to: '2028-12', go: 'next',
    });
    assert.equal(ok.status, 303, show(ok));
    assert.equal(pathOf(ok.location), `${base}/resultater`);
    // Resumed later: the step shows what was saved.
    const again = await c.get(`${base}/prosjekt`);
    assert.match(again.body, new RegExp(`value="${title}"`));
    assert.match(again.body, /value="2027-01"/);

    const results = await submit(c, `${base}/resultater`, `${base}/resultater`, {
      rows: 3, k1_description: 'Flere unge i arbeid', k1_indicator: 'Andel i arbeid etter 12 måneder',
      k1_baseline: '10 %', k1_target: '35 %', go: 'next',
    });
    assert.equal(results.status, 303, show(results));

    // Co-financing too low: 10 % from others where the rule asks for 20 %.
    const budget = await submit(c, `${base}/budsjett`, `${base}/budsjett`, {
      brows: 4, frows: 4,
      b1_category: 'Lønn', b1_year: '2027', b1_amount: '300 000',
      b2_category: 'Lønn', b2_year: '2028', b2_amount: '200 000',
      f1_source: 'own', f1_description: 'Salg av møbler', f1_amount: '50 000',
      f2_source: 'scheme', f2_description: 'Sandefjord kommune', f2_amount: '450 000', go: 'next',
    });
    assert.equal(budget.status, 303, show(budget));
    const conditions = await submit(c, `${base}/vilkar`, `${base}/vilkar`, {
      cooperation: '1', d_inkludering: '1', x_inkludering: 'Vi samarbeider med NAV Sandefjord om hver deltaker.', go: 'next',
    });
    assert.equal(conditions.status, 303, show(conditions));
    assert.equal(pathOf(conditions.location), `${base}/vedlegg`);
    assert.equal(await uploadRequired(c, aid), 2, 'the scheme requires two attachments');

    let check = await c.get(`${base}/kontroll`);
    assert.equal(check.status, 200, show(check));
    let text = textOf(check.body);
    assert.match(text, /minst 20 % av budsjettet må finansieres av andre enn ordningen, altså minst 100\s000 kr\. Nå er andelen 10 % \(50\s000 kr\)/);
    assert.match(text, /søk om høyst 400\s000 kr/);
    assert.doesNotMatch(check.body, /Send inn søknaden/, 'no submit button while a rule fails');
    const refused = await submit(c, `${base}/kontroll`, `${base}/send`);
    assert.equal(refused.status, 422, show(refused));
    assert.match(textOf(refused.body), /noen regler ikke er oppfylt/);

    // Fixed: the scheme's share goes down and own revenue up.
    const fixed = await submit(c, `${base}/budsjett`, `${base}/budsjett`, {
      brows: 4, frows: 4,
      b1_category: 'Lønn', b1_year: '2027', b1_amount: '300 000',
      b2_category: 'Lønn', b2_year: '2028', b2_amount: '200 000',
      f1_source: 'own', f1_description: 'Salg av møbler', f1_amount: '100 000',
      f2_source: 'scheme', f2_description: 'Sandefjord kommune', f2_amount: '400 000', go: 'next',
    });
    assert.equal(fixed.status, 303, show(fixed));
    check = await c.get(`${base}/kontroll`);
    text = textOf(check.body);
    assert.match(text, /Søknaden oppfyller alle reglene/);
    assert.match(text, /20 % av budsjettet \(100\s000 kr\) finansieres av andre enn ordningen/);

    // While it is a draft, the owner sees nothing of it.
    for (const path of applicationRoutes(aid)) assert.equal((await owner.get(path)).status, 403, path);
    assert.doesNotMatch((await owner.get(`/tilskudd/${openCall}/soknader`)).body, new RegExp(title));

    const before = server.sink.messages.length;
    const sent = await submit(c, `${base}/kontroll`, `${base}/send`);
    assert.equal(sent.status, 303, show(sent));
    assert.equal(pathOf(sent.location), base);
    const receipt = await c.get(base);
    text = textOf(receipt.body);
    assert.match(text, /Kvittering/);
    assert.match(text, /Søknaden ble sendt inn \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d/);
    assert.match(text, /Sendt inn/);
    const mail = await waitForMail(server.sink, { to: applicant.email, subject: `Kvittering: søknaden «${title}» er sendt inn`, after: before });
    assert.match(mail.text, new RegExp(title));
    assert.match(mail.text, /Søkt beløp: 400\s000 kr/);
    assert.ok(mail.text.includes(`/tilskudd/soknader/${aid}`), 'the mail links to the application');

    // Frozen: the steps lead to the receipt and changes are refused.
    const step = await c.get(`${base}/prosjekt`);
    assert.equal(step.status, 303);
    assert.equal(pathOf(step.location), base);
    const change = await submit(c, base, `${base}/prosjekt`, { title: 'Endret etter innsending', go: 'stay' });
    assert.equal(change.status, 409, show(change));
    const twice = await submit(c, base, `${base}/send`);
    assert.equal(twice.status, 409, show(twice));
    const json = JSON.parse((await c.get(`/api/v1/tilskudd/soknader/${aid}`)).body);
    assert.equal(json.title, title);
    assert.equal(json.status, 'submitted');
    assert.equal(json.totals.requested_ore, 40_000_000);
    assert.equal(json.totals.budget_ore, 50_000_000);
    assert.equal(json.expected_results[0].indicator, 'Andel i arbeid etter 12 måneder');
  });

  it('never shows an application to another applicant; the owner and coordinators see it once submitted', async () => {
    assert.ok(aid, 'the previous test submitted an application');
    for (const path of applicationRoutes(aid)) {
      const res = await other.get(path);
      assert.equal(res.status, 403, `${path}: ${show(res)}`);
      assert.doesNotMatch(res.body, new RegExp(title), path);
      const anon = await visitor.get(path);
      assert.ok(anon.status === 303 && pathOf(anon.location) === '/logg-inn', `${path} for a visitor: ${show(anon)}`);
    }
    for (const action of ['prosjekt', 'resultater', 'budsjett', 'vilkar', 'send']) {
      const res = await submit(other, '/tilskudd', `/tilskudd/soknader/${aid}/${action}`, { title: 'Kapret', go: 'stay' });
      assert.equal(res.status, 403, `POST ${action}: ${show(res)}`);
    }
    assert.doesNotMatch((await other.get('/tilskudd/soknader/mine')).body, new RegExp(title));
    assert.equal((await other.get(`/tilskudd/${openCall}/soknader`)).status, 403, 'another applicant cannot list the call');
    assert.match((await applicant.client.get('/tilskudd/soknader/mine')).body, new RegExp(title));

    for (const client of [owner, coordinator.client]) {
      const page = await client.get(`/tilskudd/soknader/${aid}`);
      assert.equal(page.status, 200, show(page));
      assert.match(page.body, new RegExp(title));
      assert.equal((await client.get(`/api/v1/tilskudd/soknader/${aid}`)).status, 200);
      const list = await client.get(`/tilskudd/${openCall}/soknader`);
      assert.equal(list.status, 200, show(list));
      assert.match(list.body, new RegExp(title));
    }
    // The owner reads but never edits.
    assert.equal((await owner.get(`/tilskudd/soknader/${aid}/prosjekt`)).status, 403);
  });

  it('lets the owner set up a scheme with rule sets and a call, and nobody else', async () => {
    const created = await submit(owner, '/tilskudd/ordninger/ny', '/tilskudd/ordninger/ny', {
      organisation_id: await orgIdOn(owner, 'Sandefjord kommune'), name: 'Ungdomsmidler', purpose: 'For unge.',
      target_group: 'Unge', annual_pot: '250 000',
    });
    assert.equal(created.status, 303, show(created));
    const m = /^\/tilskudd\/ordninger\/(\d+)\/forvalt$/.exec(pathOf(created.location));
    assert.ok(m, created.location);
    const base = `/tilskudd/ordninger/${m[1]}`;
    assert.equal((await other.get(`${base}/forvalt`)).status, 403, 'another organisation cannot manage it');
    const refusedRules = await submit(other, '/tilskudd', `${base}/regelsett`, { valid_from: '2030-01-01', max_months: '12' });
    assert.equal(refusedRules.status, 403);

    // A call needs a rule set in force when it opens.
    let call = await submit(owner, `${base}/forvalt`, `${base}/utlysning`, { title: 'Runde 1', opens: '2030-11-01', closes: '2030-12-31' });
    assert.equal(call.status, 422, show(call));
    assert.match(textOf(call.body), /ikke noe regelsett som gjelder når utlysningen åpner/);
    assert.match(call.body, /value="Runde 1"/);
    const rules = await submit(owner, `${base}/forvalt`, `${base}/regelsett`, {
      valid_from: '2030-01-01', max_months: '18', min_cofinancing_percent: '25', cooperation: '1', voluntary_register: '1',
      org_forms: 'sti, fli', declarations: 'Vedtektene forbyr utbytte\n', priorities: '3 Dokumenterte resultater\n1 Nytt tiltak',
      attachments: 'Vedtekter',
    });
    assert.equal(rules.status, 303, show(rules));
    const backwards = await submit(owner, `${base}/forvalt`, `${base}/utlysning`, { title: 'Runde 1', opens: '2030-11-01', closes: '2030-10-31' });
    assert.equal(backwards.status, 422);
    assert.match(textOf(backwards.body), /Fristen må være etter at utlysningen åpner/);
    call = await submit(owner, `${base}/forvalt`, `${base}/utlysning`, { title: 'Runde 1', text: 'Søk **nå**.', opens: '2030-11-01', closes: '2030-12-31' });
    assert.equal(call.status, 303, show(call));
    const page = await visitor.get(pathOf(call.location));
    const text = textOf(page.body);
    assert.match(text, /Åpner snart/);
    assert.match(text, /Frist 31\.12\.2030 kl\. 23:59/);
    assert.match(text, /Tilskudd gis for inntil 18 måneder/);
    assert.match(text, /Minst 25 % av budsjettet/);
    assert.match(text, /organisasjonsformene STI, FLI/);
    assert.match(text, /Søkeren bekrefter: Vedtektene forbyr utbytte/);
    assert.match(text, /Dokumenterte resultater \(vekt 3\)/);

    // A new rule set may not reach back into a call already set up.
    const early = await submit(owner, `${base}/forvalt`, `${base}/regelsett`, { valid_from: '2030-06-01', max_months: '6' });
    assert.equal(early.status, 422, show(early));
    assert.match(textOf(early.body), /etter at den siste utlysningen åpnet/);
    const later = await submit(owner, `${base}/forvalt`, `${base}/regelsett`, { valid_from: '2031-01-01', max_months: '6' });
    assert.equal(later.status, 303, show(later));
    assert.match(textOf((await visitor.get(pathOf(call.location))).body), /Tilskudd gis for inntil 18 måneder/, 'the call keeps its rules');
  });

  it('refuses submission after the deadline with a clear message', async () => {
    const mine = await other.get('/tilskudd/soknader/mine');
    const m = /href="\/tilskudd\/soknader\/(\d+)">Arbeidsledere for folk i rusbehandling \(ikke sendt\)</.exec(mine.body);
    assert.ok(m, 'the demo draft in last year\'s call is listed');
    const base = `/tilskudd/soknader/${m[1]}`;
    const check = await other.get(`${base}/kontroll`);
    assert.equal(check.status, 200, show(check));
    assert.match(textOf(check.body), /Fristen gikk ut 31\.03\.\d{4} kl\. 23:59\. Søknaden kan ikke sendes inn\./);
    const late = await submit(other, `${base}/kontroll`, `${base}/send`);
    assert.equal(late.status, 422, show(late));
    assert.match(textOf(late.body), /Søknaden ble ikke sendt inn: fristen gikk ut 31\.03\.\d{4} kl\. 23:59/);
    const json = JSON.parse((await other.get(`/api/v1/tilskudd/soknader/${m[1]}`)).body);
    assert.equal(json.status, 'draft');

    // A closed call takes no new applications either.
    const closed = await callId(visitor, CLOSED_CALL);
    const start = await submit(applicant.client, `/tilskudd/${closed}`, `/tilskudd/${closed}/soknad`, { organisation_id: applicant.orgId });
    assert.equal(start.status, 422, show(start));
    assert.match(textOf(start.body), /Utlysningen tar ikke imot søknader nå/);
  });
});
