// CSRF: every state-changing route refuses a request without the session's own token, for
// anonymous visitors and signed-in users alike, and the refused request changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  fillPattern,
  formsOf,
  inputNamed,
  isUnsafeMethod,
  routeTable,
  show,
  signIn,
  signUp,
  skipReason,
  startServer,
  strongPassword,
  testEngine,
  uniqueEmail,
  userList,
  userWithRole,
} from '../support/harness.mjs';

const skip = skipReason();

// Fields a route might read, so the request is otherwise plausible.
const FIELDS = { name: 'Csrf Test', email: 'csrf@example.no', password: 'Et passord som er langt', password_confirm: 'Et passord som er langt', current_password: 'x' };

const EXPECTED_POST_ROUTES = ['/registrer', '/logg-inn', '/logg-ut', '/glemt-passord', '/nytt-passord/{token}', '/konto/passord', '/konto/slett'];

describe(`CSRF (${testEngine()})`, { skip }, () => {
  let server;
  let unsafe;
  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    // Stateless API routes read no session or cookie, so a token means nothing there (sroi.test.mjs
    // checks that they set no cookie and answer the same whoever asks).
    unsafe = (await routeTable(server)).filter((r) => isUnsafeMethod(r.method) && !r.stateless);
  });
  after(async () => {
    await server?.stop();
  });

  it('the route table has the state-changing routes of the contract', () => {
    const have = unsafe.filter((r) => r.method === 'POST').map((r) => r.pattern);
    for (const p of EXPECTED_POST_ROUTES) assert.ok(have.includes(p), `POST ${p} missing from samskap routes: ${have}`);
  });

  // Sends each route a request with the given token and collects every answer that is not 403.
  async function notRefused(client, token) {
    const wrong = [];
    for (const r of unsafe) {
      const path = fillPattern(r.pattern);
      const fields = token === undefined ? { ...FIELDS } : { ...FIELDS, _csrf: token };
      const res = await client.request(r.method, path, {
        body: new URLSearchParams(fields).toString(),
        contentType: 'application/x-www-form-urlencoded',
      });
      if (res.status !== 403) wrong.push(show(res, 200));
    }
    return wrong;
  }

  it('refuses an anonymous visitor without a token, with a made-up one, or with another visitor\'s', async () => {
    const client = new Client(server.url);
    await client.get('/logg-inn'); // the visitor has a session cookie, so only the token is missing
    const other = new Client(server.url);
    const othersToken = await other.csrf('/logg-inn');
    assert.notEqual(othersToken, await client.csrf('/logg-inn'), 'two visitors must not share a token');
    for (const [what, token] of [
      ['no token', undefined],
      ['an empty token', ''],
      ['a made-up token', 'A'.repeat(43)],
      ["another visitor's token", othersToken],
    ]) {
      const wrong = await notRefused(client, token);
      assert.deepEqual(wrong, [], `with ${what}, these were not refused with 403:\n${wrong.join('\n')}`);
    }
  });

  it('refuses a request that has a token but no session cookie', async () => {
    const token = await new Client(server.url).csrf('/logg-inn');
    const wrong = await notRefused(new Client(server.url), token);
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });

  it('refuses a signed-in user without a token, with a made-up one, or with another session\'s', async () => {
    const { client } = await userWithRole(server, 'none');
    const anonymousToken = await new Client(server.url).csrf('/logg-inn');
    const other = await userWithRole(server, 'none');
    const otherToken = await other.client.csrf('/konto');
    for (const [what, token] of [
      ['no token', undefined],
      ['a made-up token', 'A'.repeat(43)],
      ["an anonymous visitor's token", anonymousToken],
      ["another user's token", otherToken],
    ]) {
      const wrong = await notRefused(client, token);
      assert.deepEqual(wrong, [], `with ${what}, these were not refused with 403:\n${wrong.join('\n')}`);
    }
    assert.equal((await client.get('/konto')).status, 200, 'the refused POST /logg-ut must not sign out');
  });

  it('changes nothing when the token is missing: no deletion, no password change, no sign-up, no sign-in', async () => {
    const email = uniqueEmail('csrf');
    const password = strongPassword();
    const client = new Client(server.url);
    await signUp(client, server.sink, { email, password });
    await signIn(client, email, password);

    const next = strongPassword();
    const change = await client.post('/konto/passord', { current_password: password, password: next, password_confirm: next });
    assert.equal(change.status, 403, show(change));
    const del = await client.post('/konto/slett', { password });
    assert.equal(del.status, 403, show(del));
    const out = await client.post('/logg-ut', {});
    assert.equal(out.status, 403, show(out));
    assert.equal((await client.get('/konto')).status, 200, 'still signed in');
    assert.ok((await userList(server)).some((u) => u.email === email), 'the account must still exist');
    await signIn(new Client(server.url), email, password); // the password is unchanged

    const anonymous = new Client(server.url);
    await anonymous.get('/registrer');
    const newEmail = uniqueEmail('csrf-ny');
    const reg = await anonymous.post('/registrer', { name: 'X', email: newEmail, password: next, password_confirm: next });
    assert.equal(reg.status, 403, show(reg));
    assert.ok(!(await userList(server)).some((u) => u.email === newEmail), 'no account without a token');

    const login = await anonymous.post('/logg-inn', { email, password });
    assert.equal(login.status, 403, show(login));
    assert.equal((await anonymous.get('/konto')).status, 303, 'no sign-in without a token');
  });

  it('does not refuse the same requests with a valid token (the 403s above are about the token)', async () => {
    const user = await userWithRole(server, 'none');
    const wrong = [];
    for (const r of unsafe.filter((x) => x.access === 'everyone' || x.access === 'signed_in')) {
      const client = new Client(server.url);
      await signIn(client, user.email, user.password);
      const token = await client.csrf('/konto');
      const res = await client.request(r.method, fillPattern(r.pattern), {
        body: new URLSearchParams({ _csrf: token }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      });
      if (res.status === 403) wrong.push(show(res, 200));
    }
    assert.deepEqual(wrong, [], `refused although the token was valid:\n${wrong.join('\n')}`);
  });

  it('puts a _csrf field in every POST form', async () => {
    const email = uniqueEmail('skjema');
    const password = strongPassword();
    const anonymous = new Client(server.url);
    const signedIn = new Client(server.url);
    await signUp(signedIn, server.sink, { email, password });
    await signIn(signedIn, email, password);
    const pages = [
      [anonymous, '/'],
      [anonymous, '/registrer'],
      [anonymous, '/logg-inn'],
      [anonymous, '/glemt-passord'],
      [signedIn, '/'],
      [signedIn, '/konto'],
    ];
    let checked = 0;
    for (const [client, path] of pages) {
      const page = await client.get(path);
      assert.equal(page.status, 200, show(page));
      const token = inputNamed(page.body, '_csrf')?.value;
      for (const form of formsOf(page.body).filter((f) => f.method === 'post')) {
        const field = inputNamed(form.html, '_csrf');
        assert.ok(field?.value, `the form to ${form.action} on ${path} has no _csrf`);
        assert.equal(field.type, 'hidden');
        assert.equal(field.value, token, 'one token per session on a page');
        checked++;
      }
    }
    // /registrer, /logg-inn, /glemt-passord, sign-out twice, and the two forms on /konto at least.
    assert.ok(checked >= 7, `only ${checked} POST forms found`);
  });
});
