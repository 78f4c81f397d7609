// Grant review and decisions on both engines, with two `samskap serve` processes on one database
// and the demo data: every status change lands in an audit log the database refuses to change;
// a reviewer who declares a conflict of interest sees nothing of the application on any route
// (HTML or JSON), cannot score, and the database refuses such a score; an impartial reviewer's
// scores give an exact weighted total and a ranked list; a grant over the remaining pot or the
// requested amount is refused with a clear message; the applicant is mailed and reads the
// decision letter; the NAV office's and the contact people's notice is sent exactly once though
// two processes run the job queue; and a confidential grant stays off the municipality page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  pathOf,
  run,
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
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FAST = { SAMSKAP_JOBS_POLL_MS: '50', SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' };
const DEMO_PASSWORD = 'demo-passord-2026';
const OPEN_CALL = 'Samarbeid med sosiale entreprenører – utlysning i år';
const CLOSED_CALL = 'Samarbeid med sosiale entreprenører – utlysning i fjor';
const SCHEME = 'Tilskudd til samarbeid med sosiale entreprenører';
const NAV_CONTACT = 'lars.eksempelsen@example.no'; // NAV Sandefjord, arbeidsinkludering
const MUNICIPAL_CONTACT = 'kari.provesen@example.no'; // Sandefjord kommune, arbeidsinkludering

function sqlArgs(server, text) {
  return server.engine === 'sqlite'
    ? ['sqlite3', ['-bail', '-cmd', '.timeout 10000', server.dbUrl.replace(/^sqlite:\/\//, ''), text]]
    : ['psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', server.dbUrl, '-c', text]];
}
async function sql(server, text) {
  const r = await run(...sqlArgs(server, text));
  assert.equal(r.code, 0, `SQL failed: ${r.stderr}\n${text}`);
  return r.stdout.trim();
}
async function sqlRefused(server, text, pattern) {
  const r = await run(...sqlArgs(server, text));
  assert.notEqual(r.code, 0, `the database accepted: ${text}`);
  if (pattern) assert.match(r.stderr, pattern);
}
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

async function demoUser(server, email) {
  const client = new Client(server.url);
  await signIn(client, email, DEMO_PASSWORD);
  return { client, email };
}

async function callId(client, title) {
  const res = await client.get('/tilskudd');
  const m = new RegExp(`<a href="/tilskudd/(\\d+)">${title}</a>`).exec(res.body);
  assert.ok(m, `the list shows «${title}»`);
  return m[1];
}

// A complete application to the open call, submitted; returns its id.
async function submittedApplication(member, call, { title, description, own = '100 000', scheme = '400 000', confidential = null }) {
  const c = member.client;
  const start = await submit(c, `/tilskudd/${call}`, `/tilskudd/${call}/soknad`, { organisation_id: member.orgId });
  assert.equal(start.status, 303, show(start));
  const aid = /^\/tilskudd\/soknader\/(\d+)\/prosjekt$/.exec(pathOf(start.location))[1];
  const base = `/tilskudd/soknader/${aid}`;
  const steps = [
    ['prosjekt', { title, description, target_group: 'Unge utenfor arbeid', municipalities: ['3907'],
      period_from: '2027-01', period_to: '2028-06', go: 'next' }],
    ['resultater', { rows: 3, k1_description: 'Flere i arbeid', k1_indicator: 'Andel i arbeid etter 12 måneder',
      k1_baseline: '10 %', k1_target: '35 %', go: 'next' }],
    ['budsjett', { brows: 4, frows: 4, b1_category: 'Lønn', b1_year: '2027', b1_amount: '500 000',
      f1_source: 'own', f1_description: 'Salg', f1_amount: own, f2_source: 'scheme', f2_description: 'Sandefjord kommune',
      f2_amount: scheme, go: 'next' }],
  ];
  for (const [step, fields] of steps) {
    const res = await submit(c, `${base}/${step}`, `${base}/${step}`, fields);
    assert.equal(res.status, 303, `${step}: ${show(res)}`);
  }
  const conditions = { cooperation: '1', d_inkludering: '1', x_inkludering: 'Vi samarbeider med NAV.', go: 'next' };
  if (confidential !== null) {
    // Asking for confidentiality needs a reason; nothing typed is lost.
    const missing = await submit(c, `${base}/vilkar`, `${base}/vilkar`, { ...conditions, confidential: '1' });
    assert.equal(missing.status, 422, show(missing));
    assert.match(textOf(missing.body), /Skriv hvorfor tilskuddet ikke skal vises offentlig/);
    assert.match(missing.body, /id="f-confidential"[^>]* checked/);
    Object.assign(conditions, { confidential: '1', confidential_reason: confidential });
  }
  const res = await submit(c, `${base}/vilkar`, `${base}/vilkar`, conditions);
  assert.equal(res.status, 303, show(res));
  await uploadRequired(c, aid);
  const sent = await submit(c, `${base}/kontroll`, `${base}/send`);
  assert.equal(sent.status, 303, show(sent));
  return aid;
}

async function userId(server, email) {
  return Number(await sql(server, `SELECT id FROM users WHERE email = ${q(email)};`));
}

const mailsTo = (sink, email, subject) =>
  sink.messages.filter((m) => m.to.some((a) => a.toLowerCase() === email) && (!subject || m.subject === subject));

describe(`grant review and decisions, two processes (${testEngine()})`, { skip }, () => {
  let first;
  let second;
  let owner;
  let coordinator;
  let applicant;
  let other; // a second applicant, who asks for confidentiality
  let honest; // an impartial reviewer
  let conflicted; // a reviewer with a conflict of interest
  let openCall;
  let aid;
  let secret;
  const stamp = Date.now();
  const title = `Sykkelverksted for unge ${stamp}`;
  const description = `Unge reparerer sykler og lærer et fag ${stamp}`;
  const secretTitle = `Krisehjelp i skjermet bolig ${stamp}`;

  before(async () => {
    first = await startServer({ demo: true, env: FAST });
    second = await startServer({ peerOf: first, sink: first.sink, env: { ...FAST, SAMSKAP_BASE_URL: first.url } });
    coordinator = await userWithRole(first, 'coordinator');
    owner = await demoUser(first, 'kommune@example.no');
    applicant = await memberOf(first, 'social_enterprise', { coordinator, municipality: '3907' });
    other = await memberOf(first, 'social_enterprise', { coordinator, municipality: '3907' });
    honest = await userWithRole(first, 'none', { name: 'Hanne Habil' });
    conflicted = await userWithRole(first, 'none', { name: 'Ivar Inhabil' });
    openCall = await callId(owner.client, OPEN_CALL);
    aid = await submittedApplication(applicant, openCall, { title, description });
    secret = await submittedApplication(other, openCall, {
      title: secretTitle, description: 'Hjelp til kvinner i krise', confidential: 'Adressen til boligen er hemmelig.',
    });
  });
  after(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('records the submission in an audit log that the database refuses to change', async () => {
    const page = await applicant.client.get(`/tilskudd/soknader/${aid}`);
    assert.equal(page.status, 200, show(page));
    const text = textOf(page.body);
    assert.match(text, /Logg over behandlingen/);
    assert.match(text, /Utkast Sendt inn/);
    const rows = await sql(first, `SELECT from_status || '>' || to_status FROM grant_audit WHERE application_id = ${aid} ORDER BY id;`);
    assert.equal(rows, 'draft>submitted');
    await sqlRefused(first, `UPDATE grant_audit SET note = 'endret' WHERE application_id = ${aid};`, /append-only/);
    await sqlRefused(first, `DELETE FROM grant_audit WHERE application_id = ${aid};`, /append-only/);
    assert.equal(await sql(first, `SELECT COUNT(*) FROM grant_audit WHERE application_id = ${aid} AND note = '';`), '1');
  });

  it('lets the owner assign reviewers, with clear messages, and records the review starting', async () => {
    const handling = `/tilskudd/soknader/${aid}/behandling`;
    const action = `/tilskudd/soknader/${aid}/sakkyndige`;
    assert.equal((await applicant.client.get(handling)).status, 403);
    assert.equal((await honest.client.get(handling)).status, 403);
    let res = await submit(owner.client, handling, action, { email: 'finnes.ikke@example.no' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Ingen bruker har denne e-postadressen/);
    assert.match(res.body, /value="finnes.ikke@example.no"/);
    res = await submit(owner.client, handling, action, { email: applicant.email });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /medlem av søkeren/);
    const before = first.sink.messages.length;
    for (const who of [honest, conflicted, coordinator]) {
      res = await submit(owner.client, handling, action, { email: who.email });
      assert.equal(res.status, 303, show(res));
    }
    const mail = await waitForMail(first.sink, { to: honest.email, subject: 'Du er oppnevnt som sakkyndig', after: before });
    assert.ok(mail.text.includes(`/tilskudd/soknader/${aid}/vurdering`));
    res = await submit(owner.client, handling, action, { email: honest.email });
    assert.equal(res.status, 422);
    assert.match(textOf(res.body), /allerede oppnevnt/);
    const rows = await sql(first, `SELECT from_status || '>' || to_status FROM grant_audit WHERE application_id = ${aid} ORDER BY id;`);
    assert.equal(rows.split('\n').join(' '), 'draft>submitted submitted>under_review', 'the review starts once');
    const page = textOf((await owner.client.get(handling)).body);
    assert.match(page, /Hanne Habil/);
    assert.match(page, /Har ikke erklært habilitet/);
  });

  it('shuts a reviewer who declares a conflict out of every route and refuses their scores in the database', async () => {
    const c = conflicted.client;
    const base = `/tilskudd/soknader/${aid}`;
    // Before declaring: only the applicant's name, so they can judge; not the application.
    let res = await c.get(`${base}/vurdering`);
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.body), /Er du habil til å vurdere denne søknaden/);
    assert.doesNotMatch(res.body, new RegExp(description));
    assert.equal((await c.get(base)).status, 403);
    // A conflict needs a reason.
    res = await submit(c, `${base}/vurdering`, `${base}/habilitet`, { impartial: 'no' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Forklar kort hvorfor du er inhabil/);
    res = await submit(c, `${base}/vurdering`, `${base}/habilitet`, { impartial: 'no', note: 'Søkeren er min svoger.' });
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), '/tilskudd/vurderinger');
    const list = await c.get('/tilskudd/vurderinger');
    assert.match(textOf(list.body), /Inhabil/);
    assert.doesNotMatch(list.body, new RegExp(`href="${base}`));

    // The coordinator declares a conflict too: being a coordinator does not let them back in.
    const k = coordinator.client;
    res = await submit(k, `${base}/vurdering`, `${base}/habilitet`, { impartial: 'no', note: 'Styremedlem hos søkeren.' });
    assert.equal(res.status, 303, show(res));

    // The honest reviewer scores, so there are scores that must not leak.
    const h = honest.client;
    res = await submit(h, `${base}/vurdering`, `${base}/habilitet`, { impartial: 'yes' });
    assert.equal(res.status, 303, show(res));
    const comment = `Svært godt dokumentert ${stamp}`;
    res = await submit(h, `${base}/vurdering`, `${base}/vurdering`, {
      s_resultater: '5', c_resultater: comment, s_samarbeid: '4', s_losning: '1',
    });
    assert.equal(res.status, 303, show(res));

    const routes = ['', '/prosjekt', '/resultater', '/budsjett', '/vilkar', '/kontroll', '/vurdering', '/behandling', '/vedtak', '/vedtak.pdf']
      .map((s) => base + s).concat([`/api/v1/tilskudd/soknader/${aid}`]);
    for (const who of [c, k]) {
      for (const path of routes) {
        const r = await who.get(path);
        assert.ok([403, 404].includes(r.status), `${path}: ${r.status}`);
        assert.doesNotMatch(r.body, new RegExp(description), path);
        assert.doesNotMatch(r.body, new RegExp(comment), path);
      }
      const scored = await who.postForm('/tilskudd/vurderinger', `${base}/vurdering`, { s_resultater: '1', s_samarbeid: '1', s_losning: '1' });
      assert.equal(scored.status, 403, show(scored));
      const declared = await who.postForm('/tilskudd/vurderinger', `${base}/habilitet`, { impartial: 'yes' });
      assert.equal(declared.status, 403, 'a conflict cannot be taken back');
    }
    // The coordinator still manages the call, but its ranking shows no total for this application.
    const ranking = await k.get(`/tilskudd/${openCall}/rangering`);
    assert.equal(ranking.status, 200, show(ranking));
    const row = new RegExp(`${title}</th><td>[^<]*</td><td>([^<]*)</td>`).exec(ranking.body);
    assert.ok(row, 'the application is ranked');
    assert.equal(row[1], 'Inhabil');
    assert.doesNotMatch(ranking.body, new RegExp(`href="${base}/behandling"`));

    // The database refuses a score from a reviewer with a conflict, whatever the application does
    // (the score refers to the reviewer's row with impartial = 1; SQLite checks references when
    // foreign_keys is on, as on every connection the server opens).
    const uid = await userId(first, conflicted.email);
    const pragma = first.engine === 'sqlite' ? 'PRAGMA foreign_keys = ON; ' : '';
    await sqlRefused(first, `${pragma}INSERT INTO grant_scores (application_id, user_id, priority_key, score, comment, scored_at) ` +
      `VALUES (${aid}, ${uid}, 'resultater', 5, '', '2026-11-01T10:00:00Z');`);
    assert.equal(await sql(first, `SELECT COUNT(*) FROM grant_scores WHERE user_id = ${uid};`), '0');
  });

  it('gives the owner the exact weighted total and a ranked list with the remaining pot', async () => {
    const base = `/tilskudd/soknader/${aid}`;
    // Missing scores are pointed out and what was typed stays.
    const bad = await submit(honest.client, `${base}/vurdering`, `${base}/vurdering`, { s_resultater: '5', c_samarbeid: 'Halvferdig' });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.body), /Gi et poeng fra 1 til 5/);
    assert.match(bad.body, /Halvferdig/);
    // (3·5 + 2·4 + 1·1) / 6 = 4
    const page = textOf((await owner.client.get(`${base}/behandling`)).body);
    assert.match(page, /Vektet sum: 4,00 av 5 \(snitt av 1 sakkyndige\)/);
    assert.match(page, /Ivar Inhabil .* Inhabil – Søkeren er min svoger\./);
    const ranking = await owner.client.get(`/tilskudd/${openCall}/rangering`);
    assert.equal(ranking.status, 200, show(ranking));
    const text = textOf(ranking.body);
    assert.ok(text.indexOf(title) < text.indexOf(secretTitle), 'the scored application ranks first');
    assert.match(text, /Rammen for \d{4} er 1\s000\s000 kr/);
    assert.match(text, /4,00/);
    assert.equal((await applicant.client.get(`/tilskudd/${openCall}/rangering`)).status, 403);
    // The reviewer sees the application and their own total, not the owner's pages.
    assert.equal((await honest.client.get(base)).status, 200);
    assert.match(textOf((await honest.client.get(`${base}/vurdering`)).body), /Din vektede sum: 4,00 av 5/);
    assert.equal((await honest.client.get(`${base}/behandling`)).status, 403);
  });

  it('refuses a grant over the remaining pot or the request, decides, mails the applicant and NAV once', async () => {
    // The pot this year is 500 000 kr; the confidential application gets 300 000 of it first.
    await sql(first, `UPDATE grant_schemes SET annual_pot = 50000000 WHERE name = ${q(SCHEME)};`);
    const sbase = `/tilskudd/soknader/${secret}`;
    let res = await submit(owner.client, `${sbase}/behandling`, `${sbase}/vedtak`, {
      outcome: 'granted', amount: '300 000', period_from: '2027-01', period_to: '2028-06', conditions: 'Rapport innen 31. mars.',
    });
    assert.equal(res.status, 303, show(res));

    const base = `/tilskudd/soknader/${aid}`;
    const fields = { outcome: 'granted', period_from: '2027-01', period_to: '2028-06', conditions: 'Signert samarbeidsavtale.' };
    res = await submit(owner.client, `${base}/behandling`, `${base}/vedtak`, { ...fields, amount: '250 000' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Beløpet er høyere enn det som er igjen av rammen for året/);
    assert.match(textOf(res.body), /Gjenstående etter innvilgede tilskudd: 200\s000 kr/);
    assert.match(res.body, /value="250 000"/);
    res = await submit(owner.client, `${base}/behandling`, `${base}/vedtak`, { ...fields, amount: '450 000' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /høyere enn det søkeren har søkt om/);
    res = await submit(owner.client, `${base}/behandling`, `${base}/vedtak`, { outcome: 'refused' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Skriv en begrunnelse for avslaget/);
    assert.equal(await sql(first, `SELECT COUNT(*) FROM grant_decisions WHERE application_id = ${aid};`), '0');

    const before = first.sink.messages.length;
    res = await submit(owner.client, `${base}/behandling`, `${base}/vedtak`, { ...fields, amount: '200 000' });
    assert.equal(res.status, 303, show(res));
    // Decided once: a second decision is refused.
    res = await owner.client.postForm(`${base}/behandling`, `${base}/vedtak`, { ...fields, outcome: 'refused', reason: 'Nei' });
    assert.notEqual(res.status, 303, 'a second decision is refused');

    const mail = await waitForMail(first.sink, { to: applicant.email, subject: `Vedtak på søknaden «${title}»`, after: before });
    assert.match(mail.text, /Innvilget/);
    assert.ok(mail.text.includes(`${base}/vedtak`));
    const letter = await applicant.client.get(`${base}/vedtak`);
    assert.equal(letter.status, 200, show(letter));
    const text = textOf(letter.body);
    assert.match(text, /Vedtak om tilskudd/);
    assert.match(text, /Innvilget beløp 200\s000 kr/);
    assert.match(text, /Signert samarbeidsavtale\./);
    // The same letter as a one-page A4 PDF.
    const pdf = await applicant.client.get(`${base}/vedtak.pdf`);
    assert.equal(pdf.status, 200, show(pdf));
    assert.match(pdf.headers.get('content-type'), /^application\/pdf/);
    assert.ok(pdf.body.startsWith('%PDF-'), 'a PDF file');
    assert.match(pdf.body, /\/Count 1\b/, 'one page');
    assert.equal((await other.client.get(`${base}/vedtak.pdf`)).status, 403);
    assert.equal((await other.client.get(`${base}/vedtak`)).status, 403, 'another applicant cannot read it');
    assert.equal((await honest.client.get(`${base}/vedtak`)).status, 403, 'nor the reviewer');

    const audit = await sql(first, `SELECT from_status || '>' || to_status FROM grant_audit WHERE application_id = ${aid} ORDER BY id;`);
    assert.equal(audit.split('\n').join(' '), 'draft>submitted submitted>under_review under_review>granted');
    assert.match(textOf((await applicant.client.get(base)).body), /Under behandling Innvilget/);

    // The NAV office's contact and the municipality's contact for the area: once each, per grant,
    // with two processes polling the queue.
    const subject = `Tilskudd til ${applicant.orgName} i kommunen deres`;
    await waitForMail(first.sink, { to: NAV_CONTACT, subject, after: before });
    await waitForMail(first.sink, { to: MUNICIPAL_CONTACT, subject, after: before });
    await sleep(1500);
    assert.equal(mailsTo(first.sink, NAV_CONTACT, subject).length, 1);
    assert.equal(mailsTo(first.sink, MUNICIPAL_CONTACT, subject).length, 1);
    const notice = mailsTo(first.sink, NAV_CONTACT, subject)[0];
    assert.match(notice.text, /200\s000 kr/);
    assert.match(notice.text, new RegExp(title));
    // The applicant who asked for confidentiality is not made known to anyone.
    const secretSubject = `Tilskudd til ${other.orgName} i kommunen deres`;
    assert.equal(mailsTo(first.sink, NAV_CONTACT, secretSubject).length, 0);
    assert.equal(mailsTo(first.sink, MUNICIPAL_CONTACT, secretSubject).length, 0);
    assert.ok(!first.sink.messages.some((m) => /Hjelp til kvinner i krise/.test(m.text)), 'nothing of it in any mail');
    assert.equal(await sql(first, `SELECT COUNT(*) FROM jobs WHERE kind = 'grant_notice' AND payload LIKE ${q(`%"application":${secret},%`)};`), '0');
    assert.equal(await sql(first, `SELECT COUNT(*) FROM jobs WHERE kind = 'grant_notice' AND done_at IS NULL;`), '0');

    // The municipality page shows the grant, but not the one the applicant asked to keep out of view.
    const municipality = textOf((await new Client(first.url).get('/kommuner/3907')).body);
    assert.match(municipality, new RegExp(title));
    assert.doesNotMatch(municipality, new RegExp(secretTitle));
    const ranking = textOf((await owner.client.get(`/tilskudd/${openCall}/rangering`)).body);
    assert.match(ranking, /Gjenstående etter innvilgede tilskudd: 0 kr/);
  });

  it('lets a new scheme name the service area whose contact people are told about grants', async () => {
    const page = await owner.client.get('/tilskudd/ordninger/ny');
    const org = /<option value="(\d+)"[^>]*>Sandefjord kommune</.exec(page.body)[1];
    const name = `Ordning med område ${stamp}`;
    let res = await submit(owner.client, '/tilskudd/ordninger/ny', '/tilskudd/ordninger/ny',
      { organisation_id: org, name, annual_pot: '100 000', service_area: 'finnes-ikke' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Velg et tjenesteområde fra listen/);
    res = await submit(owner.client, '/tilskudd/ordninger/ny', '/tilskudd/ordninger/ny',
      { organisation_id: org, name, annual_pot: '100 000', service_area: 'integrering' });
    assert.equal(res.status, 303, show(res));
    assert.equal(await sql(first, `SELECT service_area FROM grant_schemes WHERE name = ${q(name)};`), 'integrering');
  });

  it('has last year\'s call reviewed and decided in the demo data', async () => {
    const closed = await callId(owner.client, CLOSED_CALL);
    const ranking = await owner.client.get(`/tilskudd/${closed}/rangering`);
    assert.equal(ranking.status, 200, show(ranking));
    const text = textOf(ranking.body);
    assert.ok(text.indexOf('Arbeidsledere for folk i rusbehandling') < text.indexOf('Bilverksted for ungdom utenfor skolen'));
    assert.match(text, /Innvilget 450\s000 kr/);
    assert.match(text, /Avslått/);
    const grunder = await demoUser(first, 'grunder@example.no');
    const mine = await grunder.client.get('/tilskudd/soknader/mine');
    const m = /href="\/tilskudd\/soknader\/(\d+)">Bilverksted for ungdom utenfor skolen</.exec(mine.body);
    assert.ok(m, 'the refused application is listed');
    const letter = await grunder.client.get(`/tilskudd/soknader/${m[1]}/vedtak`);
    assert.equal(letter.status, 200, show(letter));
    assert.match(textOf(letter.body), /Vedtak om avslag/);
    const audit = await sql(first, `SELECT COUNT(*) FROM grant_audit WHERE application_id = ${m[1]};`);
    assert.equal(audit, '3');
    assert.match(textOf((await new Client(first.url).get('/kommuner/3907')).body), /Arbeidsledere for folk i rusbehandling/);
  });
});
