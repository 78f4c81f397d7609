// Solutions and matches on both engines: a social enterprise's member describes a solution with
// references, publishes and archives it; visitors find it through the list's filters and stemmed
// search and its JSON twin; drafts stay private; members of other organisations cannot edit; bad
// input gets clear errors and loses nothing. Match pages show why each match was suggested and
// refuse needs and organisations the user may not see.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, pathOf, show, skipReason, startServer, textOf, userWithRole } from '../support/harness.mjs';
import { createNeed, memberOf, publishedNeed, submit } from '../support/market.mjs';

const skip = skipReason();

function solutionFields(orgId, overrides = {}) {
  return {
    action: 'save',
    organisation_id: orgId,
    title: 'Verkstedløftet',
    summary: 'Arbeidstrening for unge i et snekkerverksted, med tett oppfølging mot jobb eller skole.',
    description: 'Unge som har **avbrutt** videregående får arbeidserfaring i et ekte verksted.',
    audience: 'Unge mellom 16 og 25 år',
    evidence: '- 60 % i jobb eller skole etter ett år',
    price_model: 'Pris per deltaker per måned',
    service_areas: ['arbeidsinkludering'],
    target_groups: ['unge-utenfor-skole-og-arbeid'],
    municipalities: ['3907'],
    ...overrides,
  };
}

async function createSolution(member, overrides = {}) {
  const res = await submit(member.client, '/losninger/ny', '/losninger/ny', solutionFields(member.orgId, overrides));
  assert.equal(res.status, 303, `creating a solution: ${show(res)}`);
  const m = /^\/losninger\/(\d+)$/.exec(pathOf(res.location));
  assert.ok(m, `a new solution should lead to its page: ${show(res)}`);
  return m[1];
}

async function setStatus(member, id, status) {
  const res = await submit(member.client, `/losninger/${id}`, `/losninger/${id}/status`, { status });
  assert.equal(res.status, 303, `status ${status}: ${show(res)}`);
}

describe('solutions', { skip }, () => {
  let server;
  let coordinator;
  let enterprise; // member of a verified social enterprise in Sandefjord
  let other; // member of another social enterprise
  let owner; // member of a verified municipality
  let visitor;
  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    coordinator = await userWithRole(server, 'coordinator');
    enterprise = await memberOf(server, 'social_enterprise', { coordinator, description: 'Arbeidstrening for unge i snekkerverksted' });
    other = await memberOf(server, 'social_enterprise', { coordinator, municipality: '0301', area: 'integrering' });
    owner = await memberOf(server, 'municipality', { coordinator, orgName: `Sandefjord kommune ${Date.now()}` });
    visitor = new Client(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  it('keeps a draft private, publishes it and lists it with filters, stemmed search and JSON', async () => {
    const id = await createSolution(enterprise, { title: 'Snekkerløftet for unge' });
    const own = await enterprise.client.get(`/losninger/${id}`);
    assert.equal(own.status, 200, show(own));
    assert.match(textOf(own.body), /Utkast/);
    assert.match(own.body, /<strong>avbrutt<\/strong>/, 'the description is Markdown');
    assert.equal((await coordinator.client.get(`/losninger/${id}`)).status, 200);
    for (const client of [visitor, other.client]) {
      assert.equal((await client.get(`/losninger/${id}`)).status, 404);
      for (const path of ['/losninger', '/api/v1/losninger', '/losninger?q=snekkerløftet', `/losninger?aktor=${enterprise.orgId}`])
        assert.doesNotMatch((await client.get(path)).body, /Snekkerløftet for unge/, path);
    }
    // The organisation's own list shows its drafts to its members.
    assert.match((await enterprise.client.get(`/losninger?aktor=${enterprise.orgId}`)).body, /Snekkerløftet for unge/);

    await setStatus(enterprise, id, 'published');
    const page = await visitor.get(`/losninger/${id}`);
    assert.equal(page.status, 200, show(page));
    assert.doesNotMatch(textOf(page.body), /Utkast/);
    assert.match(page.body, new RegExp(`href="/aktorer/${enterprise.orgId}"`));
    assert.match(page.body, /href="\/kommuner\/3907"/);

    const nationwide = await createSolution(enterprise, {
      title: 'Nettmentor for hele landet', municipalities: [], nationwide: '1', service_areas: ['integrering'],
      target_groups: [],
    });
    await setStatus(enterprise, nationwide, 'published');

    const has = async (path, title) => textOf((await visitor.get(path)).body).includes(title);
    assert.ok(await has('/losninger', 'Snekkerløftet for unge'));
    assert.ok(await has('/losninger?q=snekkerløftet', 'Snekkerløftet for unge'));
    assert.ok(await has('/losninger?q=arbeidstreningen+', 'Snekkerløftet for unge'), 'stemmed search');
    assert.ok(await has('/losninger?tjenesteomrade=arbeidsinkludering', 'Snekkerløftet for unge'));
    assert.ok(!(await has('/losninger?tjenesteomrade=eldreomsorg', 'Snekkerløftet for unge')));
    assert.ok(await has('/losninger?malgruppe=unge-utenfor-skole-og-arbeid', 'Snekkerløftet for unge'));
    assert.ok(await has('/losninger?fylke=39', 'Snekkerløftet for unge'));
    assert.ok(await has('/losninger?fylke=39&kommune=3907', 'Snekkerløftet for unge'));
    assert.ok(!(await has('/losninger?kommune=0301', 'Snekkerløftet for unge')));
    assert.ok(await has('/losninger?kommune=0301', 'Nettmentor for hele landet'), 'nationwide matches every municipality');
    assert.ok(await has('/losninger?fylke=50', 'Nettmentor for hele landet'));

    const json = await visitor.get('/api/v1/losninger?tjenesteomrade=arbeidsinkludering&kommune=3907');
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-type'), /application\/json/);
    const data = JSON.parse(json.body);
    assert.equal(data.page, 1);
    const hit = data.results.find((r) => r.id === Number(id));
    assert.ok(hit, json.body);
    assert.equal(hit.title, 'Snekkerløftet for unge');
    assert.equal(hit.url, `/losninger/${id}`);
    assert.equal(hit.organisation.id, Number(enterprise.orgId));
    assert.ok(!data.results.some((r) => r.id === Number(nationwide)), 'the nationwide one is not in this service area');
    assert.equal(data.total, data.results.length);
    const paged = JSON.parse((await visitor.get('/api/v1/losninger?side=2')).body);
    assert.equal(paged.page, 2);

    // Archived: off the list, the page says so.
    await setStatus(enterprise, id, 'archived');
    assert.ok(!(await has('/losninger', 'Snekkerløftet for unge')));
    assert.match(textOf((await visitor.get(`/losninger/${id}`)).body), /arkivert/);
    // A status change that is not allowed from where the solution stands changes nothing.
    await setStatus(enterprise, id, 'archived');
    assert.match(textOf((await enterprise.client.get(`/losninger/${id}`)).body), /Statusen kunne ikke endres/);
  });

  it('lets only the organisation\'s members and coordinators edit', async () => {
    const id = await createSolution(enterprise, { title: 'Bare våre egne' });
    for (const client of [other.client, owner.client]) {
      assert.equal((await client.get(`/losninger/${id}/rediger`)).status, 403);
      const post = await submit(client, '/konto', `/losninger/${id}/rediger`, solutionFields(other.orgId, { title: 'Kapret' }));
      assert.equal(post.status, 403, show(post));
      const status = await submit(client, '/konto', `/losninger/${id}/status`, { status: 'published' });
      assert.equal(status.status, 403, show(status));
    }
    const anon = await visitor.get(`/losninger/${id}/rediger`);
    assert.equal(anon.status, 303);
    const still = await enterprise.client.get(`/losninger/${id}`);
    assert.match(textOf(still.body), /Bare våre egne/);
    assert.match(textOf(still.body), /Utkast/);

    // A member may not create a solution for someone else's organisation.
    const foreign = await submit(enterprise.client, '/losninger/ny', '/losninger/ny', solutionFields(other.orgId, { title: 'Fremmed' }));
    assert.equal(foreign.status, 422, show(foreign));
    assert.match(textOf(foreign.body), /Velg organisasjonen som tilbyr løsningen/);
    // Public bodies own needs; they do not offer solutions.
    assert.equal((await owner.client.get('/losninger/ny')).status, 403);

    // A coordinator edits any solution.
    const edit = await submit(coordinator.client, `/losninger/${id}/rediger`, `/losninger/${id}/rediger`,
      solutionFields(enterprise.orgId, { title: 'Rettet av koordinator' }));
    assert.equal(edit.status, 303, show(edit));
    assert.match(textOf((await enterprise.client.get(`/losninger/${id}`)).body), /Rettet av koordinator/);
  });

  it('points at what is wrong and keeps everything the user typed', async () => {
    const res = await submit(enterprise.client, '/losninger/ny', '/losninger/ny', solutionFields(enterprise.orgId, {
      title: '  ',
      summary: 'x'.repeat(301),
      description: 'Beskrivelsen som ble skrevet inn',
      price_model: 'Gratis første måned',
      service_areas: [],
      municipalities: [],
    }));
    assert.equal(res.status, 422, show(res));
    const text = textOf(res.body);
    assert.match(res.body, /ds-error-summary/);
    assert.match(text, /Skriv navnet på løsningen/);
    assert.match(text, /Den korte beskrivelsen kan være høyst 300 tegn/);
    assert.match(text, /Velg minst ett tjenesteområde/);
    assert.match(text, /Velg hele landet eller minst én kommune/);
    assert.match(res.body, /Beskrivelsen som ble skrevet inn/);
    assert.match(res.body, /value="Gratis første måned"/);
    assert.match(res.body, /x{301}/);
    assert.match(res.body, /id="tg-unge-utenfor-skole-og-arbeid" value="unge-utenfor-skole-og-arbeid" checked/);
    // Nothing was saved.
    const mine = await enterprise.client.get(`/losninger?aktor=${enterprise.orgId}`);
    assert.doesNotMatch(mine.body, /Beskrivelsen som ble skrevet inn/);
  });

  it('adds references from the directory with a note, linked to the organisation', async () => {
    const id = await createSolution(enterprise, { title: 'Med referanser' });
    // Search: the verified municipality shows up to be ticked; nothing is saved yet.
    const search = await submit(enterprise.client, `/losninger/${id}/rediger`, `/losninger/${id}/rediger`,
      solutionFields(enterprise.orgId, { title: 'Med referanser (endret)', action: 'search_references', reference_query: owner.orgName }));
    assert.equal(search.status, 200, show(search));
    assert.match(search.body, new RegExp(`name="references_add" id="f-references_add_${owner.orgId}" value="${owner.orgId}"`));
    assert.match(search.body, /value="Med referanser \(endret\)"/, 'what was typed is kept while searching');
    // Tick it and save with a note.
    const save = await submit(enterprise.client, `/losninger/${id}/rediger`, `/losninger/${id}/rediger`,
      solutionFields(enterprise.orgId, { title: 'Med referanser', references_add: owner.orgId, [`reference_note_${owner.orgId}`]: 'Kjøper ti plasser i året' }));
    assert.equal(save.status, 303, show(save));
    const page = await enterprise.client.get(`/losninger/${id}`);
    assert.match(page.body, new RegExp(`<a href="/aktorer/${owner.orgId}">`));
    assert.match(textOf(page.body), /Kjøper ti plasser i året/);
    // Remove it again.
    const remove = await submit(enterprise.client, `/losninger/${id}/rediger`, `/losninger/${id}/rediger`,
      solutionFields(enterprise.orgId, { references: owner.orgId, reference_remove: owner.orgId }));
    assert.equal(remove.status, 303, show(remove));
    assert.doesNotMatch((await enterprise.client.get(`/losninger/${id}`)).body, new RegExp(`href="/aktorer/${owner.orgId}"`));
    // An organisation that does not exist is refused with a clear message.
    const bad = await submit(enterprise.client, `/losninger/${id}/rediger`, `/losninger/${id}/rediger`,
      solutionFields(enterprise.orgId, { references_add: '987654' }));
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.body), /finnes ikke lenger i katalogen/);
  });

  it('suggests matches for a need and needs for an organisation, with reasons', async () => {
    const solution = await createSolution(enterprise, { title: 'Verkstedløftet Sandefjord' });
    await setStatus(enterprise, solution, 'published');
    const need = await publishedNeed(owner, {
      title: 'Arbeidstrening for unge utenfor skole og arbeid',
      situation: 'Mange unge i Sandefjord har avbrutt videregående og trenger arbeidstrening i et verksted.',
    });
    const page = await visitor.get(`/behov/${need}/treff`);
    assert.equal(page.status, 200, show(page));
    const text = textOf(page.body);
    assert.match(text, /Verkstedløftet Sandefjord/);
    assert.match(text, /Samme tjenesteområde: Arbeidsinkludering/);
    assert.match(text, /Samme målgruppe: Unge utenfor skole og arbeid/);
    assert.match(text, /Tilbys i Sandefjord/);
    assert.match(text, /Ord som går igjen: [^.]*unge/);
    assert.match(text, new RegExp(enterprise.orgName));

    const json = JSON.parse((await visitor.get(`/api/v1/behov/${need}/treff`)).body);
    assert.equal(json.need.id, Number(need));
    const mine = json.solutions.find((s) => s.id === Number(solution));
    assert.ok(mine, JSON.stringify(json.solutions));
    assert.equal(mine.score, json.solutions[0].score, 'the solution is among the best matches');
    assert.equal(mine.url, `/losninger/${solution}`);
    assert.deepEqual(mine.reasons.service_areas, ['arbeidsinkludering']);
    assert.deepEqual(mine.reasons.municipalities, ['3907']);
    assert.ok(mine.reasons.words.includes('unge'), JSON.stringify(mine.reasons));
    for (let i = 1; i < json.solutions.length; i++) assert.ok(json.solutions[i - 1].score >= json.solutions[i].score);
    assert.equal(json.enterprises[0].id, Number(enterprise.orgId), JSON.stringify(json.enterprises));

    // The enterprise's own page of needs that fit it.
    const fits = await enterprise.client.get(`/aktorer/${enterprise.orgId}/behovstreff`);
    assert.equal(fits.status, 200, show(fits));
    assert.match(textOf(fits.body), /Arbeidstrening for unge utenfor skole og arbeid/);
    assert.match(textOf(fits.body), /Behovet gjelder Sandefjord/);
    assert.equal((await coordinator.client.get(`/aktorer/${enterprise.orgId}/behovstreff`)).status, 200);
    assert.equal((await other.client.get(`/aktorer/${enterprise.orgId}/behovstreff`)).status, 403);
    assert.equal((await visitor.get(`/aktorer/${enterprise.orgId}/behovstreff`)).status, 303);

    // A draft need: its matches are the owner's alone, and it is never suggested.
    const draft = await createNeed(owner, { title: 'Utkast om arbeidstrening for unge i verksted' });
    assert.equal((await visitor.get(`/behov/${draft}/treff`)).status, 404);
    assert.equal((await other.client.get(`/api/v1/behov/${draft}/treff`)).status, 404);
    assert.equal((await owner.client.get(`/behov/${draft}/treff`)).status, 200);
    assert.doesNotMatch((await enterprise.client.get(`/aktorer/${enterprise.orgId}/behovstreff`)).body, /Utkast om arbeidstrening/);
    assert.equal((await visitor.get('/behov/987654/treff')).status, 404);
    assert.equal((await visitor.get('/behov/abc/treff')).status, 404);
  });
});
