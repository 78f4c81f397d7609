// After the grant, on both engines with two `samskap serve` processes on one database and the
// demo data (Sandefjord's granted application «Arbeidsledere for folk i rusbehandling», 450 000 kr):
// payments planned and made never exceed the commitment, not even when two requests race on two
// processes, and the database refuses an excess written past the application; every payment is in
// the audit log; the applicant sees the commitment and the payments but cannot record any; and
// another applicant sees nothing of it on any route, HTML or JSON. Reports are due on dates from
// the rule set (annual by 31 March, final three months after the period), overdue ones are
// flagged to the applicant and the owner, the owner's overview gives pot, committed, paid and
// remaining per year and applications per status, also as an XLSX workbook, the applicant saves a draft and submits once, and the
// reminder before a due date is mailed once although two processes run the job queue.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  Client,
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

const skip = skipReason();
const FAST = { SAMSKAP_JOBS_POLL_MS: '50', SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000', SAMSKAP_REPORT_REMINDER_INTERVAL_SECONDS: '1' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Today in Oslo, and a day some days from now, as "YYYY-MM-DD".
const osloDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date(Date.now() + offsetDays * 86400000));
const DEMO_PASSWORD = 'demo-passord-2026';
const GRANTED = 'Arbeidsledere for folk i rusbehandling';
const SCHEME = 'Tilskudd til samarbeid med sosiale entreprenører';

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

describe(`after the grant: commitment and payments, two processes (${testEngine()})`, { skip }, () => {
  let first;
  let second;
  let owner; // kommune@example.no on the first process
  let ownerB; // the same user on the second process
  let applicant; // grunder@example.no, member of the granted organisation
  let stranger; // a member of another applicant organisation
  let aid;
  let base;

  before(async () => {
    first = await startServer({ demo: true, env: FAST });
    second = await startServer({ peerOf: first, sink: first.sink, env: { ...FAST, SAMSKAP_BASE_URL: first.url } });
    owner = await demoUser(first, 'kommune@example.no');
    ownerB = await demoUser(second, 'kommune@example.no');
    applicant = await demoUser(first, 'grunder@example.no');
    const coordinator = await userWithRole(first, 'coordinator');
    stranger = await memberOf(first, 'social_enterprise', { coordinator, municipality: '3907' });
    aid = await sql(first, `SELECT id FROM grant_applications WHERE title = ${q(GRANTED)};`);
    assert.match(aid, /^\d+$/);
    base = `/tilskudd/soknader/${aid}`;
  });
  after(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('shows the commitment to the owner and the applicant, linked from the application', async () => {
    for (const who of [owner, applicant]) {
      const app = await who.client.get(base);
      assert.equal(app.status, 200, show(app));
      assert.match(app.body, new RegExp(`href="${base}/tilsagn"`));
      const res = await who.client.get(`${base}/tilsagn`);
      assert.equal(res.status, 200, show(res));
      const text = textOf(res.body);
      assert.match(text, /Tilsagn 450 000 kr/);
      assert.match(text, /Ikke fordelt 450 000 kr/);
    }
    // Only the owner gets the form.
    assert.match((await owner.client.get(`${base}/tilsagn`)).body, /name="amount"/);
    assert.doesNotMatch((await applicant.client.get(`${base}/tilsagn`)).body, /name="amount"/);
  });

  it('plans and records payments, refuses an excess with a clear message and logs every payment', async () => {
    const page = `${base}/tilsagn`;
    const action = `${base}/tilsagn/utbetalinger`;
    let res = await submit(owner.client, page, action, { kind: 'paid', amount: '200 000', date: '2025-06-15' });
    assert.equal(res.status, 303, show(res));
    res = await submit(owner.client, page, action, { kind: 'planned', amount: '150 000', date: '2026-06-15' });
    assert.equal(res.status, 303, show(res));
    // 200 000 + 150 000 + 120 000 > 450 000: refused, and what was typed stays.
    res = await submit(owner.client, page, action, { kind: 'paid', amount: '120 000', date: '2026-01-10' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /summen av planlagte og utbetalte beløp kan ikke bli høyere enn tilsagnet/);
    assert.match(res.body, /id="f-amount"[^>]*value="120 000"/);
    assert.match(res.body, /value="2026-01-10"/);
    // Invalid input gets field messages.
    res = await submit(owner.client, page, action, { kind: 'paid', amount: 'mye', date: '2026-02-30' });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Skriv beløpet i kroner/);
    assert.match(textOf(res.body), /Skriv en gyldig dato/);

    // The planned payment is paid: it counts once.
    const pid = await sql(first, `SELECT id FROM grant_payments WHERE application_id = ${aid} AND paid_on IS NULL;`);
    res = await submit(owner.client, page, `${base}/tilsagn/utbetalt`, { payment: pid, paid_on: '2026-06-20' });
    assert.equal(res.status, 303, show(res));
    const json = await applicant.client.get(`/api/v1/tilskudd/soknader/${aid}/tilsagn`);
    assert.equal(json.status, 200, show(json));
    const data = JSON.parse(json.body);
    assert.equal(data.commitment_ore, 45000000);
    assert.equal(data.paid_ore, 35000000);
    assert.equal(data.planned_ore, 0);
    assert.equal(data.unallocated_ore, 10000000);
    assert.equal(data.payments.length, 2);

    // Every payment is in the audit log, which the applicant reads too.
    const notes = await sql(first, `SELECT note FROM grant_audit WHERE application_id = ${aid} AND from_status = 'granted' ORDER BY id;`);
    assert.deepEqual(notes.replace(/[^\S\n]/g, ' ').split('\n'), [
      'Utbetaling registrert: 200 000 kr den 2025-06-15',
      'Utbetaling planlagt: 150 000 kr den 2026-06-15',
      'Planlagt utbetaling på 150 000 kr utbetalt den 2026-06-20',
    ]);
    const shown = textOf((await applicant.client.get(base)).body);
    assert.match(shown, /Utbetaling registrert: 200 000 kr den 2025-06-15/);
    const commitment = textOf((await applicant.client.get(`${base}/tilsagn`)).body);
    assert.match(commitment, /Utbetalt 350 000 kr/);
  });

  it('lets only one of two concurrent payments through when both would exceed the commitment', async () => {
    // 100 000 kr is left; two processes each get a request for 60 000 kr at the same moment.
    const page = `${base}/tilsagn`;
    const action = `${base}/tilsagn/utbetalinger`;
    const [csrfA, csrfB] = await Promise.all([owner.client.csrf(page), ownerB.client.csrf(page)]);
    const body = (csrf) => new URLSearchParams({ _csrf: csrf, kind: 'paid', amount: '60 000', date: '2026-07-01' }).toString();
    const results = await Promise.all([owner.client.post(action, body(csrfA)), ownerB.client.post(action, body(csrfB))]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [303, 422], results.map((r) => show(r)).join('\n'));
    assert.equal(await sql(first, `SELECT SUM(amount) FROM grant_payments WHERE application_id = ${aid};`), '41000000');
  });

  it('has the database refuse payments over the commitment and changes to an amount', async () => {
    const now = "'2026-11-01T10:00:00Z'";
    await sqlRefused(first, `INSERT INTO grant_payments (application_id, amount, paid_on, recorded_by_name, created_at, updated_at) ` +
      `VALUES (${aid}, 4000001, '2026-08-01', 'x', ${now}, ${now});`, /exceed the commitment/);
    await sqlRefused(first, `UPDATE grant_payments SET amount = amount + 1 WHERE application_id = ${aid};`, /cannot change/);
    // A refused application has no commitment at all.
    const refused = await sql(first, `SELECT application_id FROM grant_decisions WHERE outcome = 'refused' LIMIT 1;`);
    await sqlRefused(first, `INSERT INTO grant_payments (application_id, amount, paid_on, recorded_by_name, created_at, updated_at) ` +
      `VALUES (${refused}, 1, '2026-08-01', 'x', ${now}, ${now});`, /exceed the commitment/);
    // Exactly up to the commitment is fine.
    await sql(first, `INSERT INTO grant_payments (application_id, amount, planned_on, recorded_by_name, created_at, updated_at) ` +
      `VALUES (${aid}, 4000000, '2026-12-01', 'x', ${now}, ${now});`);
    assert.equal(await sql(first, `SELECT SUM(amount) FROM grant_payments WHERE application_id = ${aid};`), '45000000');
  });

  it('sets up the reports from the rule set and flags overdue ones to the applicant and the owner', async () => {
    const res = await applicant.client.get(`/api/v1/tilskudd/soknader/${aid}/rapporter`);
    assert.equal(res.status, 200, show(res));
    const reports = res.json().reports;
    // The period is 2025-05 to 2026-12: an annual report for 2025, and the final report.
    assert.deepEqual(reports.map((r) => `${r.kind} ${r.year} ${r.due_on} ${r.status}`),
      ['annual 2025 2026-03-31 due', 'final 2026 2027-03-31 due']);
    assert.equal(reports[0].overdue, true);
    assert.equal(reports[1].overdue, osloDay() > '2027-03-31');
    const list = textOf((await owner.client.get(`${base}/rapporter`)).body);
    assert.match(list, /Årsrapport for 2025 2026-03-31 Forsinket/);
    for (const who of [owner, applicant]) {
      const page = textOf((await who.client.get(base)).body);
      assert.match(page, /1 rapport\(er\) har passert fristen/);
    }
    const mine = textOf((await applicant.client.get('/tilskudd/soknader/mine')).body);
    assert.match(mine, new RegExp(`Rapporter som er forsinket Årsrapport for 2025: ${GRANTED}`));
  });

  it('gives the owner the figures per year, applications per status and the grants, also as XLSX', async () => {
    const sid = await sql(first, `SELECT id FROM grant_schemes WHERE name = ${q(SCHEME)};`);
    const year = await sql(first, `SELECT pot_year FROM grant_decisions WHERE application_id = ${aid};`);
    const route = `/tilskudd/ordninger/${sid}/oversikt`;
    assert.match((await owner.client.get(`/tilskudd/ordninger/${sid}`)).body, new RegExp(`href="${route}"`));
    const res = await owner.client.get(route);
    assert.equal(res.status, 200, show(res));
    const text = textOf(res.body);
    // 1 000 000 kr a year; 450 000 granted; 200 000 + 150 000 + 60 000 paid (40 000 only planned).
    assert.match(text, new RegExp(`${year} 1 000 000 kr 450 000 kr 410 000 kr 550 000 kr`));
    // Last year's call: one granted, one refused.
    assert.match(text, new RegExp(`${year} 0 0 1 1 2`));
    assert.match(text, new RegExp(`${GRANTED}\\s+1 rapport\\(er\\) forsinket`));
    assert.match(text, new RegExp(`Rapporter som er forsinket Årsrapport for 2025: ${GRANTED}`));

    const raw = await fetch(`${first.url}${route}.xlsx`, { headers: { cookie: [...owner.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(raw.status, 200);
    assert.match(raw.headers.get('content-type'), /spreadsheetml/);
    const bytes = Buffer.from(await raw.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX file is a zip archive');
    const dir = await mkdtemp(path.join(tmpdir(), 'samskap-overview-'));
    const tmp = path.join(dir, 'oversikt.xlsx');
    await writeFile(tmp, bytes);
    const strings = await run('unzip', ['-p', tmp, 'xl/sharedStrings.xml']);
    assert.equal(strings.code, 0, strings.stderr);
    assert.ok(strings.stdout.includes(GRANTED), 'the grant is listed');
    assert.ok(strings.stdout.includes('Medarbeiderne AS'));
    const years = await run('unzip', ['-p', tmp, 'xl/worksheets/sheet1.xml']);
    assert.match(years.stdout, new RegExp(`<c r="A(\\d+)"[^>]*><v>${year}</v></c><c r="B\\1"[^>]*><v>1000000</v></c><c r="C\\1"[^>]*><v>450000</v></c><c r="D\\1"[^>]*><v>410000</v></c><c r="E\\1"[^>]*><v>550000</v></c>`));
    const grants = await run('unzip', ['-p', tmp, 'xl/worksheets/sheet2.xml']);
    assert.match(grants.stdout, /<v>450000<\/v>/);
    await rm(dir, { recursive: true, force: true });

    for (const who of [stranger, applicant]) {
      for (const p of [route, `${route}.xlsx`]) {
        const r = await who.client.get(p);
        assert.equal(r.status, 403, `${p}: ${r.status}`);
        assert.doesNotMatch(r.body, /450 000|Medarbeiderne/, p);
      }
    }
  });

  it('lets the applicant save a draft, explains what is missing and submits the report once', async () => {
    const rid = await sql(first, `SELECT id FROM grant_reports WHERE application_id = ${aid} AND kind = 'annual';`);
    const page = `${base}/rapporter/${rid}`;
    const form = await applicant.client.get(page);
    assert.equal(form.status, 200, show(form));
    assert.match(textOf(form.body), /Flere i fast arbeid/);
    assert.match(textOf(form.body), /Mål: 5/);
    // The owner reads, but gets no form and may not write.
    assert.doesNotMatch((await owner.client.get(page)).body, /name="r1"/);
    assert.equal((await owner.client.postForm(page, page, { go: 'save', r1: 'x' })).status, 403);

    let r = await submit(applicant.client, page, page, { go: 'save', r1: '3 i fast stilling', income: '610 000' });
    assert.equal(r.status, 303, show(r));
    let data = (await applicant.client.get(`/api/v1/tilskudd/soknader/${aid}/rapporter`)).json().reports[0];
    assert.equal(data.status, 'draft');
    assert.equal(data.income_ore, 61000000);
    assert.equal(data.costs_ore, null);
    // The owner does not see a draft's content, only that the report is not in.
    assert.doesNotMatch((await owner.client.get(page)).body, /3 i fast stilling/);
    assert.equal((await owner.client.get(`/api/v1/tilskudd/soknader/${aid}/rapporter`)).json().reports[0].income_ore, null);
    // The draft is resumed as it was left.
    assert.match((await applicant.client.get(page)).body, /id="f-r1"[^>]*value="3 i fast stilling"/);
    r = await submit(applicant.client, page, page, { go: 'submit', r1: '3 i fast stilling', income: '610 000', costs: 'mange' });
    assert.equal(r.status, 422, show(r));
    assert.match(textOf(r.body), /Skriv beløpet i kroner/);
    assert.match(textOf(r.body), /Skriv en kort beretning om prosjektet/);
    assert.match(r.body, /id="f-income"[^>]*value="610 000"/);
    r = await submit(applicant.client, page, page, {
      go: 'submit', r1: '3 i fast stilling', income: '610 000', costs: '590 000', text: 'Et godt første år.',
    });
    assert.equal(r.status, 303, show(r));
    data = (await applicant.client.get(`/api/v1/tilskudd/soknader/${aid}/rapporter`)).json().reports[0];
    assert.equal(data.status, 'submitted');
    assert.equal(data.overdue, false);
    assert.deepEqual(data.results.map((x) => x.reached), ['3 i fast stilling']);
    assert.equal(data.costs_ore, 59000000);
    // Submitted once: frozen.
    const again = await applicant.client.post(page, { _csrf: await applicant.client.csrf(`${base}/rapporter`), go: 'save', r1: 'endret' });
    assert.equal(again.status, 409, show(again));
    const shown = textOf((await owner.client.get(page)).body);
    assert.match(shown, /Sendt inn/);
    assert.match(shown, /Resultat 20 000 kr/);
    // No longer flagged.
    assert.doesNotMatch(textOf((await applicant.client.get('/tilskudd/soknader/mine')).body), /Rapporter som er forsinket/);
    assert.doesNotMatch(textOf((await owner.client.get(base)).body), /har passert fristen/);
  });

  it('reminds the applicant of a report once before it is due, though two processes run the queue', async () => {
    const due = osloDay(5);
    const before = first.sink.messages.length;
    await sql(first, `UPDATE grant_reports SET due_on = ${q(due)}, reminder_days = 14 WHERE application_id = ${aid} AND kind = 'final';`);
    const mail = await waitForMail(first.sink, { to: 'grunder@example.no', subject: 'Påminnelse: rapport på tilskudd', after: before });
    assert.match(mail.text, new RegExp(`Sluttrapport for «${GRANTED}» skal leveres innen ${due}`));
    assert.match(mail.text, new RegExp(`${base}/rapporter/\\d+`));
    await sleep(3000); // several rounds of both processes' periodic task
    const sent = first.sink.messages.slice(before).filter((m) => m.subject === 'Påminnelse: rapport på tilskudd' &&
      m.to.some((a) => a.toLowerCase() === 'grunder@example.no'));
    assert.equal(sent.length, 1);
    assert.equal(await sql(first, "SELECT COUNT(*) FROM jobs WHERE dedupe_key LIKE 'grant-report-reminder:%';"), '1');
  });

  it('shows nothing of the commitment to another applicant, and no form to the applicant', async () => {
    const rid = await sql(first, `SELECT id FROM grant_reports WHERE application_id = ${aid} AND kind = 'final';`);
    const routes = [`${base}/tilsagn`, `/api/v1/tilskudd/soknader/${aid}/tilsagn`, `${base}/rapporter`,
      `${base}/rapporter/${rid}`, `/api/v1/tilskudd/soknader/${aid}/rapporter`];
    for (const route of routes) {
      const r = await stranger.client.get(route);
      assert.ok([403, 404].includes(r.status), `${route}: ${r.status}`);
      assert.doesNotMatch(r.body, /450 000|45000000|Årsrapport|Et godt første år/, route);
    }
    const anonymous = new Client(first.url);
    for (const route of routes) assert.notEqual((await anonymous.get(route)).status, 200, route);
    for (const who of [stranger, applicant]) {
      for (const [action, fields] of [[`${base}/tilsagn/utbetalinger`, { kind: 'paid', amount: '1', date: '2026-08-01' }],
        [`${base}/tilsagn/utbetalt`, { payment: '1', paid_on: '2026-08-01' }],
      ]) {
        const r = await who.client.postForm('/tilskudd', action, fields);
        assert.equal(r.status, 403, `${action}: ${show(r)}`);
      }
    }
    const wrote = await stranger.client.postForm('/tilskudd', `${base}/rapporter/${rid}`, { go: 'save', r1: 'x' });
    assert.equal(wrote.status, 403, show(wrote));
    assert.equal(await sql(first, `SELECT status FROM grant_reports WHERE id = ${rid};`), 'due');
    assert.equal(await sql(first, `SELECT SUM(amount) FROM grant_payments WHERE application_id = ${aid};`), '45000000');
  });
});
