// Mail goes out over real SMTP: the sign-up and reset mails reach a local SMTP server with the
// right envelope, headers and UTF-8 text, and their links point at SAMSKAP_BASE_URL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  RESET_SUBJECT,
  VERIFY_SUBJECT,
  linkFrom,
  show,
  skipReason,
  startServer,
  strongPassword,
  testEngine,
  uniqueEmail,
  waitForMail,
} from '../support/harness.mjs';

const skip = skipReason();

function assertWellFormed(mail, to) {
  assert.deepEqual(mail.to, [to], 'one recipient, the user');
  assert.ok(mail.from && mail.from.includes('@'), `envelope sender: ${mail.from}`);
  assert.ok(mail.headers.from, `no From header:\n${mail.raw.slice(0, 800)}`);
  assert.ok(mail.headers.date && !Number.isNaN(Date.parse(mail.headers.date)), `no valid Date header: ${mail.headers.date}`);
  assert.ok(mail.headers.to?.includes(to), `To header: ${mail.headers.to}`);
  assert.ok(!mail.text.includes('\uFFFD'), `the text is not valid UTF-8:\n${mail.text}`);
}

describe(`mail over SMTP (${testEngine()})`, { skip }, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('delivers the sign-up mail with a working link and the name in UTF-8', async () => {
    const email = uniqueEmail('post');
    const password = strongPassword();
    const name = 'Åse Ødegård-Æsøy';
    const client = new Client(server.url);
    const after = server.sink.messages.length;
    const res = await client.postForm('/registrer', '/registrer', { name, email, password, password_confirm: password });
    assert.equal(res.status, 303, show(res));
    const mail = await waitForMail(server.sink, { to: email, subject: VERIFY_SUBJECT, after });
    assertWellFormed(mail, email);
    assert.ok(mail.text.includes(name), `the mail does not greet ${name}:\n${mail.text}`);
    const link = linkFrom(mail, server.url, '/bekreft');
    assert.equal((await client.get(link)).status, 303);
  });

  it('delivers the reset mail with a link under the base URL', async () => {
    const email = uniqueEmail('post');
    const password = strongPassword();
    const r = await server.cli(['user', 'add', '--email', email, '--name', 'Post Mottaker', '--role', 'none', '--password', password]);
    assert.equal(r.code, 0, r.stderr);
    const after = server.sink.messages.length;
    const res = await new Client(server.url).postForm('/glemt-passord', '/glemt-passord', { email });
    assert.equal(res.status, 303, show(res));
    const mail = await waitForMail(server.sink, { to: email, subject: RESET_SUBJECT, after });
    assertWellFormed(mail, email);
    const link = linkFrom(mail, server.url, '/nytt-passord');
    assert.equal((await new Client(server.url).get(link)).status, 200);
  });
});
