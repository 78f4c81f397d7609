// The public SROI calculator on both engines: POST /api/v1/sroi (JSON in, JSON out, nothing stored,
// no session and so no CSRF token) and the page /verktoy/sroi (a form with the _csrf field like
// every other form). Expected figures are the hand-computed cases of tests/unit/sroi_test.cpp.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  csrfFrom,
  elementText,
  inputNamed,
  routeTable,
  show,
  skipReason,
  startServer,
  testEngine,
  textOf,
  userWithRole,
} from '../support/harness.mjs';

const skip = skipReason();

// The example: 12 × 150 000 kr, deadweight 20 %, displacement 10 %, attribution 25 %,
// drop-off 20 %, 3 years, 2 000 000 kr up front, 4 % → PV 2 206 577.15, ratio 1.1033.
const EXAMPLE = {
  discount_rate: 0.04,
  first_year_discounted: true,
  investments: [{ year: 0, amount: 2000000 }],
  lines: [{ name: 'Arbeid', quantity: 12, proxy: 150000, duration: 3, deadweight: 0.2, displacement: 0.1, attribution: 0.25, drop_off: 0.2, starts_year_after: false }],
};

// 10 × 1 000 kr, deadweight 20 %, displacement 10 %, attribution 25 %, drop-off 50 %, 3 years at
// 25 %: PV = 4320 + 1728 + 691.2 = 6 739.2 against 2 000 up front → 3.3696.
const HAND = {
  discount_rate: 0.25,
  investments: [{ year: 0, amount: 2000 }],
  lines: [{ name: 'Deltakere i arbeid', quantity: 10, proxy: 1000, duration: 3, deadweight: 0.2, displacement: 0.1, attribution: 0.25, drop_off: 0.5 }],
};

function api(client, body, contentType = 'application/json') {
  return client.request('POST', '/api/v1/sroi', { body: typeof body === 'string' ? body : JSON.stringify(body), contentType });
}

// The page's form fields for the example, in the units people type (per cent, kroner).
function exampleForm(extra = {}) {
  return {
    inv_rows: '3', line_rows: '3', rate: '4', sens_pct: '10', first_year: 'ja', drop_off_starts: 'second_year',
    i1_year: '0', i1_amount: '2 000 000',
    l1_name: 'Arbeid', l1_quantity: '12', l1_proxy: '150 000', l1_duration: '3',
    l1_deadweight: '20', l1_displacement: '10', l1_attribution: '25', l1_drop_off: '20',
    ...extra,
  };
}

describe(`SROI calculator (${testEngine()})`, { skip }, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('declares the calculator public and the API stateless', async () => {
    const routes = await routeTable(server);
    const find = (m, p) => routes.find((r) => r.method === m && r.pattern === p);
    assert.equal(find('GET', '/verktoy/sroi')?.access, 'everyone');
    assert.equal(find('POST', '/verktoy/sroi')?.access, 'everyone');
    assert.equal(find('POST', '/verktoy/sroi')?.stateless, false, 'the form keeps its CSRF check');
    assert.equal(find('POST', '/api/v1/sroi')?.access, 'everyone');
    assert.equal(find('POST', '/api/v1/sroi')?.stateless, true);
    const stateless = routes.filter((r) => r.stateless).map((r) => r.pattern);
    assert.ok(stateless.every((p) => p.startsWith('/api/')), `stateless routes outside /api/: ${stateless}`);
  });

  it('computes the issue\'s example exactly, with fixed decimals and the conventions used', async () => {
    const res = await api(new Client(server.url), { ...EXAMPLE, sensitivity: true });
    assert.equal(res.status, 200, show(res));
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(res.setCookies, [], 'the API sets no cookie');
    // Amounts with two decimals, ratios with four, as written in the body (not through a double).
    assert.match(res.body, /"present_value":2206577\.15,/);
    assert.match(res.body, /"investment_present_value":2000000\.00,/);
    assert.match(res.body, /"ratio":1\.1033,/);
    const r = res.json();
    assert.equal(r.ratio_text, '1,10 : 1');
    assert.equal(r.net_present_value, 206577.15);
    assert.equal(r.first_year_impact, 972000);
    assert.equal(r.payback_months, 24.69); // 2 000 000 / (972 000 / 12)
    assert.deepEqual(r.by_year.map((y) => y.value), [0, 972000, 777600, 622080]);
    assert.deepEqual(r.by_year.map((y) => y.present_value), [0, 934615.38, 718934.91, 553026.85]);
    assert.equal(r.by_line.length, 1);
    assert.equal(r.by_line[0].present_value, 2206577.15);
    assert.equal(r.conventions.discount_rate, 0.04);
    assert.equal(r.conventions.first_year_discounted, true);
    assert.equal(r.conventions.drop_off_starts, 'second_year');
    assert.equal(r.conventions.discount_rate_source, 'given');
    assert.equal(r.comparison.discount_rate, 0.035);
    assert.equal(r.comparison.ratio, 1.1131);
    // Break-even: 2 000 000 / (PV per krone of proxy) and 1 − 2 000 000 / PV without deadweight.
    assert.equal(r.sensitivity.lines[0].break_even_proxy, 135957.18);
    assert.equal(r.sensitivity.lines[0].break_even_deadweight, 0.274895);
    assert.equal(r.sensitivity.uniform_break_even_factor, 0.906381); // 1 / 1.1033
    assert.equal(r.sensitivity.swings.length, 8);
    assert.equal(r.sensitivity.swings[0].assumption, 'investment');
  });

  it('follows each convention: first year discounted or not, drop-off from the first year, the year after, R-109 by default', async () => {
    const client = new Client(server.url);
    const ratio = async (body) => {
      const res = await api(client, body);
      assert.equal(res.status, 200, show(res));
      return res.json();
    };
    assert.equal((await ratio(HAND)).ratio, 3.3696);
    // Not discounting year 1: 5400 + 2700·0.8 + 1350·0.64 = 8 424 → 4.212.
    assert.equal((await ratio({ ...HAND, first_year_discounted: false })).ratio, 4.212);
    // Drop-off from the first year: 2700·0.8 + 1350·0.64 + 675·0.512 = 3 369.6 → 1.6848.
    assert.equal((await ratio({ ...HAND, drop_off_starts: 'first_year' })).ratio, 1.6848);
    // Starting the year after: 5400·0.64 + 2700·0.512 + 1350·0.4096 = 5 391.36 → 2.69568.
    const after = await ratio({ ...HAND, lines: [{ ...HAND.lines[0], starts_year_after: true }] });
    assert.equal(after.ratio, 2.6957);
    assert.deepEqual(after.by_year.map((y) => y.value), [0, 0, 5400, 2700, 1350]);
    // Multi-year investment: 1000 + 1000·0.8 + 500·0.64 = 2 120 → 4212/1325 = 3.1789.
    const multi = await ratio({ ...HAND, investments: [{ year: 0, amount: 1000 }, { year: 1, amount: 1000 }, { year: 2, amount: 500 }] });
    assert.equal(multi.investment_present_value, 2120);
    assert.equal(multi.ratio, 3.1789);
    // No rate given: R-109's schedule, printed as such.
    const { discount_rate, ...noRate } = HAND;
    const r109 = await ratio(noRate);
    assert.equal(r109.conventions.discount_rate_source, 'r109');
    assert.deepEqual(r109.conventions.discount_schedule, [{ from_year: 0, rate: 0.04 }, { from_year: 40, rate: 0.03 }]);
    // Changing the rate changes the ratio.
    assert.notEqual((await ratio({ ...HAND, discount_rate: 0.04 })).ratio, (await ratio({ ...HAND, discount_rate: 0.1 })).ratio);
  });

  it('gives no ratio without investment, and says why', async () => {
    const res = await api(new Client(server.url), { ...HAND, investments: [], sensitivity: true });
    assert.equal(res.status, 200, show(res));
    const r = res.json();
    assert.equal(r.ratio, null);
    assert.equal(r.reason_code, 'no_investment');
    assert.match(r.reason, /investeringen er 0 kr/);
    assert.equal(r.payback_months, null);
    assert.equal(r.sensitivity, null);
    assert.equal(r.present_value, 6739.2);
  });

  it('warns when deadweight and attribution exceed 100 %', async () => {
    const res = await api(new Client(server.url), { ...HAND, lines: [HAND.lines[0], { ...HAND.lines[0], name: 'B', deadweight: 0.8 }] });
    assert.equal(res.status, 200, show(res));
    const w = res.json().warnings;
    assert.equal(w.length, 1);
    assert.equal(w[0].field, 'lines[1].attribution');
    assert.match(w[0].message, /over 100 %/);
  });

  it('refuses invalid input with 422 and one Norwegian message per field', async () => {
    const res = await api(new Client(server.url), {
      discount_rate: 1.5,
      investments: [{ year: 0.5, amount: -10 }],
      lines: [{ name: '', quantity: 'tolv', proxy: 100, duration: 0, deadweight: 1.2, displacement: -0.1, attribution: 0.2, drop_off: 2 }],
    });
    assert.equal(res.status, 422, show(res));
    const { errors } = res.json();
    assert.deepEqual(Object.keys(errors).sort(), [
      'discount_rate', 'investments[0].amount', 'investments[0].year', 'lines[0].deadweight', 'lines[0].displacement',
      'lines[0].drop_off', 'lines[0].duration', 'lines[0].name', 'lines[0].quantity',
    ]);
    assert.equal(errors['lines[0].deadweight'], 'Andelen må være mellom 0 og 100 %.');
    assert.equal(errors['lines[0].duration'], 'Varigheten må være et helt tall fra 1 til 75 år.');
    assert.equal(errors['lines[0].quantity'], 'Skriv et tall.');
    assert.equal(errors.discount_rate, 'Diskonteringsrenten må være mellom 0 og 100 %.');
    const none = await api(new Client(server.url), { lines: [] });
    assert.equal(none.status, 422);
    assert.equal(none.json().errors.lines, 'Legg inn minst én verdilinje.');
    // Beyond what a double holds, and beyond our own limit on digits: refused either way, with a reason.
    const huge = await api(new Client(server.url), JSON.stringify(HAND).replace('"quantity":10', '"quantity":1e999999'));
    assert.equal(huge.status, 400, show(huge));
    assert.match(huge.json().errors.body, /for stort/);
    const long = await api(new Client(server.url), JSON.stringify(HAND).replace('"quantity":10', '"quantity":1e40'));
    assert.equal(long.status, 422, show(long));
    assert.match(long.json().errors['lines[0].quantity'], /for stort/);
  });

  it('limits decimals, so the exact sums stay small', async () => {
    const res = await api(new Client(server.url), { ...HAND, investments: [{ year: 0, amount: 2000.001 }], lines: [{ ...HAND.lines[0], deadweight: 0.1234567 }] });
    assert.equal(res.status, 422, show(res));
    assert.match(res.json().errors['lines[0].deadweight'], /seks desimaler/);
    assert.match(res.json().errors['investments[0].amount'], /to desimaler/);
    // The largest analysis allowed (50 lines over 75 years, 50 investments, awkward decimals, with
    // sensitivity) is answered quickly: run-by-run geometric sums, not one operation per line-year.
    const lines = Array.from({ length: 50 }, (_, i) => ({
      name: `Linje ${i}`, quantity: 123456.654321, proxy: 9876543210.99, duration: 75,
      deadweight: 0.123457, displacement: 0.098765, attribution: 0.234567, drop_off: Number((0.013579 + i / 1e6).toFixed(6)),
    }));
    const investments = Array.from({ length: 50 }, (_, i) => ({ year: i, amount: Number((1234567.89 + i).toFixed(2)) }));
    const started = Date.now();
    const big = await api(new Client(server.url), { discount_rate: 0.041234, sensitivity: true, sensitivity_percent: 0.123456, investments, lines });
    const ms = Date.now() - started;
    assert.equal(big.status, 200, show(big));
    assert.equal(big.json().by_year.length, 76);
    assert.ok(ms < 10_000, `the largest analysis took ${ms} ms`);
  });

  it('answers malformed bodies with a clear message and keeps serving', async () => {
    const client = new Client(server.url);
    for (const body of ['{"lines": [', 'not json', '', '{"a":1} trailing', '[1,2]', '"text"', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', '{"lines":"\udc00"}']) {
      const res = await api(client, body);
      assert.ok(res.status === 400 || res.status === 422, `${JSON.stringify(body)}: ${show(res)}`);
      const msg = res.json().errors.body ?? Object.values(res.json().errors)[0];
      assert.ok(msg && msg.length > 10, `no message for ${JSON.stringify(body)}`);
    }
    const form = await client.request('POST', '/api/v1/sroi', { body: 'lines=1', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415, show(form));
    assert.match(form.json().errors.body, /application\/json/);
    const big = await api(client, JSON.stringify({ ...HAND, padding: 'x'.repeat(300 * 1024) }));
    assert.equal(big.status, 413, show(big));
    const ok = await api(client, HAND);
    assert.equal(ok.status, 200, 'the server still answers');
  });

  it('needs no session or token, ignores a signed-in user\'s cookies and stores nothing', async () => {
    const anonymous = await api(new Client(server.url), HAND);
    assert.equal(anonymous.status, 200, show(anonymous));
    assert.deepEqual(anonymous.setCookies, []);
    const user = await userWithRole(server, 'none');
    const signedIn = await api(user.client, HAND);
    assert.equal(signedIn.status, 200, show(signedIn));
    assert.deepEqual(signedIn.setCookies, [], 'no session rotation or refresh on the API');
    assert.equal(signedIn.body, anonymous.body, 'the answer does not depend on who asks');
    assert.equal((await user.client.get('/konto')).status, 200, 'the user is still signed in');
  });

  it('serves the calculator page to anyone, with a form that carries the CSRF token', async () => {
    const client = new Client(server.url);
    const page = await client.get('/verktoy/sroi');
    assert.equal(page.status, 200, show(page));
    assert.ok(csrfFrom(page.body));
    assert.equal(inputNamed(page.body, 'rate').value, '4');
    assert.ok(inputNamed(page.body, 'l3_name'), 'three valuation lines to start with');
    assert.ok(!/<script/i.test(page.body), 'no JavaScript');
    // The calculate button comes before "more rows", so Enter calculates.
    assert.ok(page.body.indexOf('type="submit" data-variant="primary"') < page.body.indexOf('name="more_rows"'));
    const refused = await client.post('/verktoy/sroi', exampleForm());
    assert.equal(refused.status, 403, 'the form is checked for CSRF like any other');
  });

  it('calculates on the page; a new discount rate changes the ratio', async () => {
    const client = new Client(server.url);
    const res = await client.postForm('/verktoy/sroi', '/verktoy/sroi', exampleForm());
    assert.equal(res.status, 200, show(res));
    assert.equal(elementText(res.body, 'sroi-ratio'), '1,10 : 1');
    const text = textOf(res.body);
    assert.match(text, /2 206 577 kr/); // textOf folds the no-break spaces
    assert.match(text, /Diskonteringsrente: 4 %/);
    assert.match(text, /Det første året diskonteres/);
    assert.match(text, /135 957,18/); // break-even proxy
    assert.match(res.body, /<svg class="site-chart" role="img" aria-labelledby="sroi-chart-title sroi-chart-desc"/);
    assert.match(res.body, /<title id="sroi-chart-title">/);
    assert.match(res.body, /<table[^>]*id="sroi-sensitivity"/);
    assert.equal(inputNamed(res.body, 'l1_proxy').value, '150 000', 'the form keeps what was typed');

    const lower = await client.postForm('/verktoy/sroi', '/verktoy/sroi', exampleForm({ rate: '0' }));
    assert.equal(elementText(lower.body, 'sroi-ratio'), '1,19 : 1'); // 2 371 680 / 2 000 000
    const notDiscounted = await client.postForm('/verktoy/sroi', '/verktoy/sroi', exampleForm({ first_year: 'nei' }));
    assert.equal(elementText(notDiscounted.body, 'sroi-ratio'), '1,15 : 1'); // 972 000 + 747 692.31 + 575 147.93
    assert.match(textOf(notDiscounted.body), /Det første året diskonteres ikke/);
  });

  it('shows errors on the page with a summary and keeps everything typed', async () => {
    const client = new Client(server.url);
    const res = await client.postForm('/verktoy/sroi', '/verktoy/sroi', exampleForm({ l1_deadweight: '120', l1_duration: '2,5', l2_name: 'Uten tall', i1_amount: 'mange' }));
    assert.equal(res.status, 422, show(res));
    assert.match(res.body, /class="ds-error-summary"/);
    const text = textOf(res.body);
    assert.match(text, /Andelen må være mellom 0 og 100 %/);
    assert.match(text, /Varigheten må være et helt tall fra 1 til 75 år/);
    assert.match(text, /Skriv et beløp i kroner/);
    assert.match(res.body, /href="#f-l1_deadweight"/);
    assert.match(res.body, /href="#f-l2_quantity"/);
    assert.equal(inputNamed(res.body, 'l1_deadweight').value, '120');
    assert.equal(inputNamed(res.body, 'l1_duration').value, '2,5');
    assert.equal(inputNamed(res.body, 'l2_name').value, 'Uten tall');
    assert.equal(inputNamed(res.body, 'i1_amount').value, 'mange');
    assert.equal(elementText(res.body, 'sroi-ratio'), null, 'no result while the form has errors');
  });

  it('adds rows on request without losing anything, and says why there is no ratio without investment', async () => {
    const client = new Client(server.url);
    const more = await client.postForm('/verktoy/sroi', '/verktoy/sroi', exampleForm({ more_rows: '1' }));
    assert.equal(more.status, 200, show(more));
    assert.ok(inputNamed(more.body, 'l5_name'), 'two more valuation lines');
    assert.ok(inputNamed(more.body, 'i4_amount'), 'one more investment');
    assert.equal(inputNamed(more.body, 'line_rows').value, '5');
    assert.equal(inputNamed(more.body, 'l1_name').value, 'Arbeid');
    const none = await client.postForm('/verktoy/sroi', '/verktoy/sroi', exampleForm({ i1_year: '', i1_amount: '' }));
    assert.equal(none.status, 200, show(none));
    assert.match(elementText(none.body, 'sroi-ratio-reason'), /investeringen er 0 kr/);
  });

  it('speaks English when asked', async () => {
    const client = new Client(server.url, { headers: { 'accept-language': 'en' } });
    const page = await client.get('/verktoy/sroi');
    assert.match(textOf(page.body), /SROI calculator/);
    const res = await api(client, { lines: [{ name: 'x', quantity: 1, proxy: 1, duration: 0 }] });
    assert.equal(res.json().errors['lines[0].duration'], 'The duration must be a whole number from 1 to 75 years.');
  });
});
