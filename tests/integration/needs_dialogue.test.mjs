// The open dialogue on a need, on both engines: signed-in users ask anonymous questions that
// everyone who can see the need reads with the owner's answers (equal treatment); the owner keeps
// a dialogue log whose edits are new versions with a reason (verifiability); drafts stay hidden;
// bad input is explained and nothing typed is lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, pathOf, run, show, skipReason, startServer, testEngine, textOf, userWithRole } from '../support/harness.mjs';
import { createNeed, memberOf, publishedNeed, setNeedStatus, submit } from '../support/market.mjs';

const skip = skipReason();

// One value from the server's database (for what no page shows, like the followers' events).
async function sqlValue(server, sql) {
  const r = server.dbUrl.startsWith('sqlite://')
    ? await run('sqlite3', [server.dbUrl.slice('sqlite://'.length), sql])
    : await run('psql', ['-X', '-A', '-t', '-q', server.dbUrl, '-c', sql]);
  assert.equal(r.code, 0, `${sql}: ${r.stderr}`);
  return r.stdout.trim();
}

const isoDate = (d) => d.toISOString().slice(0, 10);
const norwegianDate = (iso) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

describe(`needs dialogue (${testEngine()})`, { skip }, () => {
  let server;
  let coordinator;
  let owner; // member of the verified municipality that owns the need
  let asker; // a social enterprise's member who asks
  let second; // another social enterprise
  let visitor;
  let needId;
  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    coordinator = await userWithRole(server, 'coordinator');
    owner = await memberOf(server, 'municipality', { coordinator });
    asker = await memberOf(server, 'social_enterprise', { orgName: 'Spørreverkstedet AS' });
    second = await memberOf(server, 'social_enterprise');
    visitor = new Client(server.url);
    needId = await publishedNeed(owner, { title: 'Arbeidstrening for unge i Sandefjord' });
  });
  after(async () => {
    await server?.stop();
  });

  it('shows anonymous questions and the owner\'s answers to everyone, and tells followers', async () => {
    const base = `/behov/${needId}/sporsmal`;
    const anon = await visitor.get(base);
    assert.equal(anon.status, 200, show(anon));
    assert.match(textOf(anon.body), /Logg inn for å stille et spørsmål/);
    assert.match(textOf(anon.body), /likebehandling, gjennomsiktighet og etterprøvbarhet/);

    const question = 'Kan deltakerne starte i januar, og hvor mange plasser ønsker dere?';
    const asked = await submit(asker.client, base, base, { question });
    assert.equal(asked.status, 303, show(asked));
    assert.equal(pathOf(asked.location), base);
    const qid = /#sporsmal-(\d+)$/.exec(asked.location)?.[1];
    assert.ok(qid, asked.location);
    assert.equal(await sqlValue(server, `SELECT COUNT(*) FROM need_events WHERE need_id = ${needId} AND kind = 'answered'`), '0');

    // Only the owner answers: not the asker, not another enterprise, not a visitor.
    const answerPath = `${base}/${qid}/svar`;
    for (const client of [asker.client, second.client]) {
      const res = await submit(client, base, answerPath, { answer: 'Et svar fra feil person' });
      assert.equal(res.status, 403, show(res));
    }
    const anonAnswer = await submit(visitor, '/logg-inn', answerPath, { answer: 'x' });
    assert.equal(anonAnswer.status, 401, show(anonAnswer));

    // The owner sees it waiting with an answer form; an empty answer is refused.
    const ownerPage = await owner.client.get(base);
    assert.match(textOf(ownerPage.body), /1 spørsmål, 1 ubesvart/);
    assert.match(ownerPage.body, new RegExp(`action="${answerPath}"`));
    const empty = await submit(owner.client, base, answerPath, { answer: '   ' });
    assert.equal(empty.status, 422, show(empty));
    assert.match(empty.body, /ds-error-summary/);
    assert.match(textOf(empty.body), /Skriv svaret\./);

    const answer = 'Ja, oppstart i januar går fint. Vi ønsker tolv plasser.';
    const answered = await submit(owner.client, base, answerPath, { answer });
    assert.equal(answered.status, 303, show(answered));
    assert.equal(await sqlValue(server, `SELECT COUNT(*) FROM need_events WHERE need_id = ${needId} AND kind = 'answered'`), '1');

    // Answers are final: a second answer changes nothing.
    const again = await submit(owner.client, base, answerPath, { answer: 'Et nytt svar' });
    assert.equal(again.status, 303, show(again));
    const afterAgain = await owner.client.follow(again);
    assert.match(textOf(afterAgain.body), /allerede besvart/);
    assert.doesNotMatch(afterAgain.body, /Et nytt svar/);
    assert.equal(await sqlValue(server, `SELECT COUNT(*) FROM need_events WHERE need_id = ${needId} AND kind = 'answered'`), '1');

    // A second enterprise, a visitor and a coordinator all see the question and the answer, in
    // HTML and JSON, and nobody (the owner included) sees who asked.
    const pages = [];
    for (const client of [second.client, visitor, coordinator.client, owner.client]) {
      const page = await client.get(base);
      assert.equal(page.status, 200, show(page));
      assert.match(page.body, /Kan deltakerne starte i januar/);
      assert.match(page.body, /Vi ønsker tolv plasser/);
      const json = await client.get(`/api/v1${base}`);
      assert.equal(json.status, 200, show(json));
      const data = json.json();
      assert.equal(data.total, 1);
      assert.equal(data.unanswered, 0);
      assert.equal(data.results[0].question, question);
      assert.equal(data.results[0].answer, answer);
      assert.deepEqual(Object.keys(data.results[0]).sort(), ['answer', 'answered_at', 'asked_at', 'id', 'question']);
      pages.push(page.body, json.body, (await client.get(`/behov/${needId}`)).body, (await client.get(`/api/v1/behov/${needId}`)).body);
    }
    for (const body of pages) {
      assert.ok(!body.includes(asker.email), 'the asker\'s e-mail address is shown');
      assert.ok(!body.includes(asker.name), 'the asker\'s name is shown');
      assert.ok(!body.includes('Spørreverkstedet'), 'the asker\'s organisation is shown');
    }
  });

  it('explains bad questions and keeps what was typed', async () => {
    const base = `/behov/${needId}/sporsmal`;
    const empty = await submit(second.client, base, base, { question: '  ' });
    assert.equal(empty.status, 422, show(empty));
    assert.match(textOf(empty.body), /Skriv spørsmålet\./);
    assert.match(empty.body, /href="#f-question"/);

    const long = `Et langt spørsmål ${'ø'.repeat(2000)}`;
    const tooLong = await submit(second.client, base, base, { question: long });
    assert.equal(tooLong.status, 422, show(tooLong));
    assert.match(textOf(tooLong.body), /høyst 2000 tegn/);
    assert.ok(tooLong.body.includes(long), 'the long question is kept in the form');

    const anon = await submit(visitor, '/logg-inn', base, { question: 'Uten innlogging' });
    assert.equal(anon.status, 401, show(anon));

    // A closed need takes no questions; the text is kept.
    const closedId = await publishedNeed(owner, { title: 'Et avsluttet behov' });
    await setNeedStatus(owner, closedId, 'closed', 'Løst på annen måte.');
    const closedBase = `/behov/${closedId}/sporsmal`;
    assert.match(textOf((await second.client.get(closedBase)).body), /tar ikke imot spørsmål nå/);
    const closed = await submit(second.client, closedBase, closedBase, { question: 'Kommer det et nytt behov?' });
    assert.equal(closed.status, 409, show(closed));
    assert.match(textOf(closed.body), /tar ikke imot spørsmål nå/);
    assert.equal(await sqlValue(server, `SELECT COUNT(*) FROM need_questions WHERE need_id = ${closedId}`), '0');
    assert.equal((await sqlValue(server, `SELECT COUNT(*) FROM need_questions WHERE need_id = ${needId}`)), '1');
  });

  it('keeps a dialogue log whose edits keep every version', async () => {
    const base = `/behov/${needId}/dialog`;
    const empty = await second.client.get(base);
    assert.equal(empty.status, 200, show(empty));
    assert.match(textOf(empty.body), /Ingen møter eller samtaler er ført inn ennå/);
    assert.doesNotMatch(empty.body, /name="summary"/, 'only the owner gets the form');

    // Others may not log.
    const refused = await submit(second.client, base, base, {
      held_on: '2026-11-02', channel: 'meeting', participants: 'x', summary: 'Et møte',
    });
    assert.equal(refused.status, 403, show(refused));

    // A future date, an unknown form and missing text are explained; nothing typed is lost.
    const tomorrow = isoDate(new Date(Date.now() + 2 * 24 * 3600 * 1000));
    const bad = await submit(owner.client, base, base, {
      held_on: tomorrow, channel: 'fax', participants: 'Verkstedet Vest AS', summary: '',
    });
    assert.equal(bad.status, 422, show(bad));
    const badText = textOf(bad.body);
    assert.match(badText, /kan ikke være fram i tid/);
    assert.match(badText, /Velg formen/);
    assert.match(badText, /Skriv et sammendrag/);
    assert.match(bad.body, new RegExp(`value="${tomorrow}"`));
    assert.match(bad.body, /value="Verkstedet Vest AS"/);
    const invalid = await submit(owner.client, base, base, {
      held_on: '31.02.2026', channel: 'call', participants: 'Verkstedet Vest AS', summary: 'Telefon om tilbudet',
    });
    assert.equal(invalid.status, 422, show(invalid));
    assert.match(textOf(invalid.body), /gyldig dato/);
    assert.match(invalid.body, /Telefon om tilbudet/);
    const longSummary = 'x'.repeat(5001);
    const tooLong = await submit(owner.client, base, base, {
      held_on: '02.11.2026', channel: 'call', participants: 'Verkstedet Vest AS', summary: longSummary,
    });
    assert.equal(tooLong.status, 422, show(tooLong));
    assert.match(textOf(tooLong.body), /høyst 5000 tegn/);
    assert.equal(await sqlValue(server, 'SELECT COUNT(*) FROM dialogue_entries'), '0');

    // A Norwegian date and an ISO date both work.
    const first = await submit(owner.client, base, base, {
      held_on: '02.11.2026', channel: 'meeting', participants: 'Verkstedet Vest AS, Kari Nordmann',
      summary: 'Første møte om arbeidstrening.\nVi drøftet oppstart.',
    });
    assert.equal(first.status, 303, show(first));
    const entryId = /#logg-(\d+)$/.exec(first.location)?.[1];
    assert.ok(entryId, first.location);
    const other = await submit(owner.client, base, base, {
      held_on: '2026-11-10', channel: 'video', participants: 'Inkluderingsbyrået', summary: 'Videomøte om metode.',
    });
    assert.equal(other.status, 303, show(other));

    const entryPath = `${base}/${entryId}`;
    const editPath = `${entryPath}/rediger`;
    // Others may not edit.
    assert.equal((await second.client.get(editPath)).status, 403);
    assert.equal((await submit(second.client, entryPath, editPath, { reason: 'x' })).status, 403);

    // An edit needs a reason, and keeps what was typed without one.
    const form = await owner.client.get(editPath);
    assert.equal(form.status, 200, show(form));
    assert.match(form.body, /value="2026-11-02"/);
    const noReason = await submit(owner.client, editPath, editPath, {
      held_on: '02.11.2026', channel: 'meeting', participants: 'Verkstedet Vest AS, Kari Nordmann',
      summary: 'Første møte; to plasser drøftet.', reason: ' ',
    });
    assert.equal(noReason.status, 422, show(noReason));
    assert.match(textOf(noReason.body), /Skriv hvorfor oppføringen endres/);
    assert.match(noReason.body, /Første møte; to plasser drøftet\./);
    const unchanged = await submit(owner.client, editPath, editPath, {
      held_on: '2026-11-02', channel: 'meeting', participants: 'Verkstedet Vest AS, Kari Nordmann',
      summary: 'Første møte om arbeidstrening.\nVi drøftet oppstart.', reason: 'Ingen endring',
    });
    assert.equal(unchanged.status, 422, show(unchanged));
    assert.match(textOf(unchanged.body), /Ingenting er endret/);

    const v2 = await submit(owner.client, editPath, editPath, {
      held_on: '02.11.2026', channel: 'meeting', participants: 'Verkstedet Vest AS, Kari Nordmann',
      summary: 'Første møte; to plasser drøftet.', reason: 'Rettet antall plasser',
    });
    assert.equal(v2.status, 303, show(v2));
    assert.equal(pathOf(v2.location), entryPath);
    const v3 = await submit(owner.client, editPath, editPath, {
      held_on: '01.11.2026', channel: 'call', participants: 'Verkstedet Vest AS, Kari Nordmann',
      summary: 'Første møte; to plasser drøftet.', reason: 'Det var en telefon dagen før',
    });
    assert.equal(v3.status, 303, show(v3));

    // Every proposer reads the log and the whole history.
    const log = await second.client.get(base);
    const logText = textOf(log.body);
    assert.match(logText, /Endret 2 ganger/);
    assert.match(logText, /01\.11\.2026 · Telefon/);
    assert.match(logText, /10\.11\.2026 · Videomøte/);
    assert.ok(logText.indexOf('10.11.2026') < logText.indexOf('01.11.2026'), 'newest meeting first');
    assert.match(log.body, new RegExp(`href="${entryPath}"`));

    const history = await visitor.get(entryPath);
    assert.equal(history.status, 200, show(history));
    const h = textOf(history.body);
    assert.match(h, /Versjon 3 \(gjeldende\)/);
    assert.match(h, /Versjon 2/);
    assert.match(h, /Versjon 1/);
    assert.match(h, /Det var en telefon dagen før/);
    assert.match(h, /Rettet antall plasser/);
    assert.match(h, /Første møte om arbeidstrening\. Vi drøftet oppstart\./);
    assert.match(h, /02\.11\.2026/);
    assert.ok(h.includes(owner.name), 'the editor\'s name is on the record');
    assert.equal((h.match(/Første møte; to plasser drøftet\./g) || []).length, 2, 'versions 2 and 3 are shown whole');

    const json = (await second.client.get(`/api/v1${base}`)).json();
    assert.equal(json.total, 2);
    const e = json.results.find((x) => String(x.id) === entryId);
    assert.equal(e.versions, 3);
    assert.equal(e.held_on, '2026-11-01');
    assert.equal(e.channel, 'call');
    assert.equal(e.reason, 'Det var en telefon dagen før');
    assert.equal(await sqlValue(server, `SELECT COUNT(*) FROM dialogue_versions WHERE entry_id = ${entryId}`), '3');

    // A date in Norwegian form for today is accepted too.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
    const todays = await submit(owner.client, base, base, {
      held_on: norwegianDate(today), channel: 'email', participants: 'Verkstedet Vest AS', summary: 'E-post om plasser.',
    });
    assert.equal(todays.status, 303, show(todays));
  });

  it('hides a draft\'s dialogue from those who cannot see the draft', async () => {
    const draft = await createNeed(owner, { title: 'Utkast med dialog' });
    const paths = [`/behov/${draft}/sporsmal`, `/api/v1/behov/${draft}/sporsmal`, `/behov/${draft}/dialog`,
      `/api/v1/behov/${draft}/dialog`, `/behov/${draft}/dialog/1`, `/behov/${draft}/dialog/1/rediger`];
    for (const client of [visitor, second.client]) {
      for (const p of paths.slice(0, 5)) assert.equal((await client.get(p)).status, 404, p);
    }
    assert.equal((await second.client.get(paths[5])).status, 404);
    for (const action of [`/behov/${draft}/sporsmal`, `/behov/${draft}/sporsmal/1/svar`, `/behov/${draft}/dialog`,
      `/behov/${draft}/dialog/1/rediger`]) {
      const res = await submit(second.client, `/behov/${needId}/sporsmal`, action, {
        question: 'x', answer: 'x', held_on: '2026-11-02', channel: 'call', participants: 'x', summary: 'x', reason: 'x',
      });
      assert.equal(res.status, 404, `${action}: ${show(res)}`);
    }
    for (const client of [owner.client, coordinator.client]) {
      assert.equal((await client.get(paths[0])).status, 200);
      assert.equal((await client.get(paths[2])).status, 200);
    }
    // A draft takes no questions, even from its owner.
    assert.match(textOf((await owner.client.get(paths[0])).body), /tar ikke imot spørsmål nå/);
    // Unknown ids are 404 too.
    assert.equal((await visitor.get('/behov/999999/sporsmal')).status, 404);
    assert.equal((await visitor.get(`/behov/${needId}/dialog/999999`)).status, 404);
    assert.equal((await visitor.get(`/behov/${needId}/dialog/abc`)).status, 404);
  });
});
