// The one-page impact report on both engines: an organisation's report and a plan's report show
// the key figures, each indicator against its baseline and target, the latest Ferd figures and the
// SROI ratio of the most recently saved analysis with its conventions, computed from known
// measurements; a good story about a person appears only once consent is recorded, on the page and
// in the PDF; the PDF is one A4 page even with many indicators; only members and coordinators may
// open the report (visitors are sent to sign in, other organisations' members refused). Then the
// region view's sums over a small known data set, its filters, CSV and XLSX.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, pathOf, show, skipReason, startServer, testEngine, textOf, userWithRole } from '../support/harness.mjs';
import { memberOf, submit } from '../support/market.mjs';
import { pdfPages, pdfText } from '../support/pdf.mjs';
import { xlsxRows } from '../support/xlsx.mjs';

const skip = skipReason();

// The example: 1,10 : 1 at 4 %.
const SROI = {
  title: 'Arbeidstrening 2026', stakeholders: 'Deltakerne', rate: '4', first_year: 'ja', drop_off_starts: 'second_year',
  sens_pct: '10', inv_rows: '3', line_rows: '3', i1_year: '0', i1_amount: '2 000 000', l1_name: 'Deltakere i arbeid',
  l1_stakeholder: 'Deltakerne', l1_indicator: 'I jobb etter 12 måneder', l1_quantity: '12', l1_proxy: '150 000',
  l1_source: 'NAV', l1_base_year: '2025', l1_duration: '3', l1_deadweight: '20', l1_displacement: '10',
  l1_attribution: '25', l1_drop_off: '20',
};

async function indicatorId(client, name) {
  const res = await client.get('/indikatorer');
  const m = new RegExp(`<a href="/indikatorer/(\\d+)">${name}</a>`).exec(res.body);
  assert.ok(m, `the library lists «${name}»`);
  return m[1];
}

async function startPlan(member, title) {
  const res = await submit(member.client, '/effekt/planer', '/effekt/planer', {
    organisation_id: member.orgId, title, project: 'Verksted for unge',
  });
  assert.equal(res.status, 303, show(res));
  return /^\/effekt\/planer\/(\d+)\//.exec(pathOf(res.location))[1];
}

async function ok(res) {
  assert.ok(res.status === 303 || res.status === 200, show(res));
  return res;
}

describe(`the one-page impact report (${testEngine()})`, { skip }, () => {
  let server, coordinator, member, outsider, visitor, plan, working, started;

  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    coordinator = await userWithRole(server, 'coordinator');
    member = await memberOf(server, 'social_enterprise', { coordinator });
    outsider = await memberOf(server, 'social_enterprise', { coordinator });
    visitor = new Client(server.url);
    working = await indicatorId(visitor, 'Deltakere over i lønnet arbeid');
    started = await indicatorId(visitor, 'Deltakere som startet');
    const c = member.client;
    plan = await startPlan(member, 'Effektplan for verkstedet');
    const base = `/effekt/planer/${plan}`;
    await ok(await submit(c, `${base}/indikatorer`, `${base}/indikatorer`, { indicators: [started, working], go: 'next' }));
    await ok(await submit(c, `${base}/nullpunkt`, `${base}/nullpunkt`, {
      [`b${working}_value`]: '20', [`b${working}_date`]: '2026-01-15', [`b${working}_target`]: '40',
      [`b${started}_value`]: '10', [`b${started}_date`]: '2026-01-15', [`b${started}_target`]: '30',
    }));
    for (const [id, on, value] of [[working, '2026-06-30', '25'], [working, '2026-12-31', '45'], [started, '2026-06-30', '12,5']])
      await ok(await submit(c, `${base}/malinger`, `${base}/malinger`, { indicator_id: id, measured_on: on, value }));
  });
  after(async () => server?.stop());

  it('shows the key figures, the trends against baseline and target, Ferd and SROI from known figures', async () => {
    const c = member.client;
    const ferd = `/effekt/aktorer/${member.orgId}/ferd/2025`;
    await ok(await submit(c, ferd, ferd, { high_contact: '3', low_contact: '4', story: 'Et eldre år.' }));
    const ferd26 = `/effekt/aktorer/${member.orgId}/ferd/2026`;
    await ok(await submit(c, ferd26, ferd26, {
      high_contact: '12', low_contact: '30', success_criterion: 'I arbeid etter ett år', success_percent: '40',
      revenue: '2 500 000', result: '-150 000', story: 'Verkstedet fikk egne lokaler.',
    }));
    const sroi = await submit(c, `/aktorer/${member.orgId}/sroi`, `/aktorer/${member.orgId}/sroi`, { title: 'Arbeidstrening' });
    assert.equal(sroi.status, 303, show(sroi));
    await ok(await submit(c, pathOf(sroi.location), pathOf(sroi.location), SROI));

    const res = await c.get(`/effekt/aktorer/${member.orgId}/rapport`);
    assert.equal(res.status, 200, show(res));
    const text = textOf(res.body);
    assert.match(text, new RegExp(`Effektrapport for ${member.orgName}`));
    assert.match(text, /Effektplaner 1 Indikatorer som følges 2 Målinger 3 Indikatorer som har nådd målet 1 av 2/);
    assert.match(text, /Personer nådd i 2026 \(høy og lav kontakt\) 42/);
    assert.match(text, /SROI-forhold 1,10 : 1/);
    assert.match(text, /Nullpunkt: 20 \(15\.01\.2026\) · Siste måling: 45 \(31\.12\.2026\) \(\+25\) · Mål: 40 · Nådd/);
    assert.match(text, /Nullpunkt: 10 \(15\.01\.2026\) · Siste måling: 12,5 \(30\.06\.2026\) \(\+2,5\) · Mål: 30 · Ikke nådd/);
    assert.match(text, /15\.01\.2026 Nullpunkt 20 30\.06\.2026 Måling 25 31\.12\.2026 Måling 45/, 'the data table');
    assert.match(res.body, /<svg class="site-chart" role="img" aria-labelledby="chart-\d+-\d+-title chart-\d+-\d+-desc"/);
    assert.match(res.body, /<title id="chart-\d+-\d+-title">Utvikling for Deltakere over i lønnet arbeid<\/title>/);
    assert.match(text, /Personer med høy kontakt 12 Personer med lav kontakt 30 Suksesskriterium I arbeid etter ett år \(40 %\)/);
    assert.match(text, /2\s500\s000 kr/);
    assert.match(text, /−150\s000 kr/);
    assert.match(text, /Arbeidstrening 2026 · SROI-forhold: 1,10 : 1/);
    assert.match(text, /Diskonteringsrente: 4 %\. Det første året diskonteres/);
    assert.match(text, /Nedgangen starter i virkningens andre år/);
    assert.match(text, /Verkstedet fikk egne lokaler\./, 'a story not about a person is shown');
    assert.ok(!text.includes('Et eldre år'), 'only the latest year');

    const pdf = await c.get(`/effekt/aktorer/${member.orgId}/rapport.pdf`);
    assert.equal(pdf.status, 200, show(pdf));
    assert.match(pdf.headers.get('content-type'), /^application\/pdf/);
    assert.ok(pdf.raw.subarray(0, 4).toString('latin1') === '%PDF');
    assert.equal(pdfPages(pdf.raw), 1);
    const words = pdfText(pdf.raw);
    assert.match(words, /Effektrapport for/);
    assert.match(words, /1,10 : 1/);
    assert.match(words, /Deltakere over i lønnet arbeid/);
    assert.match(words, /Verkstedet fikk egne lokaler\./);

    // The plan's own report: the same plan's figures, no count of plans.
    const p = await c.get(`/effekt/planer/${plan}/rapport`);
    assert.equal(p.status, 200, show(p));
    const pt = textOf(p.body);
    assert.match(pt, /Effektrapport: Effektplan for verkstedet/);
    assert.match(pt, /Indikatorer som følges 2 Målinger 3/);
    assert.ok(!pt.includes('Effektplaner 1'));
    const ppdf = await c.get(`/effekt/planer/${plan}/rapport.pdf`);
    assert.equal(ppdf.status, 200, show(ppdf));
    assert.equal(pdfPages(ppdf.raw), 1);
  });

  it('shows a good story about a person only with consent recorded, on the page and in the PDF', async () => {
    const c = member.client;
    const form = `/effekt/aktorer/${member.orgId}/ferd/2026`;
    const story = `Kari fikk fast jobb etter to år i verkstedet ${Date.now()}.`;
    const fields = { high_contact: '12', low_contact: '30', story, story_about_person: '1' };
    await ok(await submit(c, form, form, fields));
    for (const user of [member, coordinator]) {
      const page = textOf((await user.client.get(`/effekt/aktorer/${member.orgId}/rapport`)).body);
      assert.ok(!page.includes(story), 'no consent: not in the report');
      assert.match(page, /handler om en person som ikke har gitt samtykke/);
      const pdf = await user.client.get(`/effekt/aktorer/${member.orgId}/rapport.pdf`);
      assert.equal(pdf.status, 200, show(pdf));
      assert.ok(!pdfText(pdf.raw).includes('Kari fikk fast jobb'), 'no consent: not in the PDF');
    }
    await ok(await submit(c, form, form, { ...fields, story_consent: '1' }));
    assert.ok(textOf((await c.get(`/effekt/aktorer/${member.orgId}/rapport`)).body).includes(story));
    const pdf = await c.get(`/effekt/planer/${plan}/rapport.pdf`);
    assert.ok(pdfText(pdf.raw).includes('Kari fikk fast jobb'), 'with consent: in the PDF');
  });

  it('keeps the PDF to one page with many indicators, and says how many more there are', async () => {
    const c = member.client;
    const ids = [];
    for (let i = 1; i <= 18; i++) {
      const res = await submit(c, '/indikatorer/ny', '/indikatorer/ny', {
        owner: member.orgId, name: `Egen indikator nummer ${i} med et ganske langt navn`, definition: 'Telles hver måned.',
        level: 'resultat', unit: 'personer', direction: 'up', aggregate: 'sum',
      });
      assert.equal(res.status, 303, show(res));
      ids.push(/^\/indikatorer\/(\d+)$/.exec(pathOf(res.location))[1]);
    }
    const big = await startPlan(member, 'Stor plan');
    const base = `/effekt/planer/${big}`;
    await ok(await submit(c, `${base}/indikatorer`, `${base}/indikatorer`, { indicators: ids, go: 'next' }));
    const baseline = {};
    for (const id of ids) Object.assign(baseline, { [`b${id}_value`]: '1', [`b${id}_date`]: '2026-01-01', [`b${id}_target`]: '9' });
    await ok(await submit(c, `${base}/nullpunkt`, `${base}/nullpunkt`, baseline));
    const page = textOf((await c.get(`/effekt/aktorer/${member.orgId}/rapport`)).body);
    assert.match(page, /Effektplaner 2 Indikatorer som følges 20/);
    assert.match(page, /Egen indikator nummer 18/, 'the page shows them all');
    for (const path of [`/effekt/aktorer/${member.orgId}/rapport.pdf`, `${base}/rapport.pdf`]) {
      const pdf = await c.get(path);
      assert.equal(pdf.status, 200, show(pdf));
      assert.ok(pdf.raw.subarray(0, 4).toString('latin1') === '%PDF');
      assert.equal(pdfPages(pdf.raw), 1, `${path}: one page`);
      const m = /og (\d+) til/.exec(pdfText(pdf.raw));
      assert.ok(m, `${path}: says how many more`);
      assert.ok(Number(m[1]) > 0);
    }
  });

  it('lets only members and coordinators open the report', async () => {
    const routes = [`/effekt/aktorer/${member.orgId}/rapport`, `/effekt/aktorer/${member.orgId}/rapport.pdf`,
      `/effekt/planer/${plan}/rapport`, `/effekt/planer/${plan}/rapport.pdf`];
    for (const path of routes) {
      assert.equal((await member.client.get(path)).status, 200, path);
      assert.equal((await coordinator.client.get(path)).status, 200, path);
      assert.equal((await outsider.client.get(path)).status, 403, path);
      const anon = await visitor.get(path);
      assert.ok(anon.status === 303 && pathOf(anon.location) === '/logg-inn', `${path} for a visitor: ${show(anon)}`);
    }
    // Visitors have the public figures instead.
    assert.equal((await visitor.get(`/effekt/aktorer/${member.orgId}`)).status, 200);
    assert.equal((await member.client.get('/effekt/aktorer/999999/rapport')).status, 403);
    assert.equal((await coordinator.client.get('/effekt/aktorer/999999/rapport')).status, 404);
    assert.equal((await coordinator.client.get('/effekt/planer/999999/rapport')).status, 404);
    assert.equal((await coordinator.client.get('/effekt/planer/999999/rapport.pdf')).status, 404);
  });
});

// The region view over a small known data set: two organisations in Sandefjord and Larvik.
describe(`the region view (${testEngine()})`, { skip }, () => {
  let server, coordinator, a, b, visitor, working;

  async function measure(member, values, ferd) {
    const plan = await startPlan(member, 'Regionplan');
    const base = `/effekt/planer/${plan}`;
    await ok(await submit(member.client, `${base}/indikatorer`, `${base}/indikatorer`, { indicators: [working], go: 'next' }));
    for (const [on, value] of values)
      await ok(await submit(member.client, `${base}/malinger`, `${base}/malinger`, { indicator_id: working, measured_on: on, value }));
    for (const [year, high, low] of ferd) {
      const form = `/effekt/aktorer/${member.orgId}/ferd/${year}`;
      await ok(await submit(member.client, form, form, { high_contact: high, low_contact: low }));
    }
  }

  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    coordinator = await userWithRole(server, 'coordinator');
    a = await memberOf(server, 'social_enterprise', { coordinator, municipality: '3907' });
    b = await memberOf(server, 'social_enterprise', { coordinator, municipality: '3909' });
    visitor = new Client(server.url);
    working = await indicatorId(visitor, 'Deltakere over i lønnet arbeid');
    // A: 2025 → 5; 2026 → 10 then 20 (the latest of the year counts).
    await measure(a, [['2025-05-01', '5'], ['2026-03-01', '10'], ['2026-09-01', '20']], [[2025, '1', '2'], [2026, '10', '20']]);
    // B: 2026 → 7,5.
    await measure(b, [['2026-06-01', '7,5']], [[2026, '5', '5']]);
  });
  after(async () => server?.stop());

  it('sums the people reached and averages the shared shares, with filters', async () => {
    let res = await coordinator.client.get('/effekt/region');
    assert.equal(res.status, 200, show(res));
    let text = textOf(res.body);
    assert.match(text, /År Aktører Personer med høy kontakt Personer med lav kontakt Personer nådd i alt 2025 1 1 2 3 2026 2 15 25 40/);
    // A share is averaged across the organisations, not summed: (20 + 7,5) / 2.
    assert.match(text, /Deltakere over i lønnet arbeid prosent 5 i snitt \(1 aktører\) 13,75 i snitt \(2 aktører\)/);
    res = await coordinator.client.get('/effekt/region?kommune=3909');
    text = textOf(res.body);
    assert.match(text, /2026 1 5 5 10/);
    assert.ok(!/2025 1 1 2 3/.test(text));
    assert.match(text, /Deltakere over i lønnet arbeid prosent – 7,5 i snitt \(1 aktører\)/);
    res = await coordinator.client.get('/effekt/region?aar=2025&omrade=arbeidsinkludering');
    text = textOf(res.body);
    assert.match(text, /2025 1 1 2 3/);
    assert.ok(!text.includes('2026 2 15 25 40'));
    assert.match(text, /Deltakere over i lønnet arbeid prosent 5 i snitt \(1 aktører\)/);
    res = await coordinator.client.get('/effekt/region?omrade=helse');
    assert.match(textOf(res.body), /Ingen tall for dette utvalget ennå/);

    // A new measurement counts at once: (20 + 9) / 2.
    const plan = /\/effekt\/planer\/(\d+)/.exec((await b.client.get('/effekt/planer')).body)[1];
    const base = `/effekt/planer/${plan}`;
    await ok(await submit(b.client, `${base}/malinger`, `${base}/malinger`, { indicator_id: working, measured_on: '2026-12-01', value: '9' }));
    assert.match(textOf((await coordinator.client.get('/effekt/region')).body), /14,5 i snitt \(2 aktører\)/);
  });

  it('exports the sums by year, service area, municipality and measure as CSV and XLSX', async () => {
    const csv = await coordinator.client.get('/effekt/region.csv');
    assert.equal(csv.status, 200, show(csv));
    assert.match(csv.headers.get('content-type'), /text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], 'År;Tjenesteområde;Kommunenummer;Kommune;Indikator;Enhet;Aktører;Sammenstilling;Verdi');
    const want = [
      '2025;Arbeidsinkludering;3907;Sandefjord;Personer med høy kontakt;personer;1;Summeres;1',
      '2025;Arbeidsinkludering;3907;Sandefjord;Personer med lav kontakt;personer;1;Summeres;2',
      '2025;Arbeidsinkludering;3907;Sandefjord;Deltakere over i lønnet arbeid;prosent;1;Gjennomsnitt;5',
      '2026;Arbeidsinkludering;3907;Sandefjord;Personer med høy kontakt;personer;1;Summeres;10',
      '2026;Arbeidsinkludering;3907;Sandefjord;Personer med lav kontakt;personer;1;Summeres;20',
      '2026;Arbeidsinkludering;3907;Sandefjord;Deltakere over i lønnet arbeid;prosent;1;Gjennomsnitt;20',
      '2026;Arbeidsinkludering;3909;Larvik;Personer med høy kontakt;personer;1;Summeres;5',
      '2026;Arbeidsinkludering;3909;Larvik;Personer med lav kontakt;personer;1;Summeres;5',
      '2026;Arbeidsinkludering;3909;Larvik;Deltakere over i lønnet arbeid;prosent;1;Gjennomsnitt;9',
    ];
    assert.deepEqual(lines.slice(1), want);
    const filtered = await coordinator.client.get('/effekt/region.csv?kommune=3909&aar=2026');
    assert.deepEqual(filtered.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1), want.slice(6));

    const xlsx = await coordinator.client.get('/effekt/region.xlsx');
    assert.equal(xlsx.status, 200, show(xlsx));
    assert.equal(xlsx.raw.subarray(0, 2).toString('latin1'), 'PK');
    const rows = xlsxRows(xlsx.raw);
    assert.deepEqual(rows[0], ['År', 'Tjenesteområde', 'Kommunenummer', 'Kommune', 'Indikator', 'Enhet', 'Aktører', 'Sammenstilling', 'Verdi']);
    assert.deepEqual(rows.slice(1).map((r) => r.join(';')), want);
  });

  it('sums a shared indicator instead once a coordinator says so', async () => {
    const form = `/indikatorer/${working}/rediger`;
    const fields = {
      name: 'Deltakere over i lønnet arbeid',
      definition: 'Andel av deltakerne som fullførte, som er i lønnet arbeid (hel- eller deltid) ved avslutning.',
      numerator: 'Deltakere i lønnet arbeid ved avslutning', denominator: 'Deltakere som fullførte',
      level: 'virkning', unit: 'prosent', direction: 'up', catalogue_code: '',
    };
    assert.match(textOf((await visitor.get(`/indikatorer/${working}`)).body), /Sammenstilling i regionoversikten Gjennomsnitt/);
    await ok(await submit(coordinator.client, form, form, { ...fields, aggregate: 'sum' }));
    assert.match(textOf((await visitor.get(`/indikatorer/${working}`)).body), /Sammenstilling i regionoversikten Summeres/);
    assert.match(textOf((await coordinator.client.get('/effekt/region')).body), /Deltakere over i lønnet arbeid prosent 5 \(1 aktører\) 29 \(2 aktører\)/);
    const csv = await coordinator.client.get('/effekt/region.csv?kommune=3909&aar=2026');
    assert.match(csv.body, /Deltakere over i lønnet arbeid;prosent;1;Summeres;9/);
    await ok(await submit(coordinator.client, form, form, { ...fields, aggregate: 'mean' }));
  });

  it('is for coordinators only', async () => {
    for (const path of ['/effekt/region', '/effekt/region.csv', '/effekt/region.xlsx']) {
      assert.equal((await a.client.get(path)).status, 403, path);
      const anon = await visitor.get(path);
      assert.ok(anon.status === 303 && pathOf(anon.location) === '/logg-inn', `${path} for a visitor: ${show(anon)}`);
    }
  });
});
