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
import { createNeed, formBody, memberOf, publishedNeed, setNeedStatus, submit } from '../support/market.mjs';

const skip = skipReason();

// The ids of the need's success criteria, from the proposal form's field names.
async function criteriaOf(client, needId) {
  const form = await client.get(`/behov/${needId}/forslag/ny`);
  assert.equal(form.status, 200, show(form));
  const ids = [...form.body.matchAll(/name="expected_(\d+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 2, `expected two success criteria on the form: ${show(form)}`);
  return ids;
}

// Runs SQL against the server's database and returns the output's first line (a check of what was stored).
async function sql(server, statement) {
  const r = server.dbUrl.startsWith('sqlite://')
    ? await run('sqlite3', [server.dbUrl.slice('sqlite://'.length), statement])
    : await run('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', server.dbUrl, '-c', statement]);
  assert.equal(r.code, 0, `${statement}: ${r.stderr}`);
  return r.stdout.trim().split('\n')[0];
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
  let proposerOrg, rivalOrg;
  let need, draft, closed;
  let proposal, rivalProposal;
  const marker = `HEMMELIG${randomId(4)}`;
  const rivalMarker = `KONKURRENT${randomId(4)}`;

  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    who.anonymous = { client: new Client(server.url) };
    who.coordinator = await userWithRole(server, 'coordinator', { name: 'Kari Koordinator' });
    const coordinator = who.coordinator;
    who.rival = await memberOf(server, 'social_enterprise', { orgName: `Konkurrent ${randomId(3)}` });
    who.publicBody = await memberOf(server, 'nav_office', { coordinator });
    who.proposer = await memberOf(server, 'social_enterprise', { orgName: `Forslagsverksted ${randomId(3)}` });
    who.owner = await memberOf(server, 'municipality', { coordinator });
    proposerOrg = who.proposer.orgId;
    rivalOrg = who.rival.orgId;
    const id = await publishedNeed(who.owner, { title: `Unge utenfor arbeid ${randomId(3)}` });
    need = { id, criteria: await criteriaOf(who.proposer.client, id) };
    draft = { id: await createNeed(who.owner, { title: 'Et utkast' }) };
    closed = { id: await publishedNeed(who.owner, { title: 'Et avsluttet behov' }) };
    await setNeedStatus(who.owner, closed.id, 'closed', 'Ingen passende tilbud.');
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
    assert.match(text, /Færre avbrudd underveis/);
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
    assert.match(errors, /Skriv hvordan dere vil måle «Færre avbrudd underveis»/);
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
      // The need's own pages, list, search, feed and JSON twins show counts and links, never details.
      '/behov',
      '/api/v1/behov',
      '/behov.atom',
      `/behov/${need.id}`,
      `/api/v1/behov/${need.id}`,
      '/behov/mine',
      `/aktorer/${proposerOrg}`,
      `/aktorer/${rivalOrg}`,
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
    // Searching for a confidential word finds nothing, for anyone (the query itself is echoed in
    // the search box, so the check is on the results).
    for (const [name, w] of Object.entries(who))
      for (const m of [marker, rivalMarker]) {
        assert.equal((await w.client.get(`/api/v1/behov?q=${m}`)).json().total, 0, `${name} found ${m}`);
        const html = await w.client.get(`/behov?q=${m}`);
        assert.equal(html.status, 200);
        assert.ok(!html.body.includes(`href="/behov/${need.id}"`), `${name} found the need by ${m}`);
      }
    assert.ok((await who.anonymous.client.get('/behov')).body.includes(`href="/behov/${need.id}"`));
    // The owner sees its needs with proposal counts, and the need's page links to the comparison.
    const ownList = await who.owner.client.get('/behov/mine');
    assert.match(ownList.body, new RegExp(`<a href="/behov/${need.id}/forslag">2</a>`));
    const needPage = await who.owner.client.get(`/behov/${need.id}`);
    assert.ok(needPage.body.includes(`/behov/${need.id}/forslag`));
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
