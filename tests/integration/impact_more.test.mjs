// Impact measurement, fourth slice, on both engines: the one-page PDF report draws each
// indicator's trend as a chart (path operators in the page, still one A4 page with many
// indicators, "and N more"); evidence attached to a measurement, downloaded only by those who may
// see the plan, with the wrong type refused and nothing typed lost; editing and deleting a
// measurement with a confirmation page; and the discount-rate schedule of a stored SROI analysis
// (constant, the UK's 3.5 %, Finansdepartementet's R-109 schedule) changing the result as computed
// by hand, printed beside it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, csrfFrom, pathOf, show, skipReason, startServer, testEngine, textOf, userWithRole } from '../support/harness.mjs';
import { memberOf, submit } from '../support/market.mjs';
import { pdfPages, pdfPathOps, pdfText } from '../support/pdf.mjs';

const skip = skipReason();

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

// Posts the multipart form of `pagePath` to `actionPath` with `fields` and, when given, a file in
// the field "evidence_file".
async function sendForm(client, pagePath, actionPath, fields, file = null) {
  const page = await client.get(pagePath);
  assert.equal(page.status, 200, show(page));
  const form = new FormData();
  form.append('_csrf', csrfFrom(page.body));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('evidence_file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
  else form.append('evidence_file', new Blob([]), '');
  return client.request('POST', actionPath, { body: form });
}

const pdfBytes = (text) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'latin1');

// The measurements listed on step 6 with their edit links: [{id, text}].
async function listed(client, plan) {
  const page = await client.get(`/effekt/planer/${plan}/malinger`);
  assert.equal(page.status, 200, show(page));
  const rows = [];
  for (const m of page.body.matchAll(/<tr>(.*?)<\/tr>/gs)) {
    const id = /\/malinger\/(\d+)\/endre/.exec(m[1])?.[1];
    if (id) rows.push({ id, text: textOf(m[1]), html: m[1] });
  }
  return rows;
}

// One outcome worth 1 000 kr a year for 75 years against 1 000 kr up front: long enough for the
// schedules to differ. Present value by hand, year t discounted over periods 1 … t.
const LONG = {
  title: 'Lang virkning', stakeholders: 'Deltakerne', rate: '4', first_year: 'ja', drop_off_starts: 'second_year',
  sens_pct: '10', inv_rows: '3', line_rows: '3', i1_year: '0', i1_amount: '1 000', l1_name: 'Varig arbeid',
  l1_quantity: '1', l1_proxy: '1 000', l1_duration: '75', l1_deadweight: '0', l1_displacement: '0',
  l1_attribution: '0', l1_drop_off: '0',
};
function ratioByHand(rateOfPeriod) {
  let factor = 1, pv = 0;
  for (let t = 1; t <= 75; t++) {
    factor /= 1 + rateOfPeriod(t);
    pv += 1000 * factor;
  }
  return pv / 1000;
}
const shown = (x) => x.toFixed(2).replace('.', ',');

async function ok(res) {
  assert.ok(res.status === 303 || res.status === 200, show(res));
  return res;
}

describe(`impact measurement, fourth slice (${testEngine()})`, { skip }, () => {
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

  describe('charts in the PDF report', () => {
    it('draws each indicator as a chart on one A4 page', async () => {
      const c = member.client;
      const empty = await startPlan(member, 'Tom plan');
      const bare = await c.get(`/effekt/planer/${empty}/rapport.pdf`);
      assert.equal(bare.status, 200, show(bare));
      const pdf = await c.get(`/effekt/planer/${plan}/rapport.pdf`);
      assert.equal(pdf.status, 200, show(pdf));
      assert.equal(pdfPages(pdf.raw), 1);
      const ops = pdfPathOps(pdf.raw), bareOps = pdfPathOps(bare.raw);
      // Two charts: each has two axes, a baseline line, a dashed target, and a line through its
      // points (three and two), plus the plot frames and the key figures' tiles.
      assert.ok(ops.lineTo >= bareOps.lineTo + 2 * 4 + 3, `line segments: ${ops.lineTo} against ${bareOps.lineTo}`);
      assert.ok(ops.dash >= 2, `dashed target lines: ${ops.dash}`);
      assert.ok(ops.rect > bareOps.rect, `plot frames: ${ops.rect} against ${bareOps.rect}`);
      assert.ok(ops.curve >= 5 * 2 && ops.curve > bareOps.curve, `the five points as dots: ${ops.curve}`);
      const words = pdfText(pdf.raw);
      assert.match(words, /Deltakere over i lønnet arbeid/);
      assert.match(words, /Deltakere som startet/);
      assert.match(words, /15\.01\.2026/, 'the first date under the axis');
      assert.match(words, /31\.12\.2026/, 'the last date under the axis');
      assert.match(words, /den stiplede oransje linjen er målet/, 'the legend');
      assert.ok(!/og \d+ til/.test(words), 'all of them shown');
    });

    it('caps the charts to keep one page, and says how many more', async () => {
      const c = member.client;
      const ids = [];
      for (let i = 1; i <= 14; i++) {
        const res = await submit(c, '/indikatorer/ny', '/indikatorer/ny', {
          owner: member.orgId, name: `Diagramindikator ${i}`, definition: 'Telles hver måned.',
          level: 'resultat', unit: 'personer', direction: 'up', aggregate: 'sum',
        });
        assert.equal(res.status, 303, show(res));
        ids.push(/^\/indikatorer\/(\d+)$/.exec(pathOf(res.location))[1]);
      }
      const big = await startPlan(member, 'Plan med mange diagrammer');
      const base = `/effekt/planer/${big}`;
      await ok(await submit(c, `${base}/indikatorer`, `${base}/indikatorer`, { indicators: ids, go: 'next' }));
      const baseline = {};
      for (const id of ids) Object.assign(baseline, { [`b${id}_value`]: '1', [`b${id}_date`]: '2026-01-01', [`b${id}_target`]: '9' });
      await ok(await submit(c, `${base}/nullpunkt`, `${base}/nullpunkt`, baseline));
      for (const id of ids)
        await ok(await submit(c, `${base}/malinger`, `${base}/malinger`, { indicator_id: id, measured_on: '2026-06-01', value: '5' }));
      const pdf = await c.get(`${base}/rapport.pdf`);
      assert.equal(pdf.status, 200, show(pdf));
      assert.equal(pdfPages(pdf.raw), 1);
      const words = pdfText(pdf.raw);
      const m = /og (\d+) til/.exec(words);
      assert.ok(m, 'says how many more');
      const shown = (words.match(/Diagramindikator \d+/g) ?? []).length;
      assert.ok(shown >= 2, `some charts shown: ${shown}`);
      assert.equal(shown + Number(m[1]), 14, 'shown and "more" add up');
      assert.ok(pdfPathOps(pdf.raw).dash >= shown, 'each shown chart has its dashed target');
    });
  });
  describe('evidence, editing and deleting measurements', () => {
    let mid;  // a measurement with a file

    it('attaches an evidence file when a measurement is added, served as a download to members and coordinators only', async () => {
      const c = member.client;
      const step = `/effekt/planer/${plan}/malinger`;
      const bytes = pdfBytes(`rapport ${Date.now()}`);
      const res = await sendForm(c, step, step, {
        indicator_id: working, measured_on: '2027-03-31', value: '47', sample_size: '60', evidence: 'Spørreskjema mars',
      }, { name: 'Kvartalsrapport mars.pdf', bytes, type: 'application/pdf' });
      assert.equal(res.status, 303, show(res));
      const row = (await listed(c, plan)).find((r) => r.text.includes('31.03.2027'));
      assert.ok(row, 'the new measurement is listed');
      assert.match(row.text, /Kvartalsrapport mars\.pdf/);
      mid = row.id;
      const href = `/effekt/planer/${plan}/malinger/${mid}/vedlegg`;
      assert.ok(row.html.includes(`href="${href}"`));
      // The plan's page links the file too.
      assert.ok((await c.get(`/effekt/planer/${plan}`)).body.includes(`href="${href}"`));
      for (const user of [member, coordinator]) {
        const dl = await user.client.get(href);
        assert.equal(dl.status, 200, show(dl));
        assert.equal(dl.headers.get('content-type'), 'application/pdf');
        assert.match(dl.headers.get('content-disposition'), /^attachment; filename="Kvartalsrapport mars\.pdf"/);
        assert.ok(Buffer.compare(dl.raw, bytes) === 0, 'the same bytes');
      }
      assert.equal((await outsider.client.get(href)).status, 403);
      const anon = await visitor.get(href);
      assert.ok(anon.status === 303 && pathOf(anon.location) === '/logg-inn', show(anon));
      // Another measurement's number, or a plan the measurement is not in: not found.
      assert.equal((await c.get(`/effekt/planer/${plan}/malinger/999999/vedlegg`)).status, 404);
      const other = await startPlan(member, 'En annen plan');
      assert.equal((await c.get(`/effekt/planer/${other}/malinger/${mid}/vedlegg`)).status, 404);
      assert.equal((await coordinator.client.get(`/effekt/planer/${other}/malinger/${mid}/vedlegg`)).status, 404);
      // A measurement without a file has nothing to download.
      const plain = (await listed(c, plan)).find((r) => r.text.includes('30.06.2026') && r.text.includes('25'));
      assert.equal((await c.get(`/effekt/planer/${plan}/malinger/${plain.id}/vedlegg`)).status, 404);
    });

    it('refuses a file of the wrong type or too large, keeping everything typed, and adds nothing', async () => {
      const c = member.client;
      const step = `/effekt/planer/${plan}/malinger`;
      const before = (await listed(c, plan)).length;
      const fields = { schedule: 'Hvert kvartal', indicator_id: started, measured_on: '2027-04-30', value: '17,5', sample_size: '33', evidence: 'Telling i april' };
      const bad = await sendForm(c, step, step, fields, { name: 'tall.pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf', 'latin1') });
      assert.equal(bad.status, 422, show(bad));
      const text = textOf(bad.body);
      assert.match(text, /Denne filtypen tas ikke imot/);
      assert.match(bad.body, /<a href="#f-evidence_file">/, 'the error summary leads to the file field');
      assert.match(bad.body, /aria-invalid="true"/);
      assert.match(bad.body, /value="2027-04-30"/);
      assert.match(bad.body, /value="17,5"/);
      assert.match(bad.body, /value="33"/);
      assert.match(bad.body, />Telling i april<\/textarea>/);
      assert.match(bad.body, />Hvert kvartal<\/textarea>/);
      assert.match(bad.body, new RegExp(`<option value="${started}" selected>`));
      const big = await sendForm(c, step, step, fields, { name: 'stor.pdf', bytes: Buffer.concat([pdfBytes('x'), Buffer.alloc(8 * 1024 * 1024)]) });
      assert.equal(big.status, 422, show(big));
      assert.match(textOf(big.body), /større enn 8 MB/);
      assert.match(big.body, /value="17,5"/);
      // A good file with a mistake elsewhere: asked to choose the file again, the rest kept.
      const again = await sendForm(c, step, step, { ...fields, value: 'mange' }, { name: 'ok.pdf', bytes: pdfBytes('ok') });
      assert.equal(again.status, 422, show(again));
      assert.match(textOf(again.body), /Velg vedlegget på nytt/);
      assert.match(again.body, /value="mange"/);
      assert.equal((await listed(c, plan)).length, before, 'nothing added');
    });

    it('edits a measurement, keeping what was typed on errors, and replaces or removes its file', async () => {
      const c = member.client;
      const edit = `/effekt/planer/${plan}/malinger/${mid}/endre`;
      const form = await c.get(edit);
      assert.equal(form.status, 200, show(form));
      assert.match(form.body, /value="2027-03-31"/);
      assert.match(form.body, /value="47"/);
      assert.match(form.body, />Spørreskjema mars<\/textarea>/);
      assert.match(textOf(form.body), /Nåværende vedlegg: Kvartalsrapport mars\.pdf/);
      // A mistake: the page again with 422 and all of it as typed.
      const wrong = await sendForm(c, edit, edit, {
        indicator_id: working, measured_on: '2027-03-31', period_end: '2027-01-01', value: '48,5', sample_size: '61', evidence: 'Rettet tall', remove_file: '1',
      });
      assert.equal(wrong.status, 422, show(wrong));
      assert.match(textOf(wrong.body), /Siste dag i perioden/);
      assert.match(wrong.body, /value="2027-01-01"/);
      assert.match(wrong.body, /value="48,5"/);
      assert.match(wrong.body, />Rettet tall<\/textarea>/);
      assert.match(wrong.body, /name="remove_file" value="1" checked/);
      // A wrong file on the edit page is refused too, with nothing changed.
      const badFile = await sendForm(c, edit, edit, { indicator_id: working, measured_on: '2027-03-31', value: '48,5' },
        { name: 'bilde.png', bytes: Buffer.from('GIF89a not a png', 'latin1') });
      assert.equal(badFile.status, 422, show(badFile));
      assert.match(textOf(badFile.body), /Denne filtypen tas ikke imot/);
      assert.match((await listed(c, plan)).find((r) => r.id === mid).text, /47/);
      // Saved, with a new file in place of the old.
      const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from('bildedata')]);
      const saved = await sendForm(c, edit, edit, {
        indicator_id: working, measured_on: '2027-03-31', period_end: '2027-04-15', value: '48,5', sample_size: '61', evidence: 'Rettet tall',
      }, { name: 'skjermbilde.png', bytes: png, type: 'image/png' });
      assert.equal(saved.status, 303, show(saved));
      assert.equal(pathOf(saved.location), `/effekt/planer/${plan}/malinger`);
      const row = (await listed(c, plan)).find((r) => r.id === mid);
      assert.match(row.text, /31\.03\.2027–15\.04\.2027/);
      assert.match(row.text, /48,5/);
      assert.match(row.text, /Rettet tall/);
      assert.match(row.text, /skjermbilde\.png/);
      assert.ok(!row.text.includes('Kvartalsrapport'));
      const dl = await c.get(`/effekt/planer/${plan}/malinger/${mid}/vedlegg`);
      assert.equal(dl.headers.get('content-type'), 'image/png');
      assert.ok(Buffer.compare(dl.raw, png) === 0);
      // The report follows the edited value.
      assert.match(textOf((await c.get(`/effekt/planer/${plan}/rapport`)).body), /48,5 \(31\.03\.2027\)/);
      // Removing the file.
      const removed = await sendForm(c, edit, edit, {
        indicator_id: working, measured_on: '2027-03-31', period_end: '2027-04-15', value: '48,5', sample_size: '61', evidence: 'Rettet tall', remove_file: '1',
      });
      assert.equal(removed.status, 303, show(removed));
      assert.equal((await c.get(`/effekt/planer/${plan}/malinger/${mid}/vedlegg`)).status, 404);
      assert.ok(!(await listed(c, plan)).find((r) => r.id === mid).text.includes('skjermbilde'));
      // Put a file back for the deletion below.
      await ok(await sendForm(c, edit, edit, { indicator_id: working, measured_on: '2027-03-31', value: '48,5' }, { name: 'igjen.pdf', bytes: pdfBytes('igjen') }));
    });

    it('deletes a measurement after a confirmation page, with its file', async () => {
      const c = member.client;
      const del = `/effekt/planer/${plan}/malinger/${mid}/slett`;
      const confirm = await c.get(del);
      assert.equal(confirm.status, 200, show(confirm));
      const text = textOf(confirm.body);
      assert.match(text, /Slette målingen\?/);
      assert.match(text, /igjen\.pdf/);
      assert.match(text, /sammen med vedlegget/);
      // Without the form's CSRF token: refused.
      const forged = await c.post(del, '_csrf=feil');
      assert.equal(forged.status, 403, show(forged));
      assert.ok((await listed(c, plan)).some((r) => r.id === mid), 'still there');
      const res = await c.post(del, `_csrf=${encodeURIComponent(csrfFrom(confirm.body))}`);
      assert.equal(res.status, 303, show(res));
      assert.equal(pathOf(res.location), `/effekt/planer/${plan}/malinger`);
      assert.ok(!(await listed(c, plan)).some((r) => r.id === mid), 'gone');
      assert.equal((await c.get(`/effekt/planer/${plan}/malinger/${mid}/vedlegg`)).status, 404);
      assert.equal((await c.get(del)).status, 404);
      assert.equal((await c.get(`/effekt/planer/${plan}/malinger/${mid}/endre`)).status, 404);
      const again = await c.post(del, `_csrf=${encodeURIComponent(csrfFrom(confirm.body))}`);
      assert.equal(again.status, 404);
    });

    it('lets only the plan\'s members edit and delete, and refuses measurements of other plans', async () => {
      const c = member.client;
      const row = (await listed(c, plan))[0];
      const base = `/effekt/planer/${plan}/malinger/${row.id}`;
      for (const path of [`${base}/endre`, `${base}/slett`]) {
        assert.equal((await c.get(path)).status, 200, path);
        assert.equal((await coordinator.client.get(path)).status, 403, `${path}: coordinators read, members edit`);
        assert.equal((await outsider.client.get(path)).status, 403, path);
        const anon = await visitor.get(path);
        assert.ok(anon.status === 303 && pathOf(anon.location) === '/logg-inn', `${path}: ${show(anon)}`);
        // POST from others: refused before anything happens.
        const token = await outsider.client.csrf('/effekt/planer');
        assert.equal((await outsider.client.post(path, `_csrf=${encodeURIComponent(token)}&value=1`)).status, 403, path);
      }
      const other = await startPlan(member, 'Tredje plan');
      for (const what of ['endre', 'slett', 'vedlegg'])
        assert.equal((await c.get(`/effekt/planer/${other}/malinger/${row.id}/${what}`)).status, 404, what);
      const token = await c.csrf(`/effekt/planer/${other}/malinger`);
      assert.equal((await c.post(`/effekt/planer/${other}/malinger/${row.id}/slett`, `_csrf=${encodeURIComponent(token)}`)).status, 404);
      assert.ok((await listed(c, plan)).some((r) => r.id === row.id), 'untouched');
    });
  });
  describe('the discount-rate schedule of a stored analysis', () => {
    let path;

    it('computes with a constant rate, the R-109 schedule and the UK rate as by hand, printed beside the result', async () => {
      const c = member.client;
      const list = `/aktorer/${member.orgId}/sroi`;
      const created = await submit(c, list, list, { title: LONG.title });
      assert.equal(created.status, 303, show(created));
      path = pathOf(created.location);
      const constant = shown(ratioByHand(() => 0.04));
      const r109 = shown(ratioByHand((t) => (t <= 40 ? 0.04 : 0.03)));
      const uk = shown(ratioByHand(() => 0.035));
      assert.equal(constant, '23,68');
      assert.equal(r109, '24,27');
      assert.equal(uk, '26,41');
      assert.notEqual(constant, r109);

      let res = await submit(c, path, path, { ...LONG, rate_schedule: 'constant' });
      assert.equal(res.status, 303, show(res));
      let text = textOf((await c.get(path)).body);
      assert.match(text, new RegExp(`SROI-forhold: ${constant} : 1`));
      assert.match(text, /Diskonteringsrente: 4 %\./);

      res = await submit(c, path, path, { ...LONG, rate_schedule: 'r109' });
      assert.equal(res.status, 303, show(res));
      let page = await c.get(path);
      text = textOf(page.body);
      assert.match(text, new RegExp(`SROI-forhold: ${r109} : 1`));
      assert.match(text, /Diskonteringsrente etter Finansdepartementets rundskriv R-109: 4 % i år 1–40, deretter 3 % i år 41–75\./);
      assert.match(page.body, /id="f-rate_schedule-r109" name="rate_schedule" value="r109" checked/, 'stored with the analysis');
      assert.match(page.body, /name="rate" type="text" inputmode="decimal" value="4"/, 'the typed rate is kept');
      // The list and the report use the stored schedule too.
      assert.match(textOf((await c.get(list)).body), new RegExp(`${r109} : 1`));
      const report = textOf((await c.get(`/effekt/aktorer/${member.orgId}/rapport`)).body);
      assert.match(report, new RegExp(`SROI-forhold ${r109} : 1`));
      assert.match(report, /rundskriv R-109: 4 % i år 1–40/);
      const pdf = await c.get(`/effekt/aktorer/${member.orgId}/rapport.pdf`);
      assert.match(pdfText(pdf.raw), /rundskriv R-109/);

      res = await submit(c, path, path, { ...LONG, rate_schedule: 'uk', rate: '' });
      assert.equal(res.status, 303, show(res));
      text = textOf((await c.get(path)).body);
      assert.match(text, new RegExp(`SROI-forhold: ${uk} : 1`));
      assert.match(text, /fast 3,5 %, som i HM Treasurys Green Book/);
    });

    it('says clearly what is wrong with the rate, keeping what was typed', async () => {
      const c = member.client;
      let res = await submit(c, path, path, { ...LONG, rate_schedule: 'constant', rate: '', l1_name: 'Beholdt navn' });
      assert.equal(res.status, 422, show(res));
      let text = textOf(res.body);
      assert.match(text, /Skriv inn den faste renten i prosent, for eksempel 4, eller velg R-109 eller britisk rente\./);
      assert.match(res.body, /<a href="#f-rate">/);
      assert.match(res.body, /value="Beholdt navn"/);
      assert.match(res.body, /id="f-rate_schedule" name="rate_schedule" value="constant" checked/);
      res = await submit(c, path, path, { ...LONG, rate_schedule: 'constant', rate: '120' });
      assert.equal(res.status, 422, show(res));
      assert.match(textOf(res.body), /Diskonteringsrenten må være mellom 0 og 100 %/);
      res = await submit(c, path, path, { ...LONG, rate_schedule: 'halvparten' });
      assert.equal(res.status, 422, show(res));
      text = textOf(res.body);
      assert.match(text, /Velg fast rente, Finansdepartementets R-109 eller britisk rente \(3,5 %\)\./);
      assert.match(res.body, /<a href="#f-rate_schedule">/);
      // A wrong rate does not matter when R-109 is chosen: it is kept as typed, and unused.
      res = await submit(c, path, path, { ...LONG, rate_schedule: 'r109', rate: 'fire' });
      assert.equal(res.status, 303, show(res));
      const page = await c.get(path);
      assert.match(page.body, /value="fire"/);
      assert.match(textOf(page.body), new RegExp(`SROI-forhold: ${shown(ratioByHand((t) => (t <= 40 ? 0.04 : 0.03)))} : 1`));
    });

    it('takes the same choice in the JSON API', async () => {
      const body = (extra) => JSON.stringify({
        first_year_discounted: true, investments: [{ year: 0, amount: 1000 }],
        lines: [{ name: 'Varig arbeid', quantity: 1, proxy: 1000, duration: 75 }], ...extra,
      });
      const post = (extra) => visitor.request('POST', '/api/v1/sroi', { body: body(extra), contentType: 'application/json' });
      const cases = [
        [{ discount_schedule: 'r109' }, (t) => (t <= 40 ? 0.04 : 0.03), 'r109'],
        [{ discount_schedule: 'uk' }, () => 0.035, 'uk'],
        [{ discount_rate: 0.04 }, () => 0.04, 'given'],
        [{ discount_schedule: [{ from_year: 0, rate: 0.04 }, { from_year: 40, rate: 0.03 }] }, (t) => (t <= 40 ? 0.04 : 0.03), 'given'],
      ];
      for (const [extra, rate, source] of cases) {
        const res = await post(extra);
        assert.equal(res.status, 200, show(res));
        const r = res.json();
        assert.ok(Math.abs(Number(r.ratio) - ratioByHand(rate)) < 0.0001, `${JSON.stringify(extra)}: ${r.ratio}`);
        assert.equal(r.conventions.discount_rate_source, source);
      }
      const bad = await post({ discount_schedule: 'halvparten' });
      assert.equal(bad.status, 422, show(bad));
      assert.ok(JSON.stringify(bad.json()).includes('discount_schedule'));
    });
  });
});
