// The directory on both engines: Norwegian search with stemming and prefixes, filters,
// Norwegian collation, the JSON twin, hidden contact details, registration in three screens,
// municipality pages with old numbers, and the coverage view's access rule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, csrfFrom, linksOf, show, skipReason, startServer, textOf, userWithRole } from '../support/harness.mjs';

const skip = skipReason();

// A valid organisation number (MOD11) that no demo organisation uses, made from a random stem.
function validOrgnr() {
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const d = Array.from({ length: 8 }, (_, i) => (i === 0 ? 8 + Math.floor(Math.random() * 2) : Math.floor(Math.random() * 10)));
    const r = d.reduce((s, x, i) => s + x * w[i], 0) % 11;
    if (r === 1) continue;
    return d.join('') + String(r === 0 ? 0 : 11 - r);
  }
}

const resultNames = (html) => [...html.matchAll(/<h2 class="ds-heading" data-size="xs"><a href="\/aktorer\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]);

describe('directory', { skip }, () => {
  let server;
  let visitor;
  before(async () => {
    server = await startServer({ demo: true });
    visitor = new Client(server.url);
  });
  after(() => server?.stop());

  it('lists the demo organisations with a JSON twin that agrees', async () => {
    const page = await visitor.get('/aktorer');
    assert.equal(page.status, 200, show(page));
    const names = resultNames(page.body);
    assert.ok(names.length >= 20, `expected a full first page, got ${names.length}`);
    const api = await visitor.get('/api/v1/aktorer');
    assert.equal(api.status, 200);
    const data = api.json();
    assert.ok(data.total >= 30, `demo data should have about 40 organisations, got ${data.total}`);
    assert.equal(data.results.length, Math.min(50, data.total));
    assert.ok(textOf(page.body).includes(`av ${data.total}`), 'the page shows the same total as the API');
  });

  it('finds stemmed words and prefixes, and combines them with filters', async () => {
    // "kommunene" shares its stem with "kommune".
    const stemmed = (await visitor.get('/api/v1/aktorer?q=kommunene')).json();
    assert.ok(stemmed.total > 0, 'a stemmed word finds organisations');
    const prefix = (await visitor.get('/api/v1/aktorer?q=sandefj')).json();
    assert.ok(prefix.results.some((r) => /Sandefjord/.test(r.name)), 'prefix "sandefj" finds Sandefjord');
    const nav = (await visitor.get('/api/v1/aktorer?type=nav_office')).json();
    assert.ok(nav.total > 0);
    assert.ok(nav.results.every((r) => r.kind === 'nav_office'));
    const navVestfold = (await visitor.get('/api/v1/aktorer?type=nav_office&fylke=39')).json();
    assert.ok(navVestfold.total > 0 && navVestfold.total <= nav.total);
    const none = (await visitor.get('/api/v1/aktorer?q=zzqxyxx')).json();
    assert.equal(none.total, 0);
    const empty = await visitor.get('/aktorer?q=zzqxyxx');
    assert.match(textOf(empty.body), /Ingen aktører passer søket/);
  });

  it('exports the whole current result as CSV and XLSX', async () => {
    const api = (await visitor.get('/api/v1/aktorer?type=nav_office')).json();
    const csv = await visitor.get('/aktorer?format=csv&type=nav_office');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.match(lines[0], /^id;Navn;Type aktør/);
    assert.equal(lines.length - 1, api.total);
    const xlsx = await fetch(`${server.url}/aktorer?format=xlsx&type=nav_office`);
    assert.equal(xlsx.status, 200);
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX file is a zip archive');
  });

  it('ignores malformed filters instead of failing', async () => {
    const res = await visitor.get('/aktorer?type=%27%3B--&fylke=99&baerekraftsmal=abc&side=-4&q=%22%2A%29(');
    assert.equal(res.status, 200, show(res));
  });

  it('sorts by name in Norwegian order: Æ, Ø and Å after Z', async () => {
    const { client } = await userWithRole(server, 'none', { name: 'Sortering Testesen' });
    const tag = `sortprove${Math.floor(Math.random() * 1e6)}`;
    for (const name of ['Åkerøy', 'Zebra', 'Ærfugl', 'Østre', 'Aker']) {
      const res = await client.postForm('/aktorer/ny', '/aktorer/ny', {
        name: `${name} ${tag}`,
        kind: 'support_actor',
        short_description: `Testorganisasjon ${tag}`,
        municipality_number: '3907',
      });
      assert.equal(res.status, 303, show(res));
    }
    const list = await visitor.get(`/aktorer?q=${tag}&sorter=navn`);
    const names = resultNames(list.body).map((n) => n.split(' ')[0]);
    assert.deepEqual(names, ['Aker', 'Zebra', 'Ærfugl', 'Østre', 'Åkerøy']);
  });

  it('hides contact details without consent from visitors, in HTML and JSON', async () => {
    const { client } = await userWithRole(server, 'none', { name: 'Innlogget Leser' });
    const api = (await visitor.get('/api/v1/aktorer?per_page=50')).json();
    let checked = 0;
    for (const org of api.results) {
      const signedIn = await client.get(org.url);
      const anonymous = await visitor.get(org.url);
      assert.equal(anonymous.status, 200);
      if (!anonymous.body.includes('navn vises for innloggede')) continue;
      checked++;
      const emails = [...signedIn.body.matchAll(/mailto:([^"]+)"/g)].map((m) => m[1]);
      const visible = new Set([...anonymous.body.matchAll(/mailto:([^"]+)"/g)].map((m) => m[1]));
      const hidden = emails.filter((e) => !visible.has(e));
      assert.ok(hidden.length > 0, `signed-in users see more contacts on ${org.url}`);
      for (const e of hidden) {
        assert.ok(!anonymous.body.includes(e), `${e} leaks to visitors on ${org.url}`);
        assert.ok(!JSON.stringify(api).includes(e), `${e} leaks in JSON`);
      }
      assert.ok(!signedIn.body.includes('navn vises for innloggede'));
    }
    assert.ok(checked > 0, 'the demo data has contacts without public consent');
  });

  it('registers an organisation in three screens and refuses a duplicate number', async () => {
    const { client } = await userWithRole(server, 'none', { name: 'Gründer Testesen' });
    const start = await client.get('/aktorer/ny');
    assert.equal(start.status, 200);
    const bad = await client.get('/aktorer/ny/detaljer?orgnr=123456789');
    assert.equal(bad.status, 422);
    assert.match(textOf(bad.body), /kontrollsifferet/);
    const orgnr = validOrgnr();
    const spaced = `${orgnr.slice(0, 3)} ${orgnr.slice(3, 6)} ${orgnr.slice(6)}`;
    const details = await client.get(`/aktorer/ny/detaljer?orgnr=${encodeURIComponent(spaced)}`);
    assert.equal(details.status, 200, show(details));
    assert.ok(details.body.includes(`value="${orgnr}"`));
    const _csrf = csrfFrom(details.body);
    const missing = await client.post('/aktorer/ny', { _csrf, orgnr, name: 'Fjordkraft Inkludering', short_description: '' });
    assert.equal(missing.status, 422);
    assert.ok(missing.body.includes('value="Fjordkraft Inkludering"'), 'the name typed is kept');
    assert.match(textOf(missing.body), /Velg hvilken type aktør/);
    assert.match(textOf(missing.body), /Skriv en kort beskrivelse/);
    const body = new URLSearchParams({ _csrf, orgnr, name: 'Fjordkraft Inkludering', kind: 'social_enterprise',
      short_description: 'Arbeidstrening for unge i Sandefjord', municipality_number: '3907' });
    body.append('service_areas', 'arbeidsinkludering');
    const created = await client.post('/aktorer/ny', body.toString());
    assert.equal(created.status, 303, show(created));
    const page = await client.follow(created);
    assert.equal(page.status, 200);
    assert.match(textOf(page.body), /Fjordkraft Inkludering/);
    assert.match(textOf(page.body), /Organisasjonen er registrert/);
    const again = await client.get(`/aktorer/ny/detaljer?orgnr=${orgnr}`);
    assert.equal(again.status, 409);
    assert.ok(linksOf(again.body).some((l) => l.href === created.location));
  });

  it('answers who to contact in a municipality, and resolves old municipality numbers', async () => {
    const page = await visitor.get('/kommuner/3907?tjenesteomrade=arbeidsinkludering');
    assert.equal(page.status, 200, show(page));
    assert.match(textOf(page.body), /Sandefjord/);
    assert.match(textOf(page.body), /Kontaktpersoner: Arbeidsinkludering/);
    const old = await visitor.get('/kommuner/3804');
    assert.equal(old.status, 301);
    assert.equal(old.location, '/kommuner/3907');
    assert.equal((await visitor.get('/kommuner/9999')).status, 404);
    const county = await visitor.get('/fylker/39');
    assert.equal(county.status, 200);
    assert.ok(linksOf(county.body).some((l) => l.href === "/kommuner/3907"));
  });

  it('shows coverage to coordinators only, with a CSV export', async () => {
    const plain = await userWithRole(server, 'none');
    assert.equal((await plain.client.get('/dekning')).status, 403);
    const coordinator = await userWithRole(server, 'coordinator');
    const page = await coordinator.client.get('/dekning?fylke=39');
    assert.equal(page.status, 200, show(page));
    assert.match(textOf(page.body), /Mangler/);
    const csv = await coordinator.client.get('/dekning?format=csv&fylke=39');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /text\/csv/);
    assert.match(csv.body, /Sandefjord;/);
  });
});
