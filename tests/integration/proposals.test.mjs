// Proposals on both engines: sending one through the form (Norwegian amounts, validation that
// keeps what was typed, one live proposal per organisation), the confidential part reaching only
// the need's owner, the proposer and coordinators on every route that can show a proposal, the
// owner's decision with e-mail to the proposer, and the proposer's withdrawal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  csrfFrom,
  pathOf,
  randomId,
  run,
  show,
  skipReason,
  startServer,
  testEngine,
  textOf,
  userWithRole,
  waitForMail,
} from '../support/harness.mjs';

const skip = skipReason();

function formBody(fields) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return body.toString();
}

async function submit(client, pagePath, actionPath, fields = {}) {
  const page = await client.get(pagePath);
  const _csrf = csrfFrom(page.body);
  assert.ok(_csrf, `no CSRF token on ${pagePath}: ${show(page)}`);
  return client.post(actionPath, formBody({ ...fields, _csrf }));
}

// Registers an organisation through the directory's form; the user becomes its administrator.
async function registerOrganisation(client, kind, name) {
  const res = await submit(client, '/aktorer/ny', '/aktorer/ny', {
    name,
    kind,
    short_description: 'Arbeid og inkludering i Sandefjord',
    municipality_number: '3907',
    service_areas: 'arbeidsinkludering',
  });
  assert.equal(res.status, 303, show(res));
  const m = /^\/aktorer\/(\d+)$/.exec(pathOf(res.location));
  assert.ok(m, show(res));
  return m[1];
}

// Runs SQL against the server's database and returns the output's first line.
async function sql(server, statement) {
  const r = server.dbUrl.startsWith('sqlite://')
    ? await run('sqlite3', [server.dbUrl.slice('sqlite://'.length), statement])
    : await run('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', server.dbUrl, '-c', statement]);
  assert.equal(r.code, 0, `${statement}: ${r.stderr}`);
  return r.stdout.trim().split('\n')[0];
}

// A need with two success criteria, owned by `org`, in `status`. Returns {id, criteria: [id, id]}.
async function createNeed(server, org, { title, status = 'published' }) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const q = (s) => `'${s.replaceAll("'", "''")}'`;
  const id = await sql(
    server,
    `INSERT INTO needs (organisation_id, title, situation, status, search_text, published_at, created_at, updated_at) ` +
      `VALUES (${org}, ${q(title)}, 'Mange unge står utenfor arbeid.', ${q(status)}, ${q(title.toLowerCase())}, ` +
      `${status === 'draft' ? 'NULL' : q(now)}, ${q(now)}, ${q(now)}) RETURNING id`,
  );
  const criteria = [];
  for (const [pos, text] of [
    [1, 'Flere unge i arbeid'],
    [2, 'Færre avbrudd'],
  ]) {
    criteria.push(
      await sql(
        server,
        `INSERT INTO need_criteria (need_id, position, description, indicator, baseline, target) ` +
          `VALUES (${id}, ${pos}, ${q(text)}, 'Andel', '20 %', '40 %') RETURNING id`,
      ),
    );
  }
  return { id, criteria };
}

// A full set of fields for the form, each confidential one carrying `marker`.
function proposalFields(need, org, marker, cost = '987 654,32') {
  const f = {
    organisation_id: org,
    summary: `Offentlig sammendrag ${randomId(3)}`,
    approach: `Tilnærming ${marker}-approach`,
    timeline: `Tidsplan ${marker}-timeline`,
    cost,
    financing: `Finansiering ${marker}-financing`,
    confidential: `Detaljer ${marker}-confidential`,
  };
  for (const c of need.criteria) {
    f[`expected_${c}`] = `Forventet ${marker}-expected-${c}`;
    f[`measurement_${c}`] = `Måling ${marker}-measurement-${c}`;
  }
  return f;
}

describe(`proposals (${testEngine()})`, { skip }, () => {
  let server;
  const who = {};
  let ownerOrg, proposerOrg, rivalOrg;
  let need, draft, closed;
  let proposal, rivalProposal;
  const marker = `HEMMELIG${randomId(4)}`;
  const rivalMarker = `KONKURRENT${randomId(4)}`;

  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    who.anonymous = { client: new Client(server.url) };
    who.rival = await userWithRole(server, 'none', { name: 'Rival Rivalsen' });
    who.publicBody = await userWithRole(server, 'none', { name: 'Annen Kommune' });
    who.proposer = await userWithRole(server, 'none', { name: 'Frida Forslag' });
    who.owner = await userWithRole(server, 'none', { name: 'Eva Eier' });
    who.coordinator = await userWithRole(server, 'coordinator', { name: 'Kari Koordinator' });
    ownerOrg = await registerOrganisation(who.owner.client, 'municipality', `Eierkommune ${randomId(3)}`);
    proposerOrg = await registerOrganisation(who.proposer.client, 'social_enterprise', `Forslagsverksted ${randomId(3)}`);
    rivalOrg = await registerOrganisation(who.rival.client, 'social_enterprise', `Konkurrent ${randomId(3)}`);
    await registerOrganisation(who.publicBody.client, 'nav_office', `NAV Annet ${randomId(3)}`);
    need = await createNeed(server, ownerOrg, { title: `Unge utenfor arbeid ${randomId(3)}` });
    draft = await createNeed(server, ownerOrg, { title: 'Et utkast', status: 'draft' });
    closed = await createNeed(server, ownerOrg, { title: 'Et avsluttet behov', status: 'closed' });
  });

  after(async () => {
    await server?.stop();
  });

  it('shows the form with every success criterion and keeps what was typed on errors', async () => {
    const form = await who.proposer.client.get(`/behov/${need.id}/forslag/ny`);
    assert.equal(form.status, 200, show(form));
    for (const c of need.criteria) {
      assert.match(form.body, new RegExp(`name="expected_${c}"`));
      assert.match(form.body, new RegExp(`name="measurement_${c}"`));
    }
    const text = textOf(form.body);
    assert.match(text, /Flere unge i arbeid/);
    assert.match(text, /Færre avbrudd/);
    assert.match(text, /Offentlig sammendrag \(offentlig\)/);
    assert.match(text, /synlig bare for behovseieren/);

    const fields = proposalFields(need, proposerOrg, marker);
    const bad = { ...fields, summary: '', cost: 'mange penger' };
    delete bad[`measurement_${need.criteria[1]}`];
    const res = await submit(who.proposer.client, `/behov/${need.id}/forslag/ny`, `/behov/${need.id}/forslag/ny`, bad);
    assert.equal(res.status, 422, show(res));
    const errors = textOf(res.body);
    assert.match(errors, /Skjemaet har feil/);
    assert.match(errors, /Fyll inn «Offentlig sammendrag»/);
    assert.match(errors, /Skriv kostnaden som et beløp i kroner/);
    assert.match(errors, /Skriv hvordan dere vil måle «Færre avbrudd»/);
    // Nothing typed is lost.
    assert.ok(res.body.includes(`${marker}-approach`));
    assert.ok(res.body.includes(`${marker}-expected-${need.criteria[0]}`));
    assert.ok(res.body.includes('value="mange penger"'));
  });

  it('stores a proposal with a Norwegian amount and refuses a second live one with a link to it', async () => {
    const res = await submit(
      who.proposer.client,
      `/behov/${need.id}/forslag/ny`,
      `/behov/${need.id}/forslag/ny`,
      proposalFields(need, proposerOrg, marker),
    );
    assert.equal(res.status, 303, show(res));
    const m = /^\/forslag\/(\d+)$/.exec(pathOf(res.location));
    assert.ok(m, show(res));
    proposal = m[1];
    const page = await who.proposer.client.get(`/forslag/${proposal}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.body), /987\s654,32 kr/);
    assert.match(textOf(page.body), /Sendt/);
    assert.equal(await sql(server, `SELECT cost FROM proposals WHERE id = ${proposal}`), '98765432');

    const again = await who.proposer.client.get(`/behov/${need.id}/forslag/ny`);
    assert.equal(again.status, 409, show(again));
    assert.ok(again.body.includes(`href="/forslag/${proposal}"`), show(again));
    const post = await submit(
      who.proposer.client,
      `/behov/${need.id}/forslag`,
      `/behov/${need.id}/forslag/ny`,
      proposalFields(need, proposerOrg, marker),
    );
    assert.equal(post.status, 409, show(post));
    assert.ok(post.body.includes(`href="/forslag/${proposal}"`));

    const rival = await submit(
      who.rival.client,
      `/behov/${need.id}/forslag/ny`,
      `/behov/${need.id}/forslag/ny`,
      proposalFields(need, rivalOrg, rivalMarker, '150 000'),
    );
    assert.equal(rival.status, 303, show(rival));
    rivalProposal = /^\/forslag\/(\d+)$/.exec(pathOf(rival.location))[1];
  });

  it('refuses proposals from people without an offering organisation, and for drafts and closed needs', async () => {
    const none = await userWithRole(server, 'none');
    const res = await none.client.get(`/behov/${need.id}/forslag/ny`);
    assert.equal(res.status, 403, show(res));
    assert.match(textOf(res.body), /Du kan ikke sende forslag ennå/);
    assert.equal((await who.publicBody.client.get(`/behov/${need.id}/forslag/ny`)).status, 403);
    assert.equal((await who.proposer.client.get(`/behov/${draft.id}/forslag/ny`)).status, 404);
    const closedRes = await who.proposer.client.get(`/behov/${closed.id}/forslag/ny`);
    assert.equal(closedRes.status, 409);
    assert.match(textOf(closedRes.body), /tar ikke imot forslag/);
    for (const path of [`/behov/${draft.id}/forslag`, `/api/v1/behov/${draft.id}/forslag`, '/behov/999999/forslag'])
      for (const w of [who.anonymous, who.rival, who.proposer])
        assert.equal((await w.client.get(path)).status, 404, `${path}`);
    // The owner sees its own draft's (empty) comparison.
    assert.equal((await who.owner.client.get(`/behov/${draft.id}/forslag`)).status, 200);
  });

  // Every route that can show a proposal, as everyone; the confidential markers only for those allowed.
  async function walk(label) {
    const routes = [
      `/forslag/${proposal}`,
      `/forslag/${rivalProposal}`,
      `/behov/${need.id}/forslag`,
      `/behov/${need.id}/forslag?side=2`,
      `/api/v1/behov/${need.id}/forslag`,
      '/forslag',
      `/forslag/${proposal}/trekk`,
      `/forslag/${proposal}/vurdering`,
      `/forslag/${rivalProposal}/trekk`,
      `/forslag/${rivalProposal}/vurdering`,
    ];
    const allowed = new Set(['proposer', 'owner', 'coordinator']);
    const rivalAllowed = new Set(['rival', 'owner', 'coordinator']);
    const seen = {};
    for (const [name, w] of Object.entries(who)) {
      seen[name] = '';
      for (const path of routes) {
        const res = await w.client.get(path);
        assert.ok(res.status < 500, `${label} ${name} ${path}: ${show(res)}`);
        const body = res.body;
        seen[name] += body;
        if (!allowed.has(name))
          assert.ok(!body.includes(marker) && !body.includes('98765432') && !/987\s654,32/.test(textOf(body)),
            `${label}: ${name} saw the proposer's confidential part on ${path}`);
        if (!rivalAllowed.has(name))
          assert.ok(!body.includes(rivalMarker), `${label}: ${name} saw the rival's confidential part on ${path}`);
      }
    }
    // Those allowed do see every confidential field on the proposal's page.
    for (const name of allowed) {
      const page = (await who[name].client.get(`/forslag/${proposal}`)).body;
      for (const field of ['approach', 'timeline', 'financing', 'confidential'])
        assert.ok(page.includes(`${marker}-${field}`), `${label}: ${name} misses ${field}`);
      for (const c of need.criteria) {
        assert.ok(page.includes(`${marker}-expected-${c}`), `${label}: ${name} misses expected ${c}`);
        assert.ok(page.includes(`${marker}-measurement-${c}`), `${label}: ${name} misses measurement ${c}`);
      }
    }
    return seen;
  }

  it('shows the confidential part only to the owner, the proposer and coordinators on every route', async () => {
    const seen = await walk('sent');
    // The public summary is there for everyone who can see the need.
    const summary = await sql(server, `SELECT summary FROM proposals WHERE id = ${proposal}`);
    const list = await who.anonymous.client.get(`/behov/${need.id}/forslag`);
    assert.equal(list.status, 200);
    assert.ok(list.body.includes(summary));
    const json = (await who.anonymous.client.get(`/api/v1/behov/${need.id}/forslag`)).json();
    assert.equal(json.total, 2);
    assert.equal(json.confidential, false);
    assert.deepEqual(Object.keys(json.results[0]).sort(),
      ['id', 'need_id', 'organisation', 'organisation_id', 'solution', 'solution_id', 'status', 'submitted_at', 'summary', 'url']);
    // The owner's JSON carries the full proposals, the owner's page compares them side by side.
    const full = (await who.owner.client.get(`/api/v1/behov/${need.id}/forslag`)).json();
    assert.equal(full.confidential, true);
    const mine = full.results.find((r) => String(r.id) === proposal);
    assert.equal(mine.cost_ore, 98765432);
    assert.equal(mine.criteria.length, 2);
    assert.ok(mine.confidential.includes(marker));
    const compare = await who.owner.client.get(`/behov/${need.id}/forslag`);
    assert.match(compare.body, /<table[^>]*>/);
    assert.match(compare.body, /<th scope="col">/);
    assert.match(compare.body, /<th scope="row">Flere unge i arbeid/);
    assert.ok(compare.body.includes(`${marker}-expected-${need.criteria[0]}`));
    assert.ok(compare.body.includes(`${rivalMarker}-expected-${need.criteria[0]}`));
    assert.match(textOf(compare.body), /150\s000 kr/);
    // A proposer's own list holds its proposal; the competitor's does not.
    assert.ok(seen.proposer.includes(`href="/forslag/${proposal}"`));
    const rivalMine = await who.rival.client.get('/forslag');
    assert.ok(!rivalMine.body.includes(`href="/forslag/${proposal}"`));
  });

  it('lets only the owner decide and refuses illegal transitions with a clear message', async () => {
    const path = `/forslag/${proposal}/vurdering`;
    for (const name of ['proposer', 'rival', 'publicBody']) {
      const page = await who[name].client.get(path);
      assert.equal(page.status, 403, `${name}: ${show(page)}`);
      const token = csrfFrom((await who[name].client.get('/konto')).body);
      const res = await who[name].client.post(path, formBody({ _csrf: token, status: 'chosen', message: 'Hei' }));
      assert.equal(res.status, 403, `${name}: ${show(res)}`);
    }
    let res = await submit(who.owner.client, path, path, { status: 'under_review' });
    assert.equal(res.status, 303, show(res));
    assert.match(textOf((await who.anonymous.client.get(`/forslag/${proposal}`)).body), /Under vurdering/);
    res = await submit(who.owner.client, path, path, { status: 'chosen', message: '' });
    assert.equal(res.status, 422);
    assert.match(textOf(res.body), /Skriv en melding til forslagsstilleren/);
    res = await submit(who.owner.client, path, path, { status: 'withdrawn' });
    assert.equal(res.status, 409);
    assert.match(textOf(res.body), /Et forslag med status «Under vurdering» kan ikke få status «Trukket»/);

    const before = server.sink.messages.length;
    const decision = `Gratulerer ${marker}-decision`;
    res = await submit(who.owner.client, path, path, { status: 'chosen', message: decision });
    assert.equal(res.status, 303, show(res));
    const mail = await waitForMail(server.sink, { to: who.proposer.email, subject: 'Forslaget ditt er valgt', after: before });
    assert.ok(mail.text.includes(decision));
    assert.ok(mail.text.includes(`/forslag/${proposal}`));
    assert.ok(!server.sink.messages.slice(before).some((m) => m.to.includes(who.rival.email)));

    const page = await who.proposer.client.get(`/forslag/${proposal}`);
    assert.match(textOf(page.body), /Valgt/);
    assert.ok(page.body.includes(decision));
    res = await submit(who.owner.client, `/forslag/${proposal}`, path, { status: 'not_chosen', message: 'Likevel ikke' });
    assert.equal(res.status, 409);
    assert.match(textOf(res.body), /Et forslag med status «Valgt» kan ikke få status «Ikke valgt»/);
    // The decision message is the proposer's and the owner's only.
    await walk('chosen');
  });

  it('lets only the proposer withdraw, with confirmation, and then send a new one', async () => {
    const path = `/forslag/${rivalProposal}/trekk`;
    for (const name of ['owner', 'proposer', 'publicBody']) {
      assert.equal((await who[name].client.get(path)).status, 403, name);
      const token = csrfFrom((await who[name].client.get('/konto')).body);
      assert.equal((await who[name].client.post(path, formBody({ _csrf: token, confirm: '1' }))).status, 403, name);
    }
    const confirm = await who.rival.client.get(path);
    assert.equal(confirm.status, 200);
    assert.match(textOf(confirm.body), /Ja, trekk forslaget/);
    let res = await submit(who.rival.client, path, path, {});
    assert.equal(res.status, 422);
    res = await submit(who.rival.client, path, path, { confirm: '1' });
    assert.equal(res.status, 303, show(res));
    assert.match(textOf((await who.rival.client.get(`/forslag/${rivalProposal}`)).body), /Trukket/);
    res = await submit(who.rival.client, `/forslag/${rivalProposal}`, path, { confirm: '1' });
    assert.equal(res.status, 409);
    assert.match(textOf(res.body), /Et forslag med status «Trukket» kan ikke få status «Trukket»/);
    // The chosen proposal cannot be withdrawn either.
    res = await submit(who.proposer.client, `/forslag/${proposal}`, `/forslag/${proposal}/trekk`, { confirm: '1' });
    assert.equal(res.status, 409);
    assert.match(textOf(res.body), /Et forslag med status «Valgt» kan ikke få status «Trukket»/);
    // Withdrawn proposals leave the comparison; the rival may send again.
    const compare = await who.owner.client.get(`/behov/${need.id}/forslag`);
    assert.ok(!compare.body.includes(`href="/forslag/${rivalProposal}"`));
    assert.equal((await who.rival.client.get(`/behov/${need.id}/forslag/ny`)).status, 200);
    await walk('withdrawn');
  });
});
