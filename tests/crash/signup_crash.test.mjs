// Crash safety: sign-ups that were answered with success survive a SIGKILL of the server in the
// middle of a burst, and the database opens again intact.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';

import {
  Client,
  csrfFrom,
  run,
  show,
  signIn,
  signUp,
  startServer,
  strongPassword,
  uniqueEmail,
  userList,
} from '../support/harness.mjs';

const CLIENTS = 60;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('crash safety (sqlite)', () => {
  it('keeps every acknowledged sign-up across a SIGKILL', { timeout: 60_000 }, async () => {
    const server = await startServer({ engine: 'sqlite' });
    try {
      // Each client gets its own session and CSRF token first, so the burst is only sign-ups.
      const clients = await Promise.all(
        Array.from({ length: CLIENTS }, async (_, i) => {
          const client = new Client(server.url);
          const page = await client.get('/registrer');
          assert.equal(page.status, 200, show(page));
          return { client, token: csrfFrom(page.body), email: uniqueEmail(`krasj${i}`) };
        }),
      );
      const password = strongPassword();

      const acknowledged = [];
      const outcomes = { success: 0, other: 0, failed: 0 };
      let firstSuccess;
      const gotSuccess = new Promise((resolve) => (firstSuccess = resolve));
      const started = Date.now();
      const burst = clients.map(async ({ client, token, email }) => {
        try {
          const res = await client.post('/registrer', { name: 'Krasj Test', email, password, password_confirm: password, _csrf: token });
          if (res.status === 303 && res.location === '/registrer/sjekk-e-post') {
            acknowledged.push(email);
            outcomes.success++;
            firstSuccess();
          } else {
            outcomes.other++;
          }
        } catch {
          outcomes.failed++; // the connection died with the server
        }
      });

      // Kill at a random moment 100–600 ms in, but not before at least one sign-up was acknowledged,
      // or the test would prove nothing.
      const delay = 100 + Math.floor(Math.random() * 500);
      await sleep(delay);
      let giveUp;
      await Promise.race([gotSuccess, new Promise((r) => (giveUp = setTimeout(r, 10_000)))]);
      clearTimeout(giveUp);
      const killedAt = Date.now() - started;
      const answeredBeforeKill = acknowledged.length;
      const killed = await server.kill('SIGKILL');
      assert.equal(killed.signal, 'SIGKILL', `the server was not killed: ${JSON.stringify(killed)}`);
      await Promise.all(burst);
      console.log(
        `killed after ${killedAt} ms (planned ${delay} ms): ${outcomes.success} acknowledged ` +
          `(${answeredBeforeKill} before the kill), ${outcomes.other} other answers, ${outcomes.failed} cut off`,
      );
      assert.equal(outcomes.other, 0, 'every answered sign-up should have succeeded');
      assert.ok(acknowledged.length > 0, 'no sign-up was acknowledged before the kill');

      // The database must still be sound as a file, before the server touches it again.
      const file = server.dbUrl.replace(/^sqlite:\/\//, '');
      if (existsSync('/usr/bin/sqlite3')) {
        const check = await run('/usr/bin/sqlite3', [file, 'PRAGMA integrity_check;']);
        assert.equal(check.stdout.trim(), 'ok', `integrity_check: ${check.stdout}${check.stderr}`);
      }

      await server.restart();
      const users = await userList(server);
      const stored = new Set(users.map((u) => u.email));
      const lost = acknowledged.filter((e) => !stored.has(e));
      assert.deepEqual(lost, [], `acknowledged sign-ups lost in the crash (${lost.length} of ${acknowledged.length})`);
      assert.equal(stored.size, users.length, 'an e-mail address is stored twice');

      const health = await new Client(server.url).get('/healthz');
      assert.equal(health.status, 200, show(health));
      const email = uniqueEmail('etter');
      const newPassword = strongPassword();
      const client = new Client(server.url);
      await signUp(client, server.sink, { email, password: newPassword });
      await signIn(client, email, newPassword);
      assert.equal((await client.get('/konto')).status, 200);
    } catch (error) {
      error.message += `\n--- server output ---\n${server.tail(3000)}`;
      throw error;
    } finally {
      await server.stop();
    }
  });
});
