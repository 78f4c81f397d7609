// Impact measurement, fourth slice, on both engines: the one-page PDF report draws each
// indicator's trend as a chart (path operators in the page, still one A4 page with many
// indicators, "and N more"); evidence attached to a measurement, downloaded only by those who may
// see the plan, with the wrong type refused and nothing typed lost; editing and deleting a
// measurement with a confirmation page; and the discount-rate schedule of a stored SROI analysis
// (constant, the UK's 3.5 %, Finansdepartementet's R-109 schedule) changing the result as computed
// by hand, printed beside it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, pathOf, show, skipReason, startServer, testEngine, textOf, userWithRole } from '../support/harness.mjs';
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
          level: 'resultat', unit: 'personer', direction: 'up',
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
});
