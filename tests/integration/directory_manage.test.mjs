// Managing the directory on both engines: an organisation's administrators edit the profile and
// the contact people, invite members by e-mail and answer join requests; coordinators verify,
// deactivate and merge duplicates. Everyone else is refused on every management route, and a
// contact person's details reach visitors only with their consent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  csrfFrom,
  formsOf,
  linkFrom,
  linksOf,
  pathOf,
  randomId,
  show,
  skipReason,
  startServer,
  textOf,
  userList,
  userWithRole,
  waitForMail,
} from '../support/harness.mjs';

const skip = skipReason();

// A form body; array values become repeated fields (checkbox groups).
function formBody(fields) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  }
  return body.toString();
}

// POSTs fields (arrays allowed) with the CSRF token of pagePath.
async function submit(client, pagePath, actionPath, fields = {}) {
  const _csrf = await client.csrf(pagePath);
  return client.post(actionPath, formBody({ ...fields, _csrf }));
}

// Registers a social enterprise in Sandefjord through the registration form; the user becomes
// its administrator. Returns {id, name}.
async function registerOrganisation(client, name = `Testverksted ${randomId(3)}`) {
  const res = await submit(client, '/aktorer/ny', '/aktorer/ny', {
    name,
    kind: 'social_enterprise',
    short_description: 'Arbeidstrening og inkludering i Sandefjord',
    municipality_number: '3907',
    service_areas: 'arbeidsinkludering',
  });
  assert.equal(res.status, 303, show(res));
  const m = /^\/aktorer\/(\d+)$/.exec(pathOf(res.location));
  assert.ok(m, `registration should lead to the organisation's page: ${show(res)}`);
  return { id: m[1], name };
}

async function userId(server, email) {
  const users = await userList(server);
  const u = users.find((x) => x.email === email);
  assert.ok(u, `no user ${email} in ${JSON.stringify(users).slice(0, 300)}`);
  return u.id;
}

// Every management route of an organisation, with real or plausible ids.
function managementRoutes(id, personId = '1') {
  return [
    ['GET', `/aktorer/${id}/rediger`],
    ['POST', `/aktorer/${id}/rediger`],
    ['GET', `/aktorer/${id}/personer`],
    ['GET', `/aktorer/${id}/personer/ny`],
    ['POST', `/aktorer/${id}/personer/ny`],
    ['GET', `/aktorer/${id}/personer/${personId}/rediger`],
    ['POST', `/aktorer/${id}/personer/${personId}/rediger`],
    ['POST', `/aktorer/${id}/personer/${personId}/slett`],
    ['GET', `/aktorer/${id}/medlemmer`],
    ['POST', `/aktorer/${id}/inviter`],
    ['POST', `/aktorer/${id}/foresporsler/1/godkjenn`],
    ['POST', `/aktorer/${id}/foresporsler/1/avslaa`],
    ['POST', `/aktorer/${id}/medlemmer/1/fjern`],
    ['POST', `/aktorer/${id}/verifiser`],
    ['POST', `/aktorer/${id}/deaktiver`],
    ['GET', `/aktorer/${id}/sla-sammen`],
    ['POST', `/aktorer/${id}/sla-sammen`],
  ];
}

// Sends each route as client; POSTs carry the client's own valid CSRF token (from tokenPage).
async function statuses(client, routes, tokenPage) {
  const _csrf = await client.csrf(tokenPage);
  const out = [];
  for (const [method, path] of routes) {
    const res =
      method === 'GET'
        ? await client.get(path)
        : await client.post(path, formBody({ _csrf, name: 'Overtatt', email: 'x@example.no', target: '1' }));
    out.push({ method, path, res });
  }
  return out;
}

describe('directory management', { skip }, () => {
  let server;
  let visitor;
  before(async () => {
    server = await startServer({ demo: true, env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    visitor = new Client(server.url);
  });
  after(() => server?.stop());

  it('lets an organisation administrator edit the profile, keeping what was typed on errors', async () => {
    const admin = await userWithRole(server, 'none', { name: 'Profil Redaktør' });
    const org = await registerOrganisation(admin.client);
    const editPath = `/aktorer/${org.id}/rediger`;
    const form = await admin.client.get(editPath);
    assert.equal(form.status, 200, show(form));
    assert.ok(form.body.includes(`value="${org.name}"`), 'the form holds the current name');
    assert.ok(/<details class="ds-details"[^>]* open>\s*<summary>Vestfold/.test(form.body), 'the home county is open');

    const word = `fjordlys${randomId(3)}`;
    const fields = {
      name: `Fjordlys ${word}`,
      kind: 'social_enterprise',
      short_description: 'Snekkerverksted som gir arbeidstrening',
      long_description: `Vi driver et **verksted** for ${word}.\n\n- trening\n- mestring`,
      municipality_number: '3907',
      municipalities: ['3907', '3909'],
      service_areas: ['arbeidsinkludering', 'integrering'],
      target_groups: 'unge-utenfor-skole-og-arbeid',
      sdgs: ['8', '10'],
      founded_year: '2019',
      website: 'fjordlys.example.no',
      email: 'post@fjordlys.example.no',
      phone: '33 00 00 00',
      no_dividends: '1',
    };

    const bad = await submit(admin.client, editPath, editPath, { ...fields, name: '', founded_year: 'nitten' });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.body), /Skriv navnet på organisasjonen/);
    assert.match(textOf(bad.body), /Skriv et årstall med fire siffer/);
    assert.ok(bad.body.includes('value="nitten"'), 'the year typed is kept');
    assert.ok(bad.body.includes('Snekkerverksted som gir arbeidstrening'), 'the description typed is kept');
    assert.ok(/id="m-3909" value="3909" checked/.test(bad.body), 'the municipalities chosen are kept');
    assert.ok(/id="sdg-10" value="10" checked/.test(bad.body), 'the SDGs chosen are kept');

    const preview = await submit(admin.client, editPath, editPath, { ...fields, action: 'preview' });
    assert.equal(preview.status, 200, show(preview));
    assert.ok(preview.body.includes('<strong>verksted</strong>'), 'the preview renders the Markdown');
    const unchanged = await visitor.get(`/aktorer/${org.id}`);
    assert.ok(!unchanged.body.includes(word), 'a preview saves nothing');

    const saved = await submit(admin.client, editPath, editPath, fields);
    assert.equal(saved.status, 303, show(saved));
    assert.equal(pathOf(saved.location), `/aktorer/${org.id}`);
    const page = await admin.client.follow(saved);
    const text = textOf(page.body);
    assert.match(text, /Endringene er lagret/);
    assert.match(text, new RegExp(`Fjordlys ${word}`));
    assert.ok(page.body.includes('<strong>verksted</strong>'), 'the long description is shown as HTML');
    assert.ok(linksOf(page.body).some((l) => l.href === '/kommuner/3909'), 'Larvik is now served');
    assert.ok(page.body.includes('https://fjordlys.example.no'));
    assert.match(text, /Etablert 2019/);

    // search_text and name_sort follow the edit.
    const found = (await visitor.get(`/api/v1/aktorer?q=${word}`)).json();
    assert.deepEqual(found.results.map((r) => String(r.id)), [org.id]);
    const inLarvik = (await visitor.get(`/api/v1/aktorer?kommune=3909&q=${word}`)).json();
    assert.equal(inLarvik.total, 1);
  });

  it('refuses members of other organisations and plain users on every management route, and sends visitors to sign in', async () => {
    const owner = await userWithRole(server, 'none', { name: 'Eier Eiersen' });
    const org = await registerOrganisation(owner.client);
    const person = await submit(owner.client, `/aktorer/${org.id}/personer/ny`, `/aktorer/${org.id}/personer/ny`, {
      name: 'Vern Vernesen',
    });
    assert.equal(person.status, 303, show(person));
    const people = await owner.client.get(`/aktorer/${org.id}/personer`);
    const personId = /\/personer\/(\d+)\/rediger/.exec(people.body)?.[1];
    assert.ok(personId, 'the people page links to the person');
    const routes = managementRoutes(org.id, personId);

    const other = await userWithRole(server, 'none', { name: 'Annen Admin' });
    await registerOrganisation(other.client);
    const plain = await userWithRole(server, 'none', { name: 'Vanlig Bruker' });
    for (const [who, client] of [['an administrator of another organisation', other.client], ['a plain user', plain.client]]) {
      const wrong = (await statuses(client, routes, '/konto')).filter((r) => r.res.status !== 403);
      assert.deepEqual(wrong.map((r) => show(r.res, 200)), [], `${who} must get 403`);
    }
    // The organisation's own administrator is no coordinator.
    const coordinatorOnly = routes.filter(([, p]) => /verifiser|deaktiver|sla-sammen/.test(p));
    const own = (await statuses(owner.client, coordinatorOnly, '/konto')).filter((r) => r.res.status !== 403);
    assert.deepEqual(own.map((r) => show(r.res, 200)), [], 'coordinator actions need the coordinator role');

    const anonymous = new Client(server.url);
    for (const { method, path, res } of await statuses(anonymous, routes, '/logg-inn')) {
      if (method === 'GET') {
        assert.equal(res.status, 303, show(res));
        assert.equal(pathOf(res.location), '/logg-inn', show(res));
      } else {
        assert.equal(res.status, 401, `${path}: ${show(res)}`);
      }
    }
    // Nothing changed: the name and the person are still there.
    const page = await visitor.get(`/aktorer/${org.id}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.body), new RegExp(org.name));
    assert.ok(!textOf(page.body).includes('Overtatt'));
    const after = await owner.client.get(`/aktorer/${org.id}/personer`);
    assert.match(textOf(after.body), /Vern Vernesen/);
    // Unknown organisations are not found, not served.
    const coordinator = await userWithRole(server, 'coordinator');
    assert.equal((await coordinator.client.get('/aktorer/999999/rediger')).status, 404);
    assert.equal((await plain.client.get('/aktorer/999999/rediger')).status, 403);
  });

  it('shows contact people to visitors only with consent, on the organisation and municipality pages and in the API', async () => {
    const admin = await userWithRole(server, 'none', { name: 'Kontakt Ansvarlig' });
    const org = await registerOrganisation(admin.client);
    const tag = randomId(4);
    const publicEmail = `synlig-${tag}@example.no`;
    const hiddenEmail = `skjult-${tag}@example.no`;
    const newPath = `/aktorer/${org.id}/personer/ny`;

    const invalid = await submit(admin.client, newPath, newPath, { name: ' ', email: 'ikke-en-adresse', title: 'Daglig leder' });
    assert.equal(invalid.status, 422, show(invalid));
    assert.match(textOf(invalid.body), /Skriv navnet på kontaktpersonen/);
    assert.match(textOf(invalid.body), /E-postadressen ser ikke riktig ut/);
    assert.ok(invalid.body.includes('value="Daglig leder"'), 'the title typed is kept');
    const noMunicipality = await submit(admin.client, newPath, newPath, { name: 'Uten Kommune', areas: 'helse', scope: 'some' });
    assert.equal(noMunicipality.status, 422, show(noMunicipality));
    assert.match(textOf(noMunicipality.body), /Velg minst én kommune/);

    const visible = await submit(admin.client, newPath, newPath, {
      name: `Synne Synlig ${tag}`,
      title: 'Daglig leder',
      email: publicEmail.toUpperCase(),
      phone: '400 11 222',
      public_consent: '1',
      areas: ['arbeidsinkludering', 'integrering'],
      scope: 'all',
    });
    assert.equal(visible.status, 303, show(visible));
    assert.equal(pathOf(visible.location), `/aktorer/${org.id}/personer`);
    const hidden = await submit(admin.client, newPath, newPath, {
      name: `Skjalg Skjult ${tag}`,
      title: 'Jobbspesialist',
      email: hiddenEmail,
      phone: '400 33 444',
      areas: 'arbeidsinkludering',
      scope: 'some',
      role_municipalities: '3907',
    });
    assert.equal(hidden.status, 303, show(hidden));

    const list = await admin.client.get(`/aktorer/${org.id}/personer`);
    const listText = textOf(list.body);
    assert.match(listText, new RegExp(`Synne Synlig ${tag}`));
    assert.match(listText, /Offentlig \(samtykke/);
    assert.match(listText, /Bare for innloggede/);
    assert.match(listText, /Arbeidsinkludering \(Sandefjord\)/);
    assert.ok(list.body.includes(publicEmail), 'e-mail addresses are stored folded');

    const signedIn = await userWithRole(server, 'none', { name: 'Innlogget Leser' });
    const pages = [
      `/aktorer/${org.id}`,
      '/kommuner/3907',
      '/kommuner/3907?tjenesteomrade=arbeidsinkludering',
      `/api/v1/aktorer?q=${encodeURIComponent(org.name)}`,
      '/api/v1/aktorer?kommune=3907&per_page=100',
    ];
    for (const path of pages) {
      const res = await visitor.get(path);
      assert.equal(res.status, 200, show(res));
      assert.ok(!res.body.includes(hiddenEmail), `${hiddenEmail} leaks to visitors on ${path}`);
      assert.ok(!res.body.includes('Skjalg Skjult'), `the hidden name leaks to visitors on ${path}`);
    }
    const orgPage = await visitor.get(`/aktorer/${org.id}`);
    assert.ok(orgPage.body.includes(publicEmail), 'the consenting person is public');
    assert.match(textOf(orgPage.body), /Jobbspesialist – navn vises for innloggede/);
    const municipality = await visitor.get('/kommuner/3907?tjenesteomrade=arbeidsinkludering');
    assert.ok(municipality.body.includes(publicEmail), 'the municipality page names the consenting contact');
    for (const path of [`/aktorer/${org.id}`, '/kommuner/3907?tjenesteomrade=arbeidsinkludering']) {
      const res = await signedIn.client.get(path);
      assert.ok(res.body.includes(hiddenEmail), `signed-in users see ${hiddenEmail} on ${path}`);
    }

    // Withdrawing consent hides the person; giving it again shows them.
    const editHref = linksOf(list.body).find((l) => l.text.includes('Synne Synlig'))?.href;
    assert.ok(editHref, 'an edit link for the person');
    const editForm = await admin.client.get(editHref);
    assert.equal(editForm.status, 200, show(editForm));
    assert.ok(/id="f-public_consent" value="1"[^>]* checked/.test(editForm.body), 'consent is ticked');
    assert.match(textOf(editForm.body), /Samtykke registrert/);
    const withdrawn = await submit(admin.client, editHref, editHref, {
      name: `Synne Synlig ${tag}`,
      title: 'Daglig leder',
      email: publicEmail,
      areas: 'arbeidsinkludering',
      scope: 'all',
    });
    assert.equal(withdrawn.status, 303, show(withdrawn));
    assert.ok(!(await visitor.get(`/aktorer/${org.id}`)).body.includes(publicEmail), 'withdrawn consent hides the e-mail');
    const given = await submit(admin.client, editHref, editHref, {
      name: `Synne Synlig ${tag}`,
      email: publicEmail,
      public_consent: '1',
      areas: 'arbeidsinkludering',
      scope: 'all',
    });
    assert.equal(given.status, 303, show(given));
    assert.ok((await visitor.get(`/aktorer/${org.id}`)).body.includes(publicEmail), 'consent shows the e-mail again');

    // A person with a verified user's address is linked to the account.
    const linked = await submit(admin.client, newPath, newPath, { name: 'Innlogget Leser', email: signedIn.email });
    assert.equal(linked.status, 303, show(linked));
    assert.match(textOf((await admin.client.get(`/aktorer/${org.id}/personer`)).body), /Har brukerkonto/);

    // Deleting removes the person everywhere.
    const hiddenHref = linksOf(list.body).find((l) => l.text.includes('Skjalg Skjult')).href;
    const deleted = await submit(admin.client, hiddenHref, hiddenHref.replace(/rediger$/, 'slett'));
    assert.equal(deleted.status, 303, show(deleted));
    assert.ok(!(await signedIn.client.get(`/aktorer/${org.id}`)).body.includes(hiddenEmail));
    assert.equal((await admin.client.get(hiddenHref)).status, 404);
  });

  it('invites by e-mail: only the invited user can accept, once, and can then edit', async () => {
    const admin = await userWithRole(server, 'none', { name: 'Inviterende Admin' });
    const org = await registerOrganisation(admin.client);
    const invitee = await userWithRole(server, 'none', { name: 'Invitert Person' });
    const intruder = await userWithRole(server, 'none', { name: 'Feil Person' });
    const membersPath = `/aktorer/${org.id}/medlemmer`;
    const invitePath = `/aktorer/${org.id}/inviter`;

    const bad = await submit(admin.client, membersPath, invitePath, { email: 'ikke gyldig', role: 'admin' });
    assert.equal(bad.status, 422, show(bad));
    assert.match(textOf(bad.body), /E-postadressen ser ikke riktig ut/);
    assert.ok(bad.body.includes('value="ikke gyldig"'), 'the address typed is kept');
    assert.ok(/id="invite-role-admin" value="admin" checked/.test(bad.body), 'the role chosen is kept');
    const self = await submit(admin.client, membersPath, invitePath, { email: admin.email, role: 'member' });
    assert.equal(self.status, 422, show(self));
    assert.match(textOf(self.body), /allerede medlem/);

    const before = server.sink.messages.length;
    const sent = await submit(admin.client, membersPath, invitePath, { email: invitee.email.toUpperCase(), role: 'admin' });
    assert.equal(sent.status, 303, show(sent));
    assert.equal(pathOf(sent.location), membersPath);
    const mail = await waitForMail(server.sink, { to: invitee.email, subject: `Invitasjon til ${org.name} i Samskap`, after: before });
    assert.match(mail.text, /Inviterende Admin/);
    const invitationPath = linkFrom(mail, server.url, '/invitasjon');
    const members = await admin.client.get(membersPath);
    assert.match(textOf(members.body), new RegExp(`${invitee.email} – administrator`), 'the pending invitation is listed');

    assert.equal((await invitee.client.get(`/aktorer/${org.id}/rediger`)).status, 403, 'not yet a member');
    const wrongPage = await intruder.client.get(invitationPath);
    assert.equal(wrongPage.status, 403, show(wrongPage));
    assert.match(textOf(wrongPage.body), /Invitasjonen gjelder en annen konto/);
    assert.ok(!wrongPage.body.includes(invitee.email), 'the invited address is not shown to others');
    const wrongAccept = await submit(intruder.client, '/konto', invitationPath);
    assert.equal(wrongAccept.status, 403, show(wrongAccept));
    assert.equal((await intruder.client.get(`/aktorer/${org.id}/rediger`)).status, 403);
    const anonymous = await new Client(server.url).get(invitationPath);
    assert.equal(pathOf(anonymous.location), '/logg-inn', 'visitors sign in first');

    const page = await invitee.client.get(invitationPath);
    assert.equal(page.status, 200, show(page));
    assert.match(textOf(page.body), new RegExp(`invitert til å bli administrator i ${org.name}`));
    const accepted = await invitee.client.post(invitationPath, formBody({ _csrf: csrfFrom(page.body) }));
    assert.equal(accepted.status, 303, show(accepted));
    assert.equal(pathOf(accepted.location), `/aktorer/${org.id}`);
    assert.match(textOf((await invitee.client.follow(accepted)).body), /Du er nå med i organisasjonen/);

    const editPath = `/aktorer/${org.id}/rediger`;
    const edited = await submit(invitee.client, editPath, editPath, {
      name: `${org.name} (oppdatert)`,
      kind: 'social_enterprise',
      short_description: 'Oppdatert av det nye medlemmet',
      municipality_number: '3907',
      service_areas: 'arbeidsinkludering',
    });
    assert.equal(edited.status, 303, show(edited));
    assert.match(textOf((await visitor.get(`/aktorer/${org.id}`)).body), /Oppdatert av det nye medlemmet/);

    const reused = await submit(invitee.client, '/konto', invitationPath);
    assert.equal(reused.status, 404, show(reused));
    assert.match(textOf(reused.body), /Invitasjonen er ikke gyldig/);
    assert.equal((await invitee.client.get(invitationPath)).status, 404);
    const junk = await invitee.client.get('/invitasjon/dette-er-ikke-en-gyldig-invitasjon');
    assert.equal(junk.status, 404);

    const roster = textOf((await admin.client.get(membersPath)).body);
    assert.match(roster, /Invitert Person/);
    assert.match(roster, /Ingen invitasjoner venter på svar/);
  });

  it('turns a join request into a membership when an administrator approves it', async () => {
    const admin = await userWithRole(server, 'none', { name: 'Svarende Admin' });
    const org = await registerOrganisation(admin.client);
    const asker = await userWithRole(server, 'none', { name: 'Spørre Spørsen' });
    const declined = await userWithRole(server, 'none', { name: 'Avvist Avvisen' });
    const joinPath = `/aktorer/${org.id}/bli-med`;
    const membersPath = `/aktorer/${org.id}/medlemmer`;

    const anonymous = await new Client(server.url).get(joinPath);
    assert.equal(pathOf(anonymous.location), '/logg-inn');
    const joinPage = await asker.client.get(joinPath);
    assert.equal(joinPage.status, 200, show(joinPage));
    assert.match(textOf(joinPage.body), new RegExp(`Be om å bli med i ${org.name}`));
    const tooLong = await submit(asker.client, joinPath, joinPath, { message: 'x'.repeat(1001) });
    assert.equal(tooLong.status, 422, show(tooLong));

    const before = server.sink.messages.length;
    const asked = await submit(asker.client, joinPath, joinPath, { message: 'Jeg er ny daglig leder.' });
    assert.equal(asked.status, 303, show(asked));
    assert.equal(pathOf(asked.location), `/aktorer/${org.id}`);
    assert.match(textOf((await asker.client.follow(asked)).body), /Forespørselen er sendt/);
    const notice = await waitForMail(server.sink, { to: admin.email, subject: `Spørre Spørsen ber om å bli med i ${org.name}`, after: before });
    assert.match(notice.text, /Jeg er ny daglig leder\./);
    assert.ok(notice.text.includes(`${server.url}${membersPath}`));
    assert.match(textOf((await asker.client.get(joinPath)).body), /allerede bedt om å bli med/);
    assert.equal((await submit(declined.client, joinPath, joinPath, {})).status, 303);

    const members = await admin.client.get(membersPath);
    assert.equal(members.status, 200, show(members));
    assert.match(textOf(members.body), /Jeg er ny daglig leder\./);
    const approve = formsOf(members.body).find((f) => /godkjenn$/.test(f.action) && f.html.includes('Spørre Spørsen'));
    const decline = formsOf(members.body).find((f) => /avslaa$/.test(f.action) && f.html.includes('Avvist Avvisen'));
    assert.ok(approve && decline, 'each request has approve and decline buttons');
    const _csrf = csrfFrom(members.body);
    const approved = await admin.client.post(approve.action, formBody({ _csrf }));
    assert.equal(approved.status, 303, show(approved));
    await waitForMail(server.sink, { to: asker.email, subject: `Du er nå medlem av ${org.name}`, after: before });
    const refused = await admin.client.post(decline.action, formBody({ _csrf }));
    assert.equal(refused.status, 303, show(refused));
    assert.equal((await admin.client.post(approve.action, formBody({ _csrf }))).status, 404, 'a request is decided once');

    const roster = await admin.client.get(membersPath);
    const rosterText = textOf(roster.body);
    assert.match(rosterText, /Spørre Spørsen \S+@example\.no medlem/);
    assert.ok(!rosterText.includes('Avvist Avvisen'), 'a declined request makes no member');
    assert.match(rosterText, /Ingen forespørsler venter/);
    assert.match(textOf((await asker.client.get(joinPath)).body), /allerede medlem/);
    // A member is not an administrator.
    assert.equal((await asker.client.get(`/aktorer/${org.id}/rediger`)).status, 403);

    // The last administrator cannot be removed; a member can.
    const adminId = await userId(server, admin.email);
    const last = await admin.client.post(`/aktorer/${org.id}/medlemmer/${adminId}/fjern`, formBody({ _csrf }));
    assert.equal(last.status, 303, show(last));
    assert.match(textOf((await admin.client.follow(last)).body), /minst én administrator/);
    assert.equal((await admin.client.get(membersPath)).status, 200, 'still an administrator');
    const askerId = await userId(server, asker.email);
    const removed = await admin.client.post(`/aktorer/${org.id}/medlemmer/${askerId}/fjern`, formBody({ _csrf }));
    assert.equal(removed.status, 303, show(removed));
    assert.ok(!textOf((await admin.client.get(membersPath)).body).includes('Spørre Spørsen'));
  });

  it('lets coordinators verify, deactivate and merge duplicates', async () => {
    const coordinator = await userWithRole(server, 'coordinator', { name: 'Koordinator Kari' });
    const owner = await userWithRole(server, 'none', { name: 'Duplikat Eier' });
    const keeper = await userWithRole(server, 'none', { name: 'Original Eier' });
    const source = await registerOrganisation(owner.client, `Duplikatet ${randomId(3)}`);
    const target = await registerOrganisation(keeper.client, `Originalen ${randomId(3)}`);
    const tag = randomId(4);
    const moved = await submit(owner.client, `/aktorer/${source.id}/personer/ny`, `/aktorer/${source.id}/personer/ny`, {
      name: `Flytte Flyttesen ${tag}`,
      email: `flytte-${tag}@example.no`,
      public_consent: '1',
      areas: 'integrering',
      scope: 'all',
    });
    assert.equal(moved.status, 303, show(moved));

    // Verify.
    const editPath = `/aktorer/${target.id}/rediger`;
    const coordinatorView = await coordinator.client.get(editPath);
    assert.equal(coordinatorView.status, 200, show(coordinatorView));
    assert.match(textOf(coordinatorView.body), /For koordinatorer/);
    const verified = await submit(coordinator.client, editPath, `/aktorer/${target.id}/verifiser`);
    assert.equal(verified.status, 303, show(verified));
    const targetPage = await visitor.get(`/aktorer/${target.id}`);
    assert.match(textOf(targetPage.body), /Verifisert/);
    assert.ok(!textOf(targetPage.body).includes('Ikke verifisert ennå'));

    // Merge: errors first, then a confirmation, then the move.
    const mergePath = `/aktorer/${source.id}/sla-sammen`;
    const same = await submit(coordinator.client, mergePath, mergePath, { target: source.id });
    assert.equal(same.status, 422, show(same));
    assert.match(textOf(same.body), /Velg en annen oppføring/);
    const unknown = await submit(coordinator.client, mergePath, mergePath, { target: '99999999' });
    assert.equal(unknown.status, 422, show(unknown));
    const confirm = await submit(coordinator.client, mergePath, mergePath, { target: `/aktorer/${target.id}` });
    assert.equal(confirm.status, 200, show(confirm));
    assert.match(textOf(confirm.body), new RegExp(`slå sammen ${source.name} med ${target.name}`));
    assert.match(textOf(confirm.body), /1 kontaktpersoner, 1 medlemmer/);
    assert.ok(!(await visitor.get(`/aktorer/${target.id}`)).body.includes(`Flytte Flyttesen ${tag}`), 'confirming moves nothing yet');
    const merged = await coordinator.client.post(mergePath, formBody({ _csrf: csrfFrom(confirm.body), target: target.id, confirm: '1' }));
    assert.equal(merged.status, 303, show(merged));
    assert.equal(pathOf(merged.location), `/aktorer/${target.id}`);

    const after = await visitor.get(`/aktorer/${target.id}`);
    assert.match(textOf(after.body), new RegExp(`Flytte Flyttesen ${tag}`), 'the people moved to the target');
    assert.ok(after.body.includes(`flytte-${tag}@example.no`));
    assert.match(textOf(after.body), /Integrering/, 'the contact role moved with the person');
    assert.equal((await owner.client.get(editPath)).status, 200, "the duplicate's administrator now administers the target");
    assert.equal((await keeper.client.get(editPath)).status, 200);
    const old = await visitor.get(`/aktorer/${source.id}`);
    assert.ok(old.status === 404 || (old.status === 301 && pathOf(old.location) === `/aktorer/${target.id}`), show(old));
    assert.equal((await coordinator.client.get(`/aktorer/${source.id}/rediger`)).status, 404, 'the merged entry is managed no more');
    assert.equal((await owner.client.get(`/aktorer/${source.id}/rediger`)).status, 403, 'the membership moved with the rest');
    const listed = (await visitor.get(`/api/v1/aktorer?q=${encodeURIComponent(source.name.split(' ')[1])}`)).json();
    assert.equal(listed.total, 0, 'the merged entry leaves the list');
    const again = await submit(coordinator.client, editPath, mergePath, { target: target.id });
    assert.equal(again.status, 404, 'a merged entry cannot be merged again');

    // Deactivate: the page is gone for visitors and from the list.
    const deactivated = await submit(coordinator.client, editPath, `/aktorer/${target.id}/deaktiver`);
    assert.equal(deactivated.status, 303, show(deactivated));
    assert.equal((await visitor.get(`/aktorer/${target.id}`)).status, 404);
    const gone = (await visitor.get(`/api/v1/aktorer?q=${encodeURIComponent(target.name.split(' ')[1])}`)).json();
    assert.equal(gone.total, 0);
    assert.equal((await keeper.client.get(editPath)).status, 404, 'administrators lose a deactivated entry');
    assert.equal((await coordinator.client.get(editPath)).status, 200, 'coordinators still reach it');
  });
});
