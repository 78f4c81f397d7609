// Following and the daily digest with two `samskap serve` processes on one database: each user
// with news gets exactly one digest over SMTP, users with nothing new get none, and a second
// round the same day sends nothing. Also the follow page and the follow and unfollow actions.
//
// Needs and their events are written with the SQL the needs store runs (a need row, its tags,
// and a need_events row in one transaction), since the needs pages are not part of this feature.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  run,
  show,
  signIn,
  skipReason,
  startServer,
  strongPassword,
  testEngine,
  textOf,
  uniqueEmail,
} from '../support/harness.mjs';

const skip = skipReason();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FAST = { SAMSKAP_JOBS_POLL_MS: '50', SAMSKAP_DIGEST_INTERVAL_SECONDS: '1' };
const SUBJECT = 'Nytt fra det du følger i Samskap';

// Runs SQL on the servers' database with the engine's own client.
async function sql(server, text) {
  const r =
    server.engine === 'sqlite'
      ? await run('sqlite3', ['-bail', '-cmd', '.timeout 10000', server.dbUrl.replace(/^sqlite:\/\//, ''), text])
      : await run('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', server.dbUrl, '-c', text]);
  assert.equal(r.code, 0, `SQL failed: ${r.stderr}\n${text}`);
  return r.stdout.trim();
}
const isoNow = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

const eventSql = (needId, kind, detail = '') =>
  `INSERT INTO need_events (need_id, kind, detail, created_at) VALUES (${needId}, ${q(kind)}, ${q(detail)}, ${q(isoNow())});`;

// A need in a service area and a municipality; status 'draft' or 'published' (with its event),
// written in one transaction together with `alsoSql` (more events), as the needs store would.
async function need(server, { title, area = 'arbeidsinkludering', municipality = '3907', status = 'published', events = [], alsoSql = '' }) {
  const t = isoNow();
  const published = status === 'draft' ? 'NULL' : q(t);
  const id = '(SELECT MAX(id) FROM needs)';
  let text = `BEGIN;
    INSERT INTO needs (organisation_id, title, status, published_at, created_at, updated_at)
      VALUES ((SELECT MIN(id) FROM organisations), ${q(title)}, ${q(status)}, ${published}, ${q(t)}, ${q(t)});
    INSERT INTO need_service_areas (need_id, slug) VALUES (${id}, ${q(area)});
    INSERT INTO need_municipalities (need_id, municipality_number) VALUES (${id}, ${q(municipality)});`;
  if (status !== 'draft') text += eventSql(id, 'published', 'published');
  for (const [kind, detail] of events) text += eventSql(id, kind, detail);
  text += `${alsoSql} COMMIT; SELECT MAX(id) FROM needs;`;
  return Number(await sql(server, text));
}

async function person(server, name) {
  const email = uniqueEmail('folger');
  const password = strongPassword();
  const r = await server.cli(['user', 'add', '--email', email, '--name', name, '--password', password]);
  assert.equal(r.code, 0, `samskap user add: ${r.stderr}`);
  const client = new Client(server.url);
  await signIn(client, email, password);
  return { email, name, client };
}

async function follow(user, kind, target, expected = 303) {
  const res = await user.client.postForm('/konto/folger', '/konto/folger/folg', { kind, target, next: '/konto/folger' });
  assert.equal(res.status, expected, `follow ${kind} ${target}: ${show(res)}`);
  return res;
}

const mailsTo = (sink, email) => sink.messages.filter((m) => m.to.some((a) => a.toLowerCase() === email.toLowerCase()));

describe(`following and the daily digest, two processes (${testEngine()})`, { skip }, () => {
  let first;
  let second;
  before(async () => {
    first = await startServer({ demo: true, env: FAST });
    second = await startServer({ peerOf: first, sink: first.sink, env: { ...FAST, SAMSKAP_BASE_URL: first.url } });
  });
  after(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('refuses to follow what does not exist or is not public, and lists and drops what one follows', async () => {
    const u = await person(first, 'Frida Følger');
    const draft = await need(first, { title: 'Et utkast', status: 'draft' });
    await follow(u, 'need', String(draft), 404);
    await follow(u, 'need', '999999999', 404);
    await follow(u, 'service_area', 'finnes-ikke', 404);
    await follow(u, 'municipality', '9999', 404);
    let res = await u.client.postForm('/konto/folger', '/konto/folger/folg', { kind: 'nonsense', target: 'x' });
    assert.equal(res.status, 400, show(res));

    const open = await need(first, { title: 'Et åpent behov' });
    await follow(u, 'need', String(open));
    await follow(u, 'need', String(open));  // twice is once
    await follow(u, 'municipality', '3907');
    res = await u.client.get('/konto/folger');
    assert.equal(res.status, 200, show(res));
    const text = textOf(res.body);
    assert.match(text, /Et åpent behov/);
    assert.match(text, /Sandefjord/);
    assert.match(text, /Du følger 1 behov/);
    assert.match(res.body, /id="m-3907"[^>]* checked/);

    // The checkboxes: ticking service areas, unticking the municipality.
    res = await u.client.postForm('/konto/folger', '/konto/folger', { service_areas: 'arbeidsinkludering' });
    assert.equal(res.status, 303, show(res));
    res = await u.client.get('/konto/folger');
    assert.match(res.body, /id="sa-arbeidsinkludering"[^>]* checked/);
    assert.doesNotMatch(res.body, /id="m-3907"[^>]* checked/);
    res = await u.client.postForm('/konto/folger', '/konto/folger', { municipalities: '0000' });
    assert.equal(res.status, 400, show(res));

    res = await u.client.postForm('/konto/folger', '/konto/folger/slutt', { kind: 'need', target: String(open) });
    assert.equal(res.status, 303, show(res));
    res = await u.client.get('/konto/folger');
    assert.doesNotMatch(textOf(res.body), /Et åpent behov/);
    assert.match(textOf(res.body), /Du følger ingen enkeltbehov/);

    // Saving with nothing ticked follows nothing.
    res = await u.client.postForm('/konto/folger', '/konto/folger', {});
    assert.equal(res.status, 303, show(res));
    res = await u.client.get('/konto/folger');
    assert.match(textOf(res.body), /Du følger ingen tjenesteområder eller kommuner ennå/);
    assert.doesNotMatch(res.body, / checked/);
  });

  it('sends each user with news exactly one digest a day, from either process', async () => {
    const sink = first.sink;
    const byArea = [];
    for (let i = 0; i < 4; i++) byArea.push(await person(i % 2 ? first : second, `Område ${i}`));
    const byPlace = await person(second, 'Kari Kommune');
    const byNeed = await person(first, 'Nils Behov');
    const quiet = await person(first, 'Stille Sara');
    const unverified = await person(second, 'Ubekreftet Ulf');

    const early = await need(first, { title: 'Behov fra før', area: 'arbeidsinkludering', municipality: '0301' });
    for (const u of byArea) await follow(u, 'service_area', 'arbeidsinkludering');
    await follow(byPlace, 'municipality', '3907');
    await follow(byNeed, 'need', String(early));
    await follow(quiet, 'municipality', '5001');
    await follow(unverified, 'municipality', '3907');
    await sql(first, `UPDATE users SET verified_at = NULL WHERE email = ${q(unverified.email)}`);

    // Let both schedulers run a few rounds: following alone is not news.
    await sleep(2500);
    const before = sink.messages.length;
    for (const u of [...byArea, byPlace, byNeed, quiet, unverified]) assert.equal(mailsTo(sink, u.email).length, 0, u.email);

    const fresh = await need(first, {
      title: 'Arbeidstrening for unge i Sandefjord',
      events: [['status', 'in_dialogue']],
      alsoSql: eventSql(early, 'answered'),
    });

    const expected = [...byArea, byPlace, byNeed];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !expected.every((u) => mailsTo(sink, u.email).length > 0)) await sleep(100);
    // More rounds in both processes, then count.
    await sleep(3000);
    for (const u of expected) {
      const got = mailsTo(sink, u.email);
      assert.equal(got.length, 1, `${u.email} got ${got.length} digests`);
      assert.equal(got[0].subject, SUBJECT);
      assert.match(got[0].text, new RegExp(`Hei ${u.name}`));
    }
    for (const u of [...byArea, byPlace]) {
      const text = mailsTo(sink, u.email)[0].text;
      assert.match(text, /Arbeidstrening for unge i Sandefjord/);
      assert.match(text, /Publisert; Ny status: I dialog/);
      assert.ok(text.includes(`${first.url}/behov/${fresh}`), text);
    }
    const needText = mailsTo(sink, byNeed.email)[0].text;
    assert.match(needText, /Behov fra før/);
    assert.match(needText, /Nytt svar på et spørsmål/);
    assert.doesNotMatch(needText, /Arbeidstrening/);
    assert.ok(mailsTo(sink, byPlace.email)[0].text.includes(`${first.url}/konto/folger`));
    assert.equal(mailsTo(sink, quiet.email).length, 0, 'nothing new, no mail');
    assert.equal(mailsTo(sink, unverified.email).length, 0, 'unverified users get no mail');
    assert.equal(sink.messages.length - before, expected.length);

    // The same day again: new events, but no second digest.
    const afterFirst = sink.messages.length;
    await need(second, { title: 'Enda et behov samme dag', events: [['status', 'solved']], alsoSql: eventSql(early, 'answered') });
    await sleep(4000);
    assert.equal(sink.messages.length, afterFirst, sink.messages.slice(afterFirst).map((m) => m.to.join()).join(', '));

    // Both processes took part in the work, and every digest job ran once.
    const r = await first.cli(['jobs', 'list', '--all', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const digests = JSON.parse(r.stdout).filter((j) => j.kind === 'digest');
    assert.equal(digests.length, expected.length);
    for (const j of digests) {
      assert.equal(j.state, 'done', JSON.stringify(j));
      assert.equal(j.attempts, 1, JSON.stringify(j));
    }
    const pending = await first.cli(['jobs', 'list']);
    assert.equal(pending.code, 0);
    assert.match(pending.stdout, /Ingen ventende eller feilede jobber/);
  });
});
