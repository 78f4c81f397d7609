// Building blocks for marketplace tests: organisations of a kind with a member signed in, needs
// written and published through the real forms. Everything goes through HTTP as a user would.
import assert from 'node:assert/strict';

import { pathOf, randomId, show, userWithRole } from './harness.mjs';

// A form body; array values become repeated fields (checkbox groups, multiple selects).
export function formBody(fields) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== null) body.append(k, String(x));
  }
  return body.toString();
}

// POSTs fields (arrays allowed) with the CSRF token of pagePath.
export async function submit(client, pagePath, actionPath, fields = {}) {
  const _csrf = await client.csrf(pagePath);
  return client.post(actionPath, formBody({ ...fields, _csrf }));
}

// A signed-in user who registered an organisation of `kind` and administers it; the organisation is
// verified by `coordinator` (a {client} of a coordinator) when given. Returns {client, email, name, orgId, orgName}.
export async function memberOf(server, kind, { coordinator = null, orgName = null, municipality = '3907',
  area = 'arbeidsinkludering', description = 'Arbeid og inkludering i Vestfold' } = {}) {
  const user = await userWithRole(server, 'none', { name: `Medlem ${randomId(2)}` });
  const name = orgName ?? `${kind === 'social_enterprise' ? 'Verksted' : 'Etat'} ${randomId(3)}`;
  const res = await submit(user.client, '/aktorer/ny', '/aktorer/ny', {
    name,
    kind,
    short_description: description,
    municipality_number: municipality,
    service_areas: area,
  });
  assert.equal(res.status, 303, `registering ${name}: ${show(res)}`);
  const m = /^\/aktorer\/(\d+)$/.exec(pathOf(res.location));
  assert.ok(m, `registration should lead to the organisation's page: ${show(res)}`);
  if (coordinator) {
    const v = await submit(coordinator.client, `/aktorer/${m[1]}`, `/aktorer/${m[1]}/verifiser`);
    assert.equal(v.status, 303, `verifying ${name}: ${show(v)}`);
  }
  return { ...user, orgId: m[1], orgName: name };
}

// The fields of a complete need; override any of them.
export function needFields(orgId, overrides = {}) {
  return {
    organisation_id: orgId,
    title: `Flere unge i arbeid ${randomId(2)}`,
    situation: 'Mange unge mellom 16 og 25 står utenfor skole og arbeid i Sandefjord.',
    rows: 3,
    k1_description: 'Flere unge i arbeid eller utdanning',
    k1_indicator: 'Andel deltakere i arbeid eller utdanning etter 12 måneder',
    k1_baseline: '20 %',
    k1_target: '40 %',
    k2_description: 'Færre avbrudd underveis',
    service_areas: ['arbeidsinkludering'],
    target_groups: ['unge-utenfor-skole-og-arbeid'],
    municipalities: ['3907'],
    value_min: '500 000',
    value_max: '1 500 000',
    timeframe: 'Oppstart høsten 2027, 12 måneder',
    ...overrides,
  };
}

// Creates a draft through the form and returns its id.
export async function createNeed(owner, overrides = {}) {
  const res = await submit(owner.client, '/behov/ny', '/behov/ny', needFields(owner.orgId, overrides));
  assert.equal(res.status, 303, `creating a need: ${show(res)}`);
  const m = /^\/behov\/(\d+)$/.exec(pathOf(res.location));
  assert.ok(m, `a new need should lead to its page: ${show(res)}`);
  return m[1];
}

// Moves a need to `status` through the owner's status form.
export async function setNeedStatus(owner, id, status, closing_note = '') {
  const res = await submit(owner.client, `/behov/${id}`, `/behov/${id}/status`, { status, closing_note });
  assert.equal(res.status, 303, `status ${status} for need ${id}: ${show(res)}`);
}

// Creates and publishes a need; returns its id.
export async function publishedNeed(owner, overrides = {}) {
  const id = await createNeed(owner, overrides);
  await setNeedStatus(owner, id, 'published');
  return id;
}
