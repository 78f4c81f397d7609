// Impact plans on both engines, with the demo data: the indicator library validates what is typed
// and keeps it; shared indicators are the coordinators' and an organisation's own are its members';
// a plan's measurements are shown against its baseline and target; a programme's required
// indicators must be chosen before step 4 is saved; another organisation's member gets 403 on every
// plan and Ferd route while visitors see only public pages; and a good story about a person is
// never public until consent is recorded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, pathOf, show, skipReason, startServer, testEngine, textOf, userWithRole } from '../support/harness.mjs';
import { formBody, memberOf, submit } from '../support/market.mjs';

const skip = skipReason();
const SCHEME = 'Tilskudd til samarbeid med sosiale entreprenører';
const STEPS = ['situasjon', 'mal', 'malgrupper', 'indikatorer', 'nullpunkt', 'malinger', 'evaluering'];

// POSTs fields with a CSRF token taken from tokenPage (any page the client may see).
async function postWith(client, tokenPage, action, fields = {}) {
  const _csrf = await client.csrf(tokenPage);
  return client.post(action, formBody({ ...fields, _csrf }));
}

// The id of a shared indicator on the public list, by its name.
async function indicatorId(client, name) {
  const res = await client.get('/indikatorer');
  const m = new RegExp(`<a href="/indikatorer/(\\d+)">${name}</a>`).exec(res.body);
  assert.ok(m, `the library lists «${name}»`);
  return m[1];
}

async function startPlan(member, fields = {}) {
  const res = await submit(member.client, '/effekt/planer', '/effekt/planer', {
    organisation_id: member.orgId, title: 'Effektplan for verkstedet', project: 'Verksted for unge', ...fields,
  });
  assert.equal(res.status, 303, show(res));
  const m = /^\/effekt\/planer\/(\d+)\/situasjon$/.exec(pathOf(res.location));
  assert.ok(m, `a new plan leads to step 1: ${res.location}`);
  return m[1];
}

describe(`impact plans (${testEngine()})`, { skip }, () => {
  let server;
  let coordinator;
  let member;
  let outsider;
  let visitor;
  let schemeId;
  let plan;

  before(async () => {
    server = await startServer({ demo: true, env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    coordinator = await userWithRole(server, 'coordinator');
    member = await memberOf(server, 'social_enterprise', { coordinator });
    outsider = await memberOf(server, 'social_enterprise');
    visitor = new Client(server.url);
    const req = await coordinator.client.get('/indikatorer/programkrav');
    assert.equal(req.status, 200, show(req));
    const m = new RegExp(`<a href="/indikatorer/programkrav/(\\d+)">${SCHEME}</a>`).exec(req.body);
    assert.ok(m, 'the demo scheme is listed for coordinators');
    schemeId = m[1];
  });
  after(async () => {
    await server?.stop();
  });

  it('lists the seeded shared indicators publicly, filtered by level', async () => {
    const all = await visitor.get('/indikatorer');
    assert.equal(all.status, 200, show(all));
    const text = textOf(all.body);
    for (const name of ['Deltakere som startet', 'Deltakere som fullførte', 'Deltakere over i lønnet arbeid',
      'Deltakere over i utdanning', 'Fortsatt i arbeid etter 6 måneder', 'Fortsatt i arbeid etter 12 måneder',
      'Redusert avhengighet av sosialhjelp', 'Selvrapportert livskvalitet']) assert.ok(text.includes(name), name);
    const effects = textOf((await visitor.get('/indikatorer?niva=effekt')).body);
    assert.ok(effects.includes('Fortsatt i arbeid etter 12 måneder'));
    assert.ok(!effects.includes('Deltakere som startet'), 'results are filtered out at the impact level');
    const id = await indicatorId(visitor, 'Deltakere over i lønnet arbeid');
    const page = textOf((await visitor.get(`/indikatorer/${id}`)).body);
    assert.match(page, /Teller Deltakere i lønnet arbeid ved avslutning/);
    assert.equal((await visitor.get('/indikatorer/999999')).status, 404);
  });

  it('validates an indicator, keeps what was typed, and lets only its owners change it', async () => {
    const bad = await submit(member.client, '/indikatorer/ny', '/indikatorer/ny', {
      owner: member.orgId, name: 'Timer i arbeidstrening', definition: '', numerator: 'Timer gjennomført',
      denominator: '', level: 'middels', unit: '', direction: 'up', aggregate: 'alt',
    });
    assert.equal(bad.status, 422, show(bad));
    const text = textOf(bad.body);
    assert.match(bad.body, /ds-error-summary/);
    assert.match(text, /Skriv hvordan indikatoren er definert/);
    assert.match(text, /Skriv nevneren, eller fjern telleren/);
    assert.match(text, /Velg nivå: resultat, virkning eller effekt/);
    assert.match(text, /Skriv enheten/);
    assert.match(text, /Velg om tallene skal summeres eller vises som gjennomsnitt/);
    assert.match(bad.body, /value="Timer i arbeidstrening"/);
    assert.match(bad.body, /value="Timer gjennomført"/);

    // A member cannot make a shared indicator, nor one for an organisation they do not belong to.
    const shared = await submit(member.client, '/indikatorer/ny', '/indikatorer/ny', {
      owner: 'felles', name: 'Felles forsøk', definition: 'x', level: 'resultat', unit: 'timer', direction: 'up', aggregate: 'sum',
    });
    assert.equal(shared.status, 422, show(shared));
    assert.match(textOf(shared.body), /Velg hvem indikatoren tilhører/);
    const foreign = await submit(member.client, '/indikatorer/ny', '/indikatorer/ny', {
      owner: outsider.orgId, name: 'Fremmed', definition: 'x', level: 'resultat', unit: 'timer', direction: 'up', aggregate: 'sum',
    });
    assert.equal(foreign.status, 422, show(foreign));

    const ok = await submit(member.client, '/indikatorer/ny', '/indikatorer/ny', {
      owner: member.orgId, name: 'Timer i arbeidstrening', definition: 'Timer deltakerne har vært i arbeidstrening.',
      level: 'resultat', unit: 'timer', direction: 'up', aggregate: 'sum', catalogue_code: '',
    });
    assert.equal(ok.status, 303, show(ok));
    const own = /^\/indikatorer\/(\d+)$/.exec(pathOf(ok.location))[1];
    const listed = textOf((await visitor.get('/indikatorer?niva=resultat')).body);
    assert.ok(listed.includes('Timer i arbeidstrening') && listed.includes(member.orgName), 'own indicator listed with its owner');

    // Its owners may edit it; another organisation's member and a coordinator may not.
    assert.equal((await member.client.get(`/indikatorer/${own}/rediger`)).status, 200);
    assert.equal((await outsider.client.get(`/indikatorer/${own}/rediger`)).status, 403);
    const edit = await postWith(outsider.client, '/konto', `/indikatorer/${own}/rediger`, {
      name: 'Kapret', definition: 'x', level: 'resultat', unit: 'timer', direction: 'up', aggregate: 'sum',
    });
    assert.equal(edit.status, 403, show(edit));
    // Shared indicators are the coordinators'.
    const sharedId = await indicatorId(visitor, 'Deltakere som startet');
    assert.equal((await member.client.get(`/indikatorer/${sharedId}/rediger`)).status, 403);
    const cedit = await submit(coordinator.client, `/indikatorer/${sharedId}/rediger`, `/indikatorer/${sharedId}/rediger`, {
      name: 'Deltakere som startet', definition: 'Antall personer som startet i tiltaket i perioden (inntak).',
      level: 'resultat', unit: 'personer', direction: 'up', aggregate: 'sum',
    });
    assert.equal(cedit.status, 303, show(cedit));
    assert.match(textOf((await visitor.get(`/indikatorer/${sharedId}`)).body), /\(inntak\)/);
    const created = await submit(coordinator.client, '/indikatorer/ny', '/indikatorer/ny', {
      owner: 'felles', name: 'Deltakere med fagbrev', definition: 'Deltakere som har tatt fagbrev.',
      numerator: 'Deltakere med fagbrev', denominator: 'Deltakere som fullførte', level: 'effekt', unit: 'prosent',
      direction: 'up', aggregate: 'mean',
    });
    assert.equal(created.status, 303, show(created));
  });

  it('enforces the programme\'s required indicators in step 4, naming the missing ones', async () => {
    const working = await indicatorId(visitor, 'Deltakere over i lønnet arbeid');
    const twelve = await indicatorId(visitor, 'Fortsatt i arbeid etter 12 måneder');
    const started = await indicatorId(visitor, 'Deltakere som startet');
    const quality = await indicatorId(visitor, 'Selvrapportert livskvalitet');
    // The coordinator sets the scheme's requirements (replacing the demo's).
    const req = await submit(coordinator.client, `/indikatorer/programkrav/${schemeId}`, `/indikatorer/programkrav/${schemeId}`, {
      indicators: [working, twelve],
    });
    assert.equal(req.status, 303, show(req));
    assert.equal((await member.client.get(`/indikatorer/programkrav/${schemeId}`)).status, 403, 'members cannot set requirements');

    plan = await startPlan(member, { scheme_id: schemeId });
    const base = `/effekt/planer/${plan}`;
    const page = await member.client.get(`${base}/indikatorer`);
    assert.match(textOf(page.body), /krever disse indikatorene: «Deltakere over i lønnet arbeid», «Fortsatt i arbeid etter 12 måneder»/);
    const missing = await submit(member.client, `${base}/indikatorer`, `${base}/indikatorer`, {
      indicators: [started, working], go: 'next',
    });
    assert.equal(missing.status, 422, show(missing));
    const text = textOf(missing.body);
    assert.match(text, new RegExp(`Programmet «${SCHEME}» krever disse indikatorene, som ikke er valgt: «Fortsatt i arbeid etter 12 måneder»`));
    assert.ok(!/ikke er valgt: [^.]*Deltakere over i lønnet arbeid/.test(text), 'a chosen one is not named as missing');
    assert.match(missing.body, new RegExp(`id="ind-${started}" value="${started}" checked`), 'the choice is kept');
    // Nothing was saved.
    assert.match(textOf((await member.client.get(base)).body), /Ingen indikatorer er valgt ennå/);

    const ok = await submit(member.client, `${base}/indikatorer`, `${base}/indikatorer`, {
      indicators: [started, working, twelve, quality], go: 'next',
    });
    assert.equal(ok.status, 303, show(ok));
    assert.equal(pathOf(ok.location), `${base}/nullpunkt`);
  });

  it('shows measurements against the baseline and target, and saves every step', async () => {
    const c = member.client;
    const base = `/effekt/planer/${plan}`;
    const working = await indicatorId(visitor, 'Deltakere over i lønnet arbeid');
    let res = await submit(c, `${base}/situasjon`, `${base}/situasjon`, { text: 'Mange unge står utenfor arbeid.', go: 'next' });
    assert.equal(pathOf(res.location), `${base}/mal`);
    res = await submit(c, `${base}/mal`, `${base}/mal`, { text: 'Flere unge i varig arbeid.', go: 'stay' });
    assert.equal(pathOf(res.location), `${base}/mal`);
    // Target groups: a row without a name is pointed out, the rest kept.
    res = await submit(c, `${base}/malgrupper`, `${base}/malgrupper`, {
      rows: 3, g1_name: 'Unge 18–25', g1_size: '40', g1_characteristics: 'Uten fullført videregående',
      g2_name: '', g2_size: 'mange', go: 'next',
    });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Skriv navnet på målgruppen, eller tøm raden/);
    assert.match(textOf(res.body), /Skriv et helt tall, 0 eller mer/);
    assert.match(res.body, /value="Unge 18–25"/);
    res = await submit(c, `${base}/malgrupper`, `${base}/malgrupper`, {
      rows: 3, g1_name: 'Unge 18–25', g1_size: '40', g1_characteristics: 'Uten fullført videregående', go: 'next',
    });
    assert.equal(res.status, 303, show(res));

    // Baseline: a value without a date, and a bad number, are refused.
    res = await submit(c, `${base}/nullpunkt`, `${base}/nullpunkt`, {
      [`b${working}_value`]: '20', [`b${working}_date`]: '', [`b${working}_target`]: 'førti',
    });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Skriv datoen for nullpunktet/);
    assert.match(textOf(res.body), /Skriv et tall, for eksempel 12 eller 12,5/);
    assert.match(res.body, /value="førti"/);
    res = await submit(c, `${base}/nullpunkt`, `${base}/nullpunkt`, {
      [`b${working}_value`]: '20', [`b${working}_date`]: '2026-01-15', [`b${working}_target`]: '40',
    });
    assert.equal(res.status, 303, show(res));

    // Two measurements, one of them over a period; a bad date is refused without losing the value.
    res = await submit(c, `${base}/malinger`, `${base}/malinger`, {
      schedule: 'Hvert halvår', indicator_id: working, measured_on: '30.06.2026', value: '25', sample_size: '12',
    });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Skriv datoen som ÅÅÅÅ-MM-DD/);
    assert.match(res.body, /value="30.06.2026"/);
    res = await submit(c, `${base}/malinger`, `${base}/malinger`, {
      schedule: 'Hvert halvår', indicator_id: working, measured_on: '2026-06-30', value: '25', sample_size: '12',
      evidence: 'Deltakerregisteret',
    });
    assert.equal(res.status, 303, show(res));
    assert.equal(pathOf(res.location), `${base}/malinger`, 'stays to add another');
    res = await submit(c, `${base}/malinger`, `${base}/malinger`, {
      schedule: 'Hvert halvår', indicator_id: working, measured_on: '2026-07-01', period_end: '2026-12-31',
      value: '33,3', sample_size: '15', go: 'next',
    });
    assert.equal(pathOf(res.location), `${base}/evaluering`);
    res = await submit(c, `${base}/evaluering`, `${base}/evaluering`, {
      held_on: '2027-01-20', findings: 'Flere i arbeid enn ventet.', adjustments: 'Oppfølging etter overgang.', go: 'next',
    });
    assert.equal(pathOf(res.location), base);

    const page = await c.get(base);
    assert.equal(page.status, 200, show(page));
    const text = textOf(page.body);
    assert.match(text, /Nullpunkt: 20 \(15\.01\.2026\) · Mål: 40/);
    assert.match(text, /30\.06\.2026 25 \+5 \(bedre\) Ikke nådd 12 Deltakerregisteret/);
    assert.match(text, /01\.07\.2026–31\.12\.2026 33,3 \+13,3 \(bedre\) Ikke nådd 15/);
    assert.match(page.body, /<svg class="site-chart" role="img" aria-labelledby="chart-\d+-title chart-\d+-desc"/);
    assert.match(page.body, /<title id="chart-\d+-title">Utvikling for Deltakere over i lønnet arbeid<\/title>/);
    assert.match(text, /Unge 18–25 40 Uten fullført videregående/);
    assert.match(text, /Flere i arbeid enn ventet/);
    // Steps 1–3, 4 (all required chosen), 6 and 7 are complete; step 5 lacks baselines for three indicators.
    assert.match(text, /6 av 7 steg er fullført/);

    // Coordinators read the plan but cannot change it.
    assert.equal((await coordinator.client.get(base)).status, 200);
    assert.equal((await coordinator.client.get(`${base}/situasjon`)).status, 403);
  });

  it('refuses another organisation\'s member on every plan and Ferd route, and visitors on all but public pages', async () => {
    const base = `/effekt/planer/${plan}`;
    const gets = [base, ...STEPS.map((s) => `${base}/${s}`), `/effekt/aktorer/${member.orgId}/ferd`,
      `/effekt/aktorer/${member.orgId}/ferd/2026`, `/effekt/aktorer/${member.orgId}/ferd/aar?aar=2026`, '/effekt/ferd'];
    for (const path of gets) {
      const res = await outsider.client.get(path);
      assert.equal(res.status, 403, `${path}: ${show(res)}`);
      const anon = await visitor.get(path);
      assert.ok(anon.status === 303 && pathOf(anon.location) === '/logg-inn', `${path} for a visitor: ${show(anon)}`);
    }
    const posts = [...STEPS.map((s) => `${base}/${s}`), `/effekt/aktorer/${member.orgId}/ferd/2026`];
    for (const path of posts) {
      const res = await postWith(outsider.client, '/konto', path, { text: 'kapret', high_contact: '1', go: 'next' });
      assert.equal(res.status, 403, `POST ${path}: ${show(res)}`);
    }
    // Starting a plan for someone else's organisation is refused like a wrong choice.
    const start = await postWith(outsider.client, '/konto', '/effekt/planer', { organisation_id: member.orgId, title: 'Kapret' });
    assert.equal(start.status, 422, show(start));
    assert.match(textOf(start.body), /Velg en virksomhet du er medlem av/);
    // Nothing changed.
    assert.match(textOf((await member.client.get(base)).body), /Mange unge står utenfor arbeid/);
    assert.ok(!textOf((await member.client.get('/effekt/planer')).body).includes('Kapret'));
    // The outsider's own plan list does not show the member's plan.
    assert.ok(!(await outsider.client.get('/effekt/planer')).body.includes(`href="${base}"`));
    // Public pages.
    assert.equal((await visitor.get('/indikatorer')).status, 200);
    assert.equal((await visitor.get(`/effekt/aktorer/${member.orgId}`)).status, 200);
  });

  it('never shows a good story about a person publicly without consent recorded', async () => {
    const c = member.client;
    const form = `/effekt/aktorer/${member.orgId}/ferd/2026`;
    const story = `Kari fikk fast jobb etter to år i verkstedet ${Date.now()}.`;
    // Consent without a person is refused; a negative result and Norwegian amounts are read.
    let res = await submit(c, form, form, {
      high_contact: '12', low_contact: '40', success_criterion: 'I arbeid etter seks måneder', success_percent: '45',
      revenue: '2 500 000', result: '-150 000', story, story_consent: '1',
    });
    assert.equal(res.status, 422, show(res));
    assert.match(textOf(res.body), /Samtykke gjelder bare historier om en bestemt person/);
    assert.ok(res.body.includes(story), 'the story typed is kept');
    res = await submit(c, form, form, {
      high_contact: '12', low_contact: '40', success_criterion: 'I arbeid etter seks måneder', success_percent: '45',
      revenue: '2 500 000', result: '-150 000', story, story_about_person: '1',
    });
    assert.equal(res.status, 303, show(res));

    const publicPage = await visitor.get(`/effekt/aktorer/${member.orgId}`);
    assert.equal(publicPage.status, 200);
    const pub = textOf(publicPage.body);
    assert.match(pub, /2026 12 40 I arbeid etter seks måneder 45 % 2 500 000 kr −150 000 kr/);
    assert.ok(!pub.includes(story), 'no consent: the story is not public');
    // Signed-in users who are not members see the public page the same way.
    assert.ok(!(await outsider.client.get(`/effekt/aktorer/${member.orgId}`)).body.includes(story));
    // Members and coordinators see it, marked as not public.
    const own = textOf((await c.get(`/effekt/aktorer/${member.orgId}/ferd`)).body);
    assert.ok(own.includes(story));
    assert.match(own, /Vises ikke offentlig: samtykke mangler/);
    assert.ok(textOf((await coordinator.client.get(`/effekt/aktorer/${member.orgId}/ferd`)).body).includes(story));
    // The portfolio lists the figures, never stories.
    const portfolio = await coordinator.client.get('/effekt/ferd?aar=2026');
    assert.equal(portfolio.status, 200, show(portfolio));
    assert.ok(textOf(portfolio.body).includes(member.orgName));
    assert.ok(!portfolio.body.includes(story));
    assert.equal((await member.client.get('/effekt/ferd')).status, 403, 'the portfolio is for coordinators');

    // With consent recorded the story is public.
    res = await submit(c, form, form, {
      high_contact: '12', low_contact: '40', success_criterion: 'I arbeid etter seks måneder', success_percent: '45',
      revenue: '2 500 000', result: '-150 000', story, story_about_person: '1', story_consent: '1',
    });
    assert.equal(res.status, 303, show(res));
    assert.ok(textOf((await visitor.get(`/effekt/aktorer/${member.orgId}`)).body).includes(story));
    // The demo: Medarbeiderne AS's story of 2024 has consent, the one of 2025 has not.
    const all = await coordinator.client.get('/effekt/ferd');
    const m = /<a href="\/effekt\/aktorer\/(\d+)\/ferd">Medarbeiderne AS<\/a>/.exec(all.body);
    assert.ok(m, 'the demo enterprise is in the portfolio');
    const demo = textOf((await visitor.get(`/effekt/aktorer/${m[1]}`)).body);
    assert.match(demo, /En kantinemedarbeider som kom til oss rett fra behandling/);
    assert.ok(!demo.includes('Ola (navnet er endret)'), 'the demo story without consent is not public');
  });
});
