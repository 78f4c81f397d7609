// Attachments on grant applications and reports on both engines, with the demo data: the
// applicant uploads the attachments the rule set requires in the step «Vedlegg»; the self-check
// names each one missing and submission is refused until they are there; a wrong type or an
// oversize file is refused with a Norwegian message and the choice made is kept; downloads are
// attachments, for the applicant's members and (once submitted) the scheme owner and coordinators,
// never for another applicant or a visitor, on every new route; a submitted application's (and a
// submitted report's) files are frozen.
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
import { pdfBytes, requirementOptions, uploadRequired, uploadTo } from '../support/grant_files.mjs';

const skip = skipReason();
const DEMO_PASSWORD = 'demo-passord-2026';
const OPEN_CALL = 'Samarbeid med sosiale entreprenører – utlysning i år';
const NAV_CONTACT = 'lars.eksempelsen@example.no'; // NAV Sandefjord, arbeidsinkludering
const MUNICIPAL_CONTACT = 'kari.provesen@example.no'; // Sandefjord kommune, arbeidsinkludering
const REQUIRED = ['Budsjett for hvordan driften som helhet er finansiert', 'Samarbeidsavtale med kommunen, eller utkast til en'];

async function demoUser(server, email) {
  const client = new Client(server.url);
  await signIn(client, email, DEMO_PASSWORD);
  return client;
}

async function callId(client, title) {
  const res = await client.get('/tilskudd');
  const m = new RegExp(`<a href="/tilskudd/(\\d+)">${title}</a>`).exec(res.body);
  assert.ok(m, `the list shows «${title}»`);
  return m[1];
}

// A draft to the open call with every step but the attachments complete; returns its id.
async function draftApplication(member, call, title, extraConditions = {}) {
  const c = member.client;
  const start = await submit(c, `/tilskudd/${call}`, `/tilskudd/${call}/soknad`, { organisation_id: member.orgId });
  assert.equal(start.status, 303, show(start));
  const aid = /^\/tilskudd\/soknader\/(\d+)\/prosjekt$/.exec(pathOf(start.location))[1];
  const base = `/tilskudd/soknader/${aid}`;
  const steps = [
    ['prosjekt', { title, description: 'Unge reparerer sykler.', target_group: 'Unge', municipalities: ['3907'],
      period_from: '2027-01', period_to: '2027-12', go: 'next' }],
    ['resultater', { rows: 3, k1_description: 'Flere i arbeid', k1_indicator: 'Antall i arbeid', k1_baseline: '0',
      k1_target: '5', go: 'next' }],
    ['budsjett', { brows: 4, frows: 4, b1_category: 'Lønn', b1_year: '2027', b1_amount: '400 000', f1_source: 'own',
      f1_description: 'Salg', f1_amount: '100 000', f2_source: 'scheme', f2_description: 'Sandefjord kommune',
      f2_amount: '300 000', go: 'next' }],
    ['vilkar', { cooperation: '1', d_inkludering: '1', x_inkludering: 'Samarbeid med NAV.', go: 'next', ...extraConditions }],
  ];
  for (const [step, fields] of steps) {
    const res = await submit(c, `${base}/${step}`, `${base}/${step}`, fields);
    assert.equal(res.status, 303, `${step}: ${show(res)}`);
    if (step === 'vilkar') assert.equal(pathOf(res.location), `${base}/vedlegg`, 'the conditions lead on to the attachments');
  }
  return aid;
}

// The ids of the files listed on a page, in order.
const fileIds = (html, aid) => [...html.matchAll(new RegExp(`href="/tilskudd/soknader/${aid}/vedlegg/(\\d+)"`, 'g'))].map((m) => m[1]);

describe(`grant attachments (${testEngine()})`, { skip }, () => {
  let server;
  let coordinator;
  let owner; // kommune@example.no: a member of Sandefjord kommune, which owns the scheme
  let other; // grunder@example.no: another applicant
  let applicant;
  let visitor;
  let call;
  let aid;
  let files = [];

  before(async () => {
    server = await startServer({ demo: true, env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000', SAMSKAP_REPORT_REMINDER_INTERVAL_SECONDS: '1' } });
    coordinator = await userWithRole(server, 'coordinator');
    owner = await demoUser(server, 'kommune@example.no');
    other = await demoUser(server, 'grunder@example.no');
    applicant = await memberOf(server, 'social_enterprise', { coordinator });
    visitor = new Client(server.url);
    call = await callId(visitor, OPEN_CALL);
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses submission while a required attachment is missing and explains which', async () => {
    const c = applicant.client;
    aid = await draftApplication(applicant, call, `Sykkelverksted ${Date.now()}`);
    const base = `/tilskudd/soknader/${aid}`;
    const step = await c.get(`${base}/vedlegg`);
    assert.equal(step.status, 200, show(step));
    let text = textOf(step.body);
    for (const label of REQUIRED) assert.match(text, new RegExp(`Mangler ${label}`));
    assert.match(step.body, /<option value="vedlegg-1" selected>/, 'the first one missing is chosen to begin with');
    assert.deepEqual((await requirementOptions(c, aid)).map((o) => o.value), ['vedlegg-1', 'vedlegg-2', '']);

    const check = await c.get(`${base}/kontroll`);
    text = textOf(check.body);
    assert.match(text, new RegExp(`Vedlegget «${REQUIRED[0]}» mangler\\. Sandefjord kommune krever det for å behandle søknaden`));
    assert.match(text, new RegExp(`Vedlegget «${REQUIRED[1]}» mangler`));
    assert.match(check.body, new RegExp(`href="${base}/vedlegg">Rett opp under «Vedlegg»`));
    assert.doesNotMatch(check.body, /Send inn søknaden/);
    const refused = await submit(c, `${base}/kontroll`, `${base}/send`);
    assert.equal(refused.status, 422, show(refused));
    assert.match(textOf(refused.body), /noen regler ikke er oppfylt/);

    // One of two is not enough.
    const one = await uploadTo(c, `${base}/vedlegg`, `${base}/vedlegg`, {
      filename: 'budsjett-drift.pdf', bytes: pdfBytes('budsjett'), fields: { requirement: 'vedlegg-1' },
    });
    assert.equal(one.status, 303, show(one));
    assert.equal(pathOf(one.location), `${base}/vedlegg`);
    const after = await c.get(`${base}/vedlegg`);
    assert.match(after.body, /<option value="vedlegg-2" selected>/);
    text = textOf(after.body);
    assert.match(text, new RegExp(`Lastet opp ${REQUIRED[0]}`));
    assert.match(text, new RegExp(`Mangler ${REQUIRED[1]}`));
    assert.equal((await submit(c, `${base}/kontroll`, `${base}/send`)).status, 422);
  });

  it('refuses a wrong type, an oversize file and an unknown choice in Norwegian, keeping the choice', async () => {
    const c = applicant.client;
    const base = `/tilskudd/soknader/${aid}`;
    const fake = await uploadTo(c, `${base}/vedlegg`, `${base}/vedlegg`, {
      filename: 'samarbeidsavtale.pdf', bytes: 'MZ this is not a pdf', fields: { requirement: 'vedlegg-2' },
    });
    assert.equal(fake.status, 422, show(fake));
    assert.match(textOf(fake.body), /Denne filtypen tas ikke imot, eller innholdet stemmer ikke med filnavnet/);
    assert.match(fake.body, /ds-error-summary/);
    assert.match(fake.body, /<option value="vedlegg-2" selected>/, 'the choice made is kept');
    assert.match(fake.body, /id="f-file"[^>]*aria-invalid="true"/);
    const exe = await uploadTo(c, `${base}/vedlegg`, `${base}/vedlegg`, {
      filename: 'program.exe', bytes: 'MZ\x90\x00', type: 'application/octet-stream', fields: { requirement: 'vedlegg-2' },
    });
    assert.equal(exe.status, 422, show(exe));

    const big = Buffer.alloc(8 * 1024 * 1024 + 1, 0x20);
    pdfBytes().copy(big);
    const oversize = await uploadTo(c, `${base}/vedlegg`, `${base}/vedlegg`, {
      filename: 'stor.pdf', bytes: big, fields: { requirement: 'vedlegg-2' },
    });
    assert.equal(oversize.status, 422, show(oversize));
    assert.match(textOf(oversize.body), /Filen er for stor\. Et vedlegg kan være høyst 8 MB/);
    assert.match(oversize.body, /<option value="vedlegg-2" selected>/);

    const unknown = await uploadTo(c, `${base}/vedlegg`, `${base}/vedlegg`, { fields: { requirement: 'vedlegg-9' } });
    assert.equal(unknown.status, 422, show(unknown));
    assert.match(textOf(unknown.body), /Velg hva vedlegget dokumenterer/);
    const none = await uploadTo(c, `${base}/vedlegg`, `${base}/vedlegg`, { bytes: '', fields: { requirement: 'vedlegg-2' } });
    assert.equal(none.status, 422, show(none));
    assert.match(textOf(none.body), /Velg en fil å laste opp/);

    // Nothing of it was stored.
    assert.equal(fileIds((await c.get(`${base}/vedlegg`)).body, aid).length, 1);
  });

  it('serves the files as downloads to the applicant only while it is a draft, and lets them be replaced', async () => {
    const c = applicant.client;
    const base = `/tilskudd/soknader/${aid}`;
    const extra = await uploadTo(c, `${base}/vedlegg`, `${base}/vedlegg`, {
      filename: 'Årsmelding 2025.pdf', bytes: pdfBytes('årsmelding'), fields: { requirement: '' },
    });
    assert.equal(extra.status, 303, show(extra));
    files = fileIds((await c.get(`${base}/vedlegg`)).body, aid);
    assert.equal(files.length, 2);

    const dl = await c.get(`${base}/vedlegg/${files[1]}`);
    assert.equal(dl.status, 200, show(dl));
    assert.equal(dl.headers.get('content-type'), 'application/pdf');
    assert.match(dl.headers.get('content-disposition'), /^attachment; filename="_+rsmelding 2025\.pdf"; filename\*=UTF-8''%C3%85rsmelding%202025\.pdf$/);
    assert.match(dl.headers.get('cache-control'), /no-store/);
    assert.ok(dl.raw.equals(pdfBytes('årsmelding')), 'the bytes come back unchanged');

    // Nobody but the applicant sees a draft's files, on any new route.
    const routes = [`${base}/vedlegg`, `${base}/vedlegg/${files[0]}`, `${base}/vedlegg/${files[1]}`];
    for (const client of [owner, other, coordinator.client]) {
      for (const path of routes) {
        const res = await client.get(path);
        assert.equal(res.status, 403, `${path}: ${show(res)}`);
        assert.doesNotMatch(res.body, /%PDF/);
      }
    }
    for (const path of routes) {
      const res = await visitor.get(path);
      assert.ok(res.status === 303 && pathOf(res.location) === '/logg-inn', `${path} for a visitor: ${show(res)}`);
    }
    for (const path of [`${base}/vedlegg`, `${base}/vedlegg/${files[0]}/slett`]) {
      const res = await uploadTo(other, '/tilskudd', path, { fields: { requirement: '' } });
      assert.equal(res.status, 403, `POST ${path}: ${show(res)}`);
      const anon = await uploadTo(visitor, '/tilskudd', path, { fields: { requirement: '' } });
      assert.ok([303, 403].includes(anon.status), `POST ${path} for a visitor: ${show(anon)}`);
    }

    // Deleting the other attachment; a file of this application is not found through another one.
    const del = await submit(c, `${base}/vedlegg`, `${base}/vedlegg/${files[1]}/slett`);
    assert.equal(del.status, 303, show(del));
    assert.equal((await c.get(`${base}/vedlegg/${files[1]}`)).status, 404);
    const second = await draftApplication(applicant, call, `Annen søknad ${Date.now()}`);
    assert.equal((await c.get(`/tilskudd/soknader/${second}/vedlegg/${files[0]}`)).status, 404);
    assert.equal((await submit(c, `/tilskudd/soknader/${second}/vedlegg`, `/tilskudd/soknader/${second}/vedlegg/${files[0]}/slett`)).status, 404);
  });

  it('submits once every required attachment is there, and freezes the files', async () => {
    const c = applicant.client;
    const base = `/tilskudd/soknader/${aid}`;
    const two = await uploadTo(c, `${base}/vedlegg`, `${base}/vedlegg`, {
      filename: 'samarbeidsavtale.pdf', bytes: pdfBytes('avtale'), fields: { requirement: 'vedlegg-2' },
    });
    assert.equal(two.status, 303, show(two));
    const check = textOf((await c.get(`${base}/kontroll`)).body);
    assert.match(check, /Søknaden oppfyller alle reglene/);
    assert.match(check, new RegExp(`Vedlegget «${REQUIRED[1]}» er lastet opp`));
    const sent = await submit(c, `${base}/kontroll`, `${base}/send`);
    assert.equal(sent.status, 303, show(sent));
    files = fileIds((await c.get(base)).body, aid);
    assert.equal(files.length, 2, 'the application page lists its attachments');

    // Frozen: no upload, no delete; the step leads to the application.
    const late = await uploadTo(c, base, `${base}/vedlegg`, { fields: { requirement: '' } });
    assert.equal(late.status, 409, show(late));
    assert.match(textOf(late.body), /Søknaden er sendt inn, og vedleggene kan ikke endres lenger/);
    const del = await submit(c, base, `${base}/vedlegg/${files[0]}/slett`);
    assert.equal(del.status, 409, show(del));
    const step = await c.get(`${base}/vedlegg`);
    assert.equal(step.status, 303);
    assert.equal(pathOf(step.location), base);
    assert.equal(fileIds((await c.get(base)).body, aid).length, 2);

    // Now the owner and coordinators read them; another applicant and visitors still do not.
    for (const client of [owner, coordinator.client, c]) {
      const page = await client.get(base);
      assert.deepEqual(fileIds(page.body, aid), files, 'the attachments are listed');
      const dl = await client.get(`${base}/vedlegg/${files[1]}`);
      assert.equal(dl.status, 200, show(dl));
      assert.match(dl.headers.get('content-disposition'), /^attachment; filename="samarbeidsavtale\.pdf"/);
      assert.ok(dl.raw.equals(pdfBytes('avtale')));
    }
    for (const id of files) {
      const res = await other.get(`${base}/vedlegg/${id}`);
      assert.equal(res.status, 403, show(res));
      const anon = await visitor.get(`${base}/vedlegg/${id}`);
      assert.ok(anon.status === 303 && pathOf(anon.location) === '/logg-inn', show(anon));
    }
    // The owner never changes them.
    assert.equal((await uploadTo(owner, base, `${base}/vedlegg`, { fields: { requirement: '' } })).status, 403);
    assert.equal((await submit(owner, base, `${base}/vedlegg/${files[0]}/slett`)).status, 403);
  });

  it('asks for an attachment to each declaration when the rule set says so', async () => {
    const org = /<option value="(\d+)"[^>]*>Sandefjord kommune<\/option>/.exec((await owner.get('/tilskudd/ordninger/ny')).body)[1];
    const created = await submit(owner, '/tilskudd/ordninger/ny', '/tilskudd/ordninger/ny', {
      organisation_id: org, name: `Vedleggsordning ${Date.now()}`, purpose: 'For prøving.', annual_pot: '100 000',
    });
    assert.equal(created.status, 303, show(created));
    const sbase = pathOf(created.location).replace(/\/forvalt$/, '');
    const today = new Date().toISOString().slice(0, 10);
    const rules = await submit(owner, `${sbase}/forvalt`, `${sbase}/regelsett`, {
      valid_from: '2020-01-01', max_months: '12', declarations: 'Vedtektene forbyr utbytte', declarations_attachment: '1',
    });
    assert.equal(rules.status, 303, show(rules));
    const made = await submit(owner, `${sbase}/forvalt`, `${sbase}/utlysning`, { title: `Runde ${Date.now()}`, opens: today, closes: '2099-12-31' });
    assert.equal(made.status, 303, show(made));
    const cid = /\/tilskudd\/(\d+)$/.exec(pathOf(made.location))[1];
    assert.match(textOf((await visitor.get(`/tilskudd/${cid}`)).body), /Vedtektene forbyr utbytte.*Erklæringen dokumenteres med vedlegg/);

    const c = applicant.client;
    const start = await submit(c, `/tilskudd/${cid}`, `/tilskudd/${cid}/soknad`, { organisation_id: applicant.orgId });
    const id = /^\/tilskudd\/soknader\/(\d+)\/prosjekt$/.exec(pathOf(start.location))[1];
    const options = await requirementOptions(c, id);
    assert.deepEqual(options.map((o) => o.label), ['Dokumentasjon for erklæringen: Vedtektene forbyr utbytte', 'Annet vedlegg']);
    const key = options[0].value;
    assert.match(key, /^vilkar-/);
    let check = textOf((await c.get(`/tilskudd/soknader/${id}/kontroll`)).body);
    assert.match(check, /Erklæringen «Vedtektene forbyr utbytte» skal dokumenteres med et vedlegg, men det er ikke lastet opp noe vedlegg for den/);
    const up = await uploadTo(c, `/tilskudd/soknader/${id}/vedlegg`, `/tilskudd/soknader/${id}/vedlegg`, { fields: { requirement: key } });
    assert.equal(up.status, 303, show(up));
    check = textOf((await c.get(`/tilskudd/soknader/${id}/kontroll`)).body);
    assert.match(check, /Erklæringen «Vedtektene forbyr utbytte» er dokumentert med et vedlegg/);
  });

  it('gives the demo applications their required attachments', async () => {
    const mine = await other.get('/tilskudd/soknader/mine');
    const m = /href="\/tilskudd\/soknader\/(\d+)">Arbeidsledere for folk i rusbehandling/.exec(mine.body);
    assert.ok(m, 'the demo draft is listed');
    const page = await other.get(`/tilskudd/soknader/${m[1]}`);
    assert.equal(fileIds(page.body, m[1]).length, 2);
  });

  it('takes accounts and documentation on a report, for the applicant; frozen once the report is submitted', async () => {
    // grunder@example.no is a member of the demo's granted applicant organisation.
    const mine = await other.get('/tilskudd/soknader/mine');
    const granted = [...mine.body.matchAll(/href="\/tilskudd\/soknader\/(\d+)">Arbeidsledere for folk i rusbehandling</g)].map((m) => m[1]);
    let gid = null;
    let reports = [];
    for (let i = 0; i < 100 && reports.length === 0; i++) {
      for (const id of granted) {
        const res = await other.get(`/api/v1/tilskudd/soknader/${id}/rapporter`);
        if (res.status === 200 && res.json().reports.length) {
          gid = id;
          reports = res.json().reports;
        }
      }
      if (!reports.length) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(gid, 'the granted demo application has its reports set up');
    const rid = reports.find((r) => r.kind === 'annual').id;
    const page = `/tilskudd/soknader/${gid}/rapporter/${rid}`;
    const form = await other.get(page);
    assert.equal(form.status, 200, show(form));
    assert.match(textOf(form.body), /Vedlegg til rapporten Rapporten har ingen vedlegg/);
    assert.match(form.body, /<option value="regnskap">Regnskap<\/option>/);

    const up = await uploadTo(other, page, `${page}/vedlegg`, {
      filename: 'regnskap-2025.pdf', bytes: pdfBytes('regnskap'), fields: { requirement: 'regnskap' },
    });
    assert.equal(up.status, 303, show(up));
    assert.equal(pathOf(up.location), page);
    let body = (await other.get(page)).body;
    const ids = [...body.matchAll(new RegExp(`href="${page}/vedlegg/(\\d+)"`, 'g'))].map((m) => m[1]);
    assert.equal(ids.length, 1);
    assert.match(textOf(body), /regnskap-2025\.pdf \(1 kB\) – Regnskap/);
    const dl = await other.get(`${page}/vedlegg/${ids[0]}`);
    assert.equal(dl.status, 200, show(dl));
    assert.match(dl.headers.get('content-disposition'), /^attachment; filename="regnskap-2025\.pdf"/);

    const bad = await uploadTo(other, page, `${page}/vedlegg`, {
      filename: 'dokumentasjon.docx', bytes: 'not a zip', fields: { requirement: 'dokumentasjon' },
    });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.body), /Denne filtypen tas ikke imot/);
    assert.match(bad.body, /ds-error-summary/);
    assert.match(bad.body, /<option value="dokumentasjon" selected>/, 'the kind chosen is kept');
    const kind = await uploadTo(other, page, `${page}/vedlegg`, { fields: { requirement: 'faktura' } });
    assert.equal(kind.status, 422, show(kind));

    // While the report is a draft its files are the applicant's alone.
    assert.doesNotMatch((await owner.get(page)).body, /regnskap-2025/);
    assert.equal((await owner.get(`${page}/vedlegg/${ids[0]}`)).status, 404);
    assert.equal((await uploadTo(owner, page, `${page}/vedlegg`, { fields: { requirement: 'regnskap' } })).status, 403);
    assert.equal((await submit(owner, page, `${page}/vedlegg/${ids[0]}/slett`)).status, 403);
    const routes = [`${page}/vedlegg/${ids[0]}`];
    for (const path of routes) {
      assert.equal((await applicant.client.get(path)).status, 403, path);
      const anon = await visitor.get(path);
      assert.ok(anon.status === 303 && pathOf(anon.location) === '/logg-inn', `${path}: ${show(anon)}`);
    }
    for (const path of [`${page}/vedlegg`, `${page}/vedlegg/${ids[0]}/slett`]) {
      assert.equal((await uploadTo(applicant.client, '/tilskudd', path, { fields: { requirement: 'regnskap' } })).status, 403, path);
      const anon = await uploadTo(visitor, '/tilskudd', path, { fields: { requirement: 'regnskap' } });
      assert.ok([303, 403].includes(anon.status), `POST ${path} for a visitor: ${show(anon)}`);
    }

    // A second file, deleted again.
    await uploadTo(other, page, `${page}/vedlegg`, { filename: 'bilder.pdf', fields: { requirement: 'dokumentasjon' } });
    body = (await other.get(page)).body;
    const second = [...body.matchAll(new RegExp(`href="${page}/vedlegg/(\\d+)"`, 'g'))].map((m) => m[1]).find((x) => x !== ids[0]);
    assert.equal((await submit(other, page, `${page}/vedlegg/${second}/slett`)).status, 303);
    assert.equal((await other.get(`${page}/vedlegg/${second}`)).status, 404);

    // Submitted: frozen, and now the owner and coordinators read the file.
    const fields = { go: 'submit', income: '610 000', costs: '590 000', text: 'Året gikk etter planen.' };
    for (const m of body.matchAll(/name="(r\d+)"/g)) fields[m[1]] = '3 i fast stilling';
    const sent = await submit(other, page, page, fields);
    assert.equal(sent.status, 303, show(sent));
    const late = await uploadTo(other, page, `${page}/vedlegg`, { fields: { requirement: 'regnskap' } });
    assert.equal(late.status, 409, show(late));
    assert.match(textOf(late.body), /Rapporten er sendt inn, og vedleggene kan ikke endres lenger/);
    assert.equal((await submit(other, page, `${page}/vedlegg/${ids[0]}/slett`)).status, 409);
    assert.doesNotMatch((await other.get(page)).body, /name="requirement"/, 'no upload form once submitted');
    for (const client of [owner, coordinator.client, other]) {
      assert.match(textOf((await client.get(page)).body), /regnskap-2025\.pdf/);
      const res = await client.get(`${page}/vedlegg/${ids[0]}`);
      assert.equal(res.status, 200, show(res));
      assert.ok(res.raw.equals(pdfBytes('regnskap')));
    }
    assert.equal((await applicant.client.get(`${page}/vedlegg/${ids[0]}`)).status, 403);
  });

  it('lets the owner set the report rule of a new rule set, with clear messages, and nobody else', async () => {
    const org = /<option value="(\d+)"[^>]*>Sandefjord kommune<\/option>/.exec((await owner.get('/tilskudd/ordninger/ny')).body)[1];
    const created = await submit(owner, '/tilskudd/ordninger/ny', '/tilskudd/ordninger/ny', {
      organisation_id: org, name: `Rapportordning ${Date.now()}`, purpose: 'For prøving.', annual_pot: '100 000',
    });
    const sbase = pathOf(created.location).replace(/\/forvalt$/, '');
    const form = await owner.get(`${sbase}/forvalt`);
    assert.match(form.body, /id="f-report_day"[^>]*value="31"/, 'the defaults are filled in');
    assert.match(form.body, /id="f-final_days"[^>]*value="90"/);

    const bad = await submit(owner, `${sbase}/forvalt`, `${sbase}/regelsett`, {
      valid_from: '2030-01-01', max_months: '12', report_day: '31', report_month: '4', final_days: 'mange', reminder_days: '0',
      attachments: 'Vedtekter',
    });
    assert.equal(bad.status, 422, show(bad));
    const text = textOf(bad.body);
    assert.match(text, /Fristen for årsrapporten må være en dato som finnes/);
    assert.match(text, /Skriv hvor mange dager etter prosjektperioden sluttrapporten skal leveres, som et helt tall fra 0 til 365/);
    assert.match(text, /Skriv hvor mange dager før fristen søkeren skal få påminnelse, som et helt tall fra 1 til 90/);
    assert.match(bad.body, /ds-error-summary/);
    assert.match(bad.body, /href="#f-report_day"/);
    assert.match(bad.body, /id="f-report_month"[^>]*value="4"/, 'nothing typed is lost');
    assert.match(bad.body, /id="f-final_days"[^>]*value="mange"/);
    assert.match(bad.body, /id="f-attachments"[^>]*>Vedtekter</);
    const tooMany = await submit(owner, `${sbase}/forvalt`, `${sbase}/regelsett`, {
      valid_from: '2030-01-01', max_months: '12', report_day: '1', report_month: '5', final_days: '400', reminder_days: '14',
    });
    assert.equal(tooMany.status, 422);
    assert.match(textOf(tooMany.body), /fra 0 til 365/);
    const refused = await submit(other, '/tilskudd', `${sbase}/regelsett`, {
      valid_from: '2030-01-01', max_months: '12', report_day: '30', report_month: '4', final_days: '60', reminder_days: '10',
    });
    assert.equal(refused.status, 403);

    const ok = await submit(owner, `${sbase}/forvalt`, `${sbase}/regelsett`, {
      valid_from: '2030-01-01', max_months: '12', report_day: '30', report_month: '4', final_days: '60', reminder_days: '10',
    });
    assert.equal(ok.status, 303, show(ok));
    const page = textOf((await owner.get(`${sbase}/forvalt`)).body);
    assert.match(page, /Årsrapport innen 30\.04\. året etter hvert kalenderår i perioden, sluttrapport senest 60 dager etter at perioden er slutt\. Søkeren får en påminnelse 10 dager før fristen\./);
    // The demo's rule sets, saved with months, say so.
    const demo = textOf((await visitor.get(`/tilskudd/${call}`)).body);
    assert.match(demo, /sluttrapport innen utgangen av måneden 3 måneder etter at perioden er slutt/);
  });

  it('lets the owner change the scheme\'s service area after it was created, and nobody else', async () => {
    const org = /<option value="(\d+)"[^>]*>Sandefjord kommune<\/option>/.exec((await owner.get('/tilskudd/ordninger/ny')).body)[1];
    const created = await submit(owner, '/tilskudd/ordninger/ny', '/tilskudd/ordninger/ny', {
      organisation_id: org, name: `Områdeordning ${Date.now()}`, purpose: 'For prøving.', annual_pot: '100 000',
      service_area: 'arbeidsinkludering',
    });
    assert.equal(created.status, 303, show(created));
    const sbase = pathOf(created.location).replace(/\/forvalt$/, '');
    let page = await owner.get(`${sbase}/forvalt`);
    assert.match(page.body, /<option value="arbeidsinkludering" selected>/);

    const bad = await submit(owner, `${sbase}/forvalt`, `${sbase}/tjenesteomrade`, { service_area: 'finnes-ikke' });
    assert.equal(bad.status, 422, show(bad));
    assert.match(bad.body, /ds-error-summary/);
    assert.match(bad.body, /id="f-service_area"[^>]*aria-invalid="true"/);
    for (const client of [other, applicant.client]) {
      const res = await submit(client, '/tilskudd', `${sbase}/tjenesteomrade`, { service_area: 'eldreomsorg' });
      assert.equal(res.status, 403, show(res));
    }
    const anon = await visitor.post(`${sbase}/tjenesteomrade`, { service_area: 'eldreomsorg' });
    assert.ok([303, 403].includes(anon.status), show(anon));
    page = await owner.get(`${sbase}/forvalt`);
    assert.match(page.body, /<option value="arbeidsinkludering" selected>/, 'unchanged by the refused requests');

    const ok = await submit(owner, `${sbase}/forvalt`, `${sbase}/tjenesteomrade`, { service_area: 'eldreomsorg' });
    assert.equal(ok.status, 303, show(ok));
    page = await owner.get(`${sbase}/forvalt`);
    assert.match(textOf(page.body), /Tjenesteområdet er lagret/);
    assert.match(page.body, /<option value="eldreomsorg" selected>/);
    assert.doesNotMatch(page.body, /<option value="arbeidsinkludering" selected>/);
    const none = await submit(owner, `${sbase}/forvalt`, `${sbase}/tjenesteomrade`, { service_area: '' });
    assert.equal(none.status, 303, show(none));
    assert.doesNotMatch((await owner.get(`${sbase}/forvalt`)).body, /<option value="(arbeidsinkludering|eldreomsorg)" selected>/);
  });

  it('tells NAV and the contact people of a grant, but nobody of one the applicant asked to keep confidential', async () => {
    const open = await memberOf(server, 'social_enterprise', { coordinator, municipality: '3907' });
    const secret = await memberOf(server, 'social_enterprise', { coordinator, municipality: '3907' });
    const openTitle = `Åpent verksted ${Date.now()}`;
    const secretTitle = `Skjermet bolig ${Date.now()}`;
    const ids = {};
    for (const [who, title, extra] of [[open, openTitle, {}],
      [secret, secretTitle, { confidential: '1', confidential_reason: 'Adressen til boligen er hemmelig.' }]]) {
      const id = await draftApplication(who, call, title, extra);
      await uploadRequired(who.client, id);
      const sent = await submit(who.client, `/tilskudd/soknader/${id}/kontroll`, `/tilskudd/soknader/${id}/send`);
      assert.equal(sent.status, 303, show(sent));
      ids[title] = id;
    }
    const before = server.sink.messages.length;
    for (const title of [secretTitle, openTitle]) {
      const base = `/tilskudd/soknader/${ids[title]}`;
      const res = await submit(owner, `${base}/behandling`, `${base}/vedtak`, {
        outcome: 'granted', amount: '50 000', period_from: '2027-01', period_to: '2027-12', conditions: 'Rapport innen fristen.',
      });
      assert.equal(res.status, 303, `${title}: ${show(res)}`);
    }
    const subject = (org) => `Tilskudd til ${org} i kommunen deres`;
    await waitForMail(server.sink, { to: NAV_CONTACT, subject: subject(open.orgName), after: before });
    await waitForMail(server.sink, { to: MUNICIPAL_CONTACT, subject: subject(open.orgName), after: before });
    await new Promise((r) => setTimeout(r, 1500));
    const after = server.sink.messages.slice(before);
    assert.equal(after.filter((m) => m.subject === subject(secret.orgName)).length, 0, 'no notice of the confidential grant');
    assert.ok(!after.some((m) => m.text.includes(secretTitle) && !m.to.some((a) => a.toLowerCase() === secret.email.toLowerCase())),
      'nobody but the applicant hears of it');
    const municipality = textOf((await visitor.get('/kommuner/3907')).body);
    assert.match(municipality, new RegExp(openTitle));
    assert.doesNotMatch(municipality, new RegExp(secretTitle));
  });
});
