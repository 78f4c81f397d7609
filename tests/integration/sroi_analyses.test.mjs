// An organisation's stored SROI analyses on both engines: created with a name, saved as typed at
// every save (mistakes too: nothing is lost, and the analysis reopens with them pointed out), the
// result computed when everything is right (the example: ratio 1,10 : 1 at 4 %, 1,11 : 1 at
// 3,5 %), listed with the ratio, deleted; only members of the organisation and coordinators reach
// any of it, and an analysis is never reached through another organisation's address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, pathOf, show, skipReason, startServer, textOf, userWithRole } from '../support/harness.mjs';
import { memberOf, submit } from '../support/market.mjs';

const skip = skipReason();

// The example: 12 × 150 000 kr, deadweight 20 %, displacement 10 %, attribution 25 %,
// drop-off 20 %, 3 years, 2 000 000 kr up front → 1.1033 at 4 %, 1.1131 at 3.5 %.
const EXAMPLE = {
  title: 'Arbeidstrening 2026',
  stakeholders: 'Deltakerne\nNAV Sandefjord',
  rate: '4',
  first_year: 'ja',
  drop_off_starts: 'second_year',
  sens_pct: '10',
  inv_rows: '3',
  line_rows: '3',
  i1_year: '0',
  i1_amount: '2 000 000',
  l1_name: 'Deltakere i arbeid',
  l1_stakeholder: 'Deltakerne',
  l1_indicator: 'Antall i jobb etter 12 måneder',
  l1_quantity: '12',
  l1_proxy: '150 000',
  l1_source: 'Sparte trygdeutgifter, NAV',
  l1_base_year: '2025',
  l1_duration: '3',
  l1_deadweight: '20',
  l1_displacement: '10',
  l1_attribution: '25',
  l1_drop_off: '20',
};

describe('stored SROI analyses', { skip }, () => {
  let server, member, rival, coordinator, base;
  before(async () => {
    server = await startServer();
    coordinator = await userWithRole(server, 'coordinator');
    member = await memberOf(server, 'social_enterprise', { coordinator });
    rival = await memberOf(server, 'social_enterprise', { coordinator });
    base = `/aktorer/${member.orgId}/sroi`;
  });
  after(async () => {
    await server?.stop();
  });

  it('creates, keeps what was typed through mistakes, computes, recomputes with another rate, lists and deletes', async () => {
    let res = await member.client.get(base);
    assert.equal(res.status, 200, show(res));
    assert.match(textOf(res.body), /Ingen analyser ennå/);

    res = await submit(member.client, base, base, { title: '   ' });
    assert.equal(res.status, 422);
    assert.match(textOf(res.body), /Gi analysen et navn\./);

    res = await submit(member.client, base, base, { title: 'Arbeidstrening' });
    assert.equal(res.status, 303, show(res));
    const path = pathOf(res.location);
    assert.match(path, new RegExp(`^${base}/\\d+$`));
    res = await member.client.get(path);
    assert.equal(res.status, 200);
    assert.match(textOf(res.body), /Analysen er opprettet/);
    assert.match(textOf(res.body), /minst én verdilinje/);

    // A mistake: saved all the same, pointed out, and still there when the analysis is reopened.
    res = await submit(member.client, path, path, { ...EXAMPLE, l1_deadweight: 'tjue', l1_base_year: '1492' });
    assert.equal(res.status, 422, show(res));
    let text = textOf(res.body);
    assert.match(text, /Det du skrev er lagret/);
    assert.match(text, /Skriv et tall med høyst fire desimaler/);
    assert.match(text, /Basisåret må være et årstall fra 1950 til 2100/);
    assert.doesNotMatch(text, /SROI-forhold:/);
    res = await member.client.get(path);
    assert.equal(res.status, 200);
    assert.ok(res.body.includes('value="tjue"'), 'the typed mistake is kept');
    assert.ok(res.body.includes('value="Sparte trygdeutgifter, NAV"'));
    assert.ok(res.body.includes('Deltakerne\nNAV Sandefjord'), 'the stakeholders are kept');
    assert.match(textOf(res.body), /Skriv et tall med høyst fire desimaler/, 'reopened with the mistake pointed out');
    assert.match(textOf(res.body), /Arbeidstrening 2026/, 'the new name is saved');

    // Corrected: computed, with the conventions beside the result.
    res = await submit(member.client, path, path, EXAMPLE);
    assert.equal(res.status, 303, show(res));
    res = await member.client.get(pathOf(res.location));
    text = textOf(res.body);
    assert.match(text, /Analysen er lagret/);
    assert.match(text, /SROI-forhold: 1,10 : 1/);
    assert.match(text, /2\s206\s577/);

    res = await submit(member.client, path, path, { ...EXAMPLE, rate: '3,5' });
    assert.equal(res.status, 303, show(res));
    res = await member.client.get(path);
    assert.match(textOf(res.body), /SROI-forhold: 1,11 : 1/);

    res = await member.client.get(base);
    text = textOf(res.body);
    assert.match(text, /Arbeidstrening 2026/);
    assert.match(text, /1,11 : 1/);

    // More rows keep everything typed.
    res = await submit(member.client, path, path, { ...EXAMPLE, more_rows: '1' });
    assert.equal(res.status, 200);
    assert.ok(res.body.includes('name="l5_name"'));
    assert.ok(res.body.includes('value="Antall i jobb etter 12 måneder"'));

    const other = await submit(member.client, base, base, { title: 'Slettes' });
    const otherPath = pathOf(other.location);
    res = await submit(member.client, otherPath, `${otherPath}/slett`);
    assert.equal(res.status, 303);
    assert.equal((await member.client.get(otherPath)).status, 404);
    assert.equal((await submit(member.client, path, `${otherPath}/slett`)).status, 404);
  });

  it('lets only members and coordinators in, and never through another organisation', async () => {
    const created = await submit(member.client, base, base, { title: `Tilgang ${Date.now()}` });
    const path = pathOf(created.location);
    const id = path.split('/').pop();
    const routes = [
      ['GET', base],
      ['POST', base],
      ['GET', path],
      ['POST', path],
      ['POST', `${path}/slett`],
    ];
    const anonymous = new Client(server.url);
    const plain = await userWithRole(server, 'none');
    for (const [method, route] of routes) {
      const a = method === 'GET' ? await anonymous.get(route) : await anonymous.post(route, { _csrf: 'x' });
      assert.ok([302, 303, 403].includes(a.status), `anonymous ${method} ${route}: ${a.status}`);
      if (a.status !== 403) assert.match(pathOf(a.location) ?? '', /^\/logg-inn/);
      for (const [who, user] of [['rival', rival], ['plain user', plain]]) {
        const r = method === 'GET' ? await user.client.get(route) : await submit(user.client, '/', route, { title: 'x' });
        assert.equal(r.status, 403, `${who} ${method} ${route}: ${show(r)}`);
      }
    }
    // The rival's own address with this analysis' number finds nothing.
    const through = `/aktorer/${rival.orgId}/sroi/${id}`;
    assert.equal((await rival.client.get(through)).status, 404);
    assert.equal((await submit(rival.client, `/aktorer/${rival.orgId}/sroi`, through, EXAMPLE)).status, 404);
    assert.equal((await submit(rival.client, `/aktorer/${rival.orgId}/sroi`, `${through}/slett`)).status, 404);
    // A coordinator may help.
    const c = await coordinator.client.get(path);
    assert.equal(c.status, 200);
    assert.equal((await member.client.get(path)).status, 200, 'the analysis is still there');
  });
});
