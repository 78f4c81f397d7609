// Needs on both engines: a public body's member writes a need with success criteria, publishes it
// once the organisation is verified, and moves it through its statuses; visitors find it through
// the list's stemmed search and filters, its JSON twin and the Atom feed; drafts stay private;
// attachments are type-checked; only the owner's members and coordinators may change a need.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, csrfFrom, show, skipReason, startServer, textOf, userWithRole } from '../support/harness.mjs';
import { createNeed, memberOf, needFields, publishedNeed, setNeedStatus, submit } from '../support/market.mjs';

const skip = skipReason();

async function upload(client, needId, filename, bytes, type = 'application/octet-stream') {
  const page = await client.get(`/behov/${needId}`);
  const form = new FormData();
  form.append('_csrf', csrfFrom(page.body));
  form.append('file', new Blob([bytes], { type }), filename);
  return client.request('POST', `/behov/${needId}/vedlegg`, { body: form });
}

describe('needs', { skip }, () => {
  let server;
  let coordinator;
  let owner; // member of a verified municipality
  let visitor;
  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    coordinator = await userWithRole(server, 'coordinator');
    owner = await memberOf(server, 'municipality', { coordinator });
    visitor = new Client(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  it('keeps a draft private to its organisation and coordinators', async () => {
    const id = await createNeed(owner, { title: 'Hemmelig utkast om sykehjem' });
    const own = await owner.client.get(`/behov/${id}`);
    assert.equal(own.status, 200, show(own));
    assert.match(textOf(own.body), /Utkast/);
    assert.match(textOf(own.body), /Flere unge i arbeid eller utdanning/);
    assert.equal((await coordinator.client.get(`/behov/${id}`)).status, 200);

    const other = await memberOf(server, 'municipality', { coordinator });
    for (const client of [visitor, other.client]) {
      assert.equal((await client.get(`/behov/${id}`)).status, 404);
      assert.equal((await client.get(`/api/v1/behov/${id}`)).status, 404);
      for (const path of ['/behov', '/api/v1/behov', '/behov.atom', '/behov?q=sykehjem'])
        assert.doesNotMatch((await client.get(path)).body, /Hemmelig utkast/, path);
    }
    const mine = await owner.client.get('/behov/mine');
    assert.match(textOf(mine.body), /Hemmelig utkast om sykehjem/);
  });

  it('checks the form and loses nothing the user typed', async () => {
    const res = await submit(owner.client, '/behov/ny', '/behov/ny', needFields(owner.orgId, {
      title: '',
      situation: 'Situasjonen som ble skrevet inn',
      k1_description: '',
      k1_indicator: 'En indikator uten resultat',
      k2_description: '',
      service_areas: [],
      value_min: 'mange penger',
      value_max: '100',
    }));
    assert.equal(res.status, 422, show(res));
    const text = textOf(res.body);
    assert.match(res.body, /ds-error-summary/);
    assert.match(text, /Skriv en tittel/);
    assert.match(text, /Beskriv resultatet dere ønsker for dette kriteriet/);
    assert.match(text, /Velg minst ett tjenesteområde/);
    assert.match(text, /Skriv beløpet i hele kroner/);
    assert.match(res.body, /Situasjonen som ble skrevet inn/);
    assert.match(res.body, /value="En indikator uten resultat"/);
    assert.match(res.body, /value="mange penger"/);

    // Asking for more criterion rows saves nothing and keeps what was typed.
    const more = await submit(owner.client, '/behov/ny', '/behov/ny', needFields(owner.orgId, {
      title: 'Tittel beholdes', more_rows: '1',
    }));
    assert.equal(more.status, 200, show(more));
    assert.match(more.body, /value="Tittel beholdes"/);
    assert.match(more.body, /name="k5_description"/);
  });

  it('publishes only for a verified organisation, and refuses illegal status changes', async () => {
    const unverified = await memberOf(server, 'municipality');
    const draft = await createNeed(unverified);
    const refused = await submit(unverified.client, `/behov/${draft}`, `/behov/${draft}/status`, { status: 'published' });
    assert.equal(refused.status, 422, show(refused));
    assert.match(textOf(refused.body), /må være verifisert av en koordinator/);

    const id = await publishedNeed(owner, { title: 'Ensomhet blant eldre på sykehjem' });
    let json = JSON.parse((await visitor.get(`/api/v1/behov/${id}`)).body);
    assert.equal(json.status, 'published');
    assert.equal(json.success_criteria.length, 2);
    assert.equal(json.value_min_ore, 50_000_000);

    // Back to draft is never offered and never accepted.
    const back = await submit(owner.client, `/behov/${id}`, `/behov/${id}/status`, { status: 'draft' });
    assert.equal(back.status, 422);
    assert.match(textOf(back.body), /ikke mulig fra behovets nåværende status/);
    // A final status needs a closing note.
    const noNote = await submit(owner.client, `/behov/${id}`, `/behov/${id}/status`, { status: 'solved' });
    assert.equal(noNote.status, 422);
    assert.match(textOf(noNote.body), /Skriv et avslutningsnotat/);
    await setNeedStatus(owner, id, 'in_dialogue');
    await setNeedStatus(owner, id, 'solved', 'To sosiale entreprenører fikk oppdraget.');
    json = JSON.parse((await visitor.get(`/api/v1/behov/${id}`)).body);
    assert.equal(json.status, 'solved');
    assert.equal(json.closing_note, 'To sosiale entreprenører fikk oppdraget.');
    const again = await submit(owner.client, `/behov/${id}`, `/behov/${id}/status`, { status: 'closed', closing_note: 'x' });
    assert.equal(again.status, 422);
    const page = textOf((await visitor.get(`/behov/${id}`)).body);
    assert.match(page, /To sosiale entreprenører fikk oppdraget/);
  });

  it('fixes the success criteria once published', async () => {
    const id = await publishedNeed(owner);
    const res = await submit(owner.client, `/behov/${id}/rediger`, `/behov/${id}/rediger`, needFields(owner.orgId, {
      title: 'Ny tittel etter publisering', k1_description: 'Et helt annet kriterium',
    }));
    assert.equal(res.status, 303, show(res));
    const json = JSON.parse((await visitor.get(`/api/v1/behov/${id}`)).body);
    assert.equal(json.title, 'Ny tittel etter publisering');
    assert.equal(json.success_criteria[0].description, 'Flere unge i arbeid eller utdanning');
  });

  it('finds needs by stemmed words and filters, in HTML, JSON and the feed', async () => {
    const a = await publishedNeed(owner, {
      title: 'Arbeidstrening med sosiale entreprenører',
      situation: 'Vi ønsker flere samarbeid med entreprenørene i byen.',
      value_min: '2 000 000', value_max: '3 000 000',
    });
    const b = await publishedNeed(owner, {
      title: 'Pårørende til personer med demens',
      situation: 'Pårørende trenger avlastning.',
      service_areas: ['eldreomsorg'], municipalities: ['5001'], value_min: '', value_max: '',
    });
    const stemmed = JSON.parse((await visitor.get('/api/v1/behov?q=entrepren%C3%B8r')).body);
    assert.ok(stemmed.results.some((r) => String(r.id) === a), JSON.stringify(stemmed));
    assert.ok(!stemmed.results.some((r) => String(r.id) === b));

    const trondelag = JSON.parse((await visitor.get('/api/v1/behov?fylke=50')).body);
    assert.deepEqual(trondelag.results.map((r) => String(r.id)), [b]);
    const area = JSON.parse((await visitor.get('/api/v1/behov?tjenesteomrade=eldreomsorg')).body);
    assert.ok(area.results.every((r) => String(r.id) !== a));
    const valued = JSON.parse((await visitor.get('/api/v1/behov?verdi_fra=2%20500%20000')).body);
    assert.ok(valued.results.some((r) => String(r.id) === a));
    assert.ok(!valued.results.some((r) => String(r.id) === b));

    const html = await visitor.get('/behov?q=p%C3%A5r%C3%B8rende');
    assert.equal(html.status, 200);
    assert.match(textOf(html.body), /Pårørende til personer med demens/);
    const bad = await visitor.get('/behov?verdi_fra=masse');
    assert.match(textOf(bad.body), /Skriv beløpet i kroner/);

    const feed = await visitor.get('/behov.atom');
    assert.equal(feed.status, 200);
    assert.match(feed.headers['content-type'] ?? feed.headers.get?.('content-type') ?? '', /atom\+xml/);
    assert.match(feed.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.match(feed.body, /Pårørende til personer med demens/);
  });

  it('takes attachments of the allowed kinds only', async () => {
    const id = await createNeed(owner);
    const pdf = '%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n';
    const ok = await upload(owner.client, id, 'beskrivelse.pdf', pdf, 'application/pdf');
    assert.equal(ok.status, 303, show(ok));
    const page = await owner.client.get(`/behov/${id}`);
    const href = /href="(\/behov\/\d+\/vedlegg\/\d+)"/.exec(page.body)?.[1];
    assert.ok(href, 'the need lists its attachment');
    const file = await owner.client.get(href);
    assert.equal(file.status, 200);
    assert.equal(file.body, pdf);
    // A draft's attachment is as private as the draft.
    assert.equal((await visitor.get(href)).status, 404);

    const fake = await upload(owner.client, id, 'faktura.pdf', 'MZ this is not a pdf');
    assert.equal(fake.status, 422);
    assert.match(textOf(fake.body), /innholdet stemmer ikke med filnavnet/);
    const exe = await upload(owner.client, id, 'program.exe', 'MZ\x90\x00');
    assert.equal(exe.status, 422);
  });

  it('lets only the owner organisation and coordinators change a need', async () => {
    const id = await publishedNeed(owner);
    const other = await memberOf(server, 'municipality', { coordinator });
    const enterprise = await memberOf(server, 'social_enterprise', { coordinator });
    for (const client of [other.client, enterprise.client]) {
      assert.equal((await client.get(`/behov/${id}/rediger`)).status, 403);
      const csrf = csrfFrom((await client.get('/behov')).body);
      const res = await client.post(`/behov/${id}/status`, { _csrf: csrf, status: 'closed', closing_note: 'x' });
      assert.equal(res.status, 403);
    }
    const anon = await visitor.get(`/behov/${id}/rediger`);
    assert.equal(anon.status, 303);
    // A coordinator may act for any owner.
    const edit = await coordinator.client.get(`/behov/${id}/rediger`);
    assert.equal(edit.status, 200);
    // An enterprise member is shown the way to send a proposal; the owner sees the owner's tools.
    assert.match(textOf((await enterprise.client.get(`/behov/${id}`)).body), /Send et forslag/);
    assert.match(textOf((await owner.client.get(`/behov/${id}`)).body), /For eieren av behovet/);
    // Someone in no public body is told how to get there rather than shown a form.
    const lone = await userWithRole(server, 'none');
    const res = await lone.client.get('/behov/ny');
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.body, /name="title"/);
    assert.match(textOf(res.body), /Bare medlemmer av offentlige aktører/);
  });
  it('shares a need\'s page between readers but shows each their own actions, and shows writes at once', async () => {
    const id = await publishedNeed(owner, { title: 'Delt side om lavterskel arbeid' });
    const enterprise = await memberOf(server, 'social_enterprise', { coordinator });
    const path = `/behov/${id}`;
    // The entrepreneur's view first, so that the shared parts are made for a signed-in reader.
    const first = await enterprise.client.get(path);
    assert.equal(first.status, 200, show(first));
    assert.match(textOf(first.body), /Send et forslag/);
    assert.doesNotMatch(textOf(first.body), /For eieren av behovet/);
    // The owner gets the owner's tools with their own CSRF token, never the entrepreneur's.
    const own = await owner.client.get(path);
    assert.match(textOf(own.body), /For eieren av behovet/);
    assert.doesNotMatch(textOf(own.body), /Send et forslag/);
    const ownToken = csrfFrom(own.body);
    // Every form on the page (the owner's tools are cached with a slot for the token) carries it.
    const tokens = [...own.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(tokens.length >= 3, `the owner's forms: ${tokens.length}`);
    assert.deepEqual(new Set(tokens), new Set([ownToken]));
    const theirs = await enterprise.client.get(path);
    assert.doesNotMatch(textOf(theirs.body), /For eieren av behovet/);
    assert.ok(!theirs.body.includes(ownToken), 'the owner\'s token is not on the entrepreneur\'s page');
    assert.notEqual(csrfFrom(theirs.body), ownToken);
    // A visitor is asked to sign in and sees neither.
    const anon = await visitor.get(path);
    assert.match(textOf(anon.body), /Logg inn for å stille spørsmål eller sende forslag/);
    assert.doesNotMatch(textOf(anon.body), /For eieren av behovet|Send et forslag/);

    // Following shows on the next view.
    const followed = await enterprise.client.post('/konto/folger/folg',
      { _csrf: csrfFrom(theirs.body), kind: 'need', target: String(id), next: path });
    assert.equal(followed.status, 303, show(followed));
    assert.match(textOf((await enterprise.client.get(path)).body), /Slutt å følge/);
    // A question counts at once, for everyone.
    assert.match(textOf((await visitor.get(path)).body), /Spørsmål og svar \(0\)/);
    const asked = await submit(enterprise.client, `${path}/sporsmal`, `${path}/sporsmal`,
      { question: 'Hvor mange deltakere ønsker dere å starte med?' });
    assert.equal(asked.status, 303, show(asked));
    assert.match(textOf((await visitor.get(path)).body), /Spørsmål og svar \(1\)/);
    // An attachment is listed at once; only the owner gets its delete button.
    const added = await upload(owner.client, id, 'plan.pdf', '%PDF-1.4\n%%EOF\n', 'application/pdf');
    assert.equal(added.status, 303, show(added));
    assert.match(textOf((await visitor.get(path)).body), /plan\.pdf/);
    assert.match((await owner.client.get(path)).body, /Slett<span class="ds-sr-only"> plan\.pdf/);
    assert.doesNotMatch((await enterprise.client.get(path)).body, /Slett<span class="ds-sr-only"> plan\.pdf/);
  });
});
