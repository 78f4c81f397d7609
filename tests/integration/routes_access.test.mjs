// Walks `samskap routes --json` and checks that every route refuses the wrong people: anonymous
// visitors on anything not public, users without a role on role routes, and that public pages
// do not fail. New routes are covered without touching this file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  fillPattern,
  hasParams,
  isUnsafeMethod,
  pathOf,
  routeTable,
  show,
  skipReason,
  startServer,
  testEngine,
  userWithRole,
} from '../support/harness.mjs';

const skip = skipReason();
const ACCESS_KINDS = ['everyone', 'signed_in', 'role', 'predicate'];

// Sends the route's request as `client`; POSTs carry the client's own valid CSRF token, so a
// refusal is about access and not about the token.
async function call(client, route, tokenPage) {
  const path = fillPattern(route.pattern);
  if (!isUnsafeMethod(route.method)) return client.request(route.method, path);
  const _csrf = await client.csrf(tokenPage);
  return client.request(route.method, path, {
    body: new URLSearchParams({ _csrf }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  });
}

const isSignInRedirect = (res) => res.status === 303 && pathOf(res.location) === '/logg-inn';

describe(`route access (${testEngine()})`, { skip }, () => {
  let server;
  let routes;
  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    routes = await routeTable(server);
  });
  after(async () => {
    await server?.stop();
  });

  it('every route declares who may call it', () => {
    const bad = routes.filter((r) => !ACCESS_KINDS.includes(r.access));
    assert.deepEqual(bad, [], `routes without a declared access rule: ${JSON.stringify(bad)}`);
    for (const r of routes) {
      assert.ok(r.method && r.pattern?.startsWith('/'), `malformed route ${JSON.stringify(r)}`);
      if (r.access === 'role') assert.ok(Array.isArray(r.roles) && r.roles.length > 0, `a role route without roles: ${JSON.stringify(r)}`);
    }
    const key = (r) => `${r.method} ${r.pattern}`;
    assert.equal(new Set(routes.map(key)).size, routes.length, 'a route is registered twice');
  });

  it('declares the contract\'s account routes as expected', () => {
    const access = (method, pattern) => routes.find((r) => r.method === method && r.pattern === pattern)?.access;
    for (const [method, pattern, expected] of [
      ['GET', '/', 'everyone'],
      ['GET', '/healthz', 'everyone'],
      ['GET', '/registrer', 'everyone'],
      ['POST', '/registrer', 'everyone'],
      ['GET', '/logg-inn', 'everyone'],
      ['POST', '/logg-inn', 'everyone'],
      ['GET', '/bekreft/{token}', 'everyone'],
      ['GET', '/nytt-passord/{token}', 'everyone'],
      ['POST', '/logg-ut', 'signed_in'],
      ['GET', '/konto', 'signed_in'],
      ['GET', '/konto/data', 'signed_in'],
      ['POST', '/konto/passord', 'signed_in'],
      ['POST', '/konto/slett', 'signed_in'],
      ['GET', '/admin/brukere', 'role'],
    ]) {
      assert.equal(access(method, pattern), expected, `${method} ${pattern}`);
    }
    assert.deepEqual(routes.find((r) => r.pattern === '/admin/brukere').roles, ['admin']);
  });

  it('refuses an anonymous visitor on every route that is not public', async () => {
    const wrong = [];
    let checked = 0;
    for (const r of routes.filter((x) => x.access !== 'everyone')) {
      const res = await call(new Client(server.url), r, '/logg-inn');
      checked++;
      if (!(res.status === 401 || res.status === 403 || isSignInRedirect(res))) wrong.push(show(res, 200));
    }
    assert.ok(checked >= 5, `only ${checked} non-public routes`);
    assert.deepEqual(wrong, [], `served to an anonymous visitor:\n${wrong.join('\n')}`);
  });

  it('refuses a signed-in user without a role on every role route (and predicate routes)', async () => {
    const user = await userWithRole(server, 'none');
    const wrong = [];
    const restricted = routes.filter((x) => x.access === 'role' || x.access === 'predicate');
    assert.ok(restricted.some((r) => r.access === 'role'), 'no role routes in the table (expected at least /admin/brukere)');
    for (const r of restricted) {
      const res = await call(user.client, r, '/konto');
      const ok = r.access === 'role' ? res.status === 403 : res.status === 403 || res.status === 404;
      if (!ok) wrong.push(`[${r.access}] ${show(res, 200)}`);
    }
    assert.deepEqual(wrong, [], `served to a user without a role:\n${wrong.join('\n')}`);
    assert.equal((await user.client.get('/konto')).status, 200, 'the user was signed in throughout');
  });

  it('refuses a coordinator on role routes that are not theirs, and serves those that are', async () => {
    const coordinator = await userWithRole(server, 'coordinator');
    const wrong = [];
    let checked = 0;
    for (const r of routes.filter((x) => x.access === 'role')) {
      const theirs = r.roles.includes('coordinator');
      if (theirs && (hasParams(r.pattern) || r.method !== 'GET')) continue;
      checked++;
      const res = await call(coordinator.client, r, '/konto');
      if (theirs ? res.status !== 200 : res.status !== 403) wrong.push(`[roles ${r.roles}] ${show(res, 200)}`);
    }
    assert.ok(checked > 0, 'no role routes checked');
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });

  it('serves an admin every role route for admins (GET, without parameters)', async () => {
    const admin = await userWithRole(server, 'admin');
    const targets = routes.filter((r) => r.access === 'role' && r.roles.includes('admin') && r.method === 'GET' && !hasParams(r.pattern));
    assert.ok(targets.length > 0, 'no admin pages in the route table');
    for (const r of targets) {
      const res = await admin.client.get(r.pattern);
      assert.equal(res.status, 200, show(res));
    }
  });

  it('serves a signed-in user every signed-in GET route without parameters', async () => {
    const user = await userWithRole(server, 'none');
    for (const r of routes.filter((x) => x.access === 'signed_in' && x.method === 'GET' && !hasParams(x.pattern))) {
      const res = await user.client.get(r.pattern);
      assert.equal(res.status, 200, show(res));
    }
  });

  it('answers every public GET route without parameters without a server error, signed in or not', async () => {
    const user = await userWithRole(server, 'none');
    const publicGets = routes.filter((r) => r.access === 'everyone' && r.method === 'GET' && !hasParams(r.pattern));
    assert.ok(publicGets.length >= 5, `only ${publicGets.length} public pages`);
    const wrong = [];
    for (const r of publicGets) {
      for (const client of [new Client(server.url), user.client]) {
        const res = await client.get(r.pattern);
        if (res.status >= 500) wrong.push(show(res, 300));
      }
    }
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });

  it('answers public routes with parameters set to junk without a server error', async () => {
    const wrong = [];
    for (const r of routes.filter((x) => x.access === 'everyone' && hasParams(x.pattern))) {
      const res = await call(new Client(server.url), r, '/logg-inn');
      if (res.status >= 500) wrong.push(show(res, 300));
    }
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });
});
