// Coordinators edit the service areas and target groups at /admin/lister: adding (with a slug from
// the bokmål name, duplicates refused), renaming, ordering, deactivating and reactivating. Changes
// show at once in this process and within a few seconds in a second process on the same database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  BIN, Client, SOURCE_DIR, csrfFrom, formsOf, freePort, randomId, show, skipReason, startServer, textOf, userWithRole,
} from '../support/harness.mjs';

const skip = skipReason();

const optionValues = (html, selectName) => {
  const m = new RegExp(`<select[^>]*name="${selectName}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  return m ? [...m[1].matchAll(/<option value="([^"]*)"/g)].map((x) => x[1]).filter(Boolean) : [];
};
const checkboxValues = (html, name) =>
  [...html.matchAll(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`, 'g'))].map((x) => x[1]);

// A second `samskap serve` on the same database, as a load balancer would run it.
async function secondProcess(server) {
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--database', server.dbUrl, '--listen', `127.0.0.1:${port}`], {
    cwd: server.dir,
    env: { ...process.env, SAMSKAP_RESOURCES_DIR: SOURCE_DIR, SAMSKAP_OUTBOX_DIR: path.join(server.dir, 'outbox2'),
      SAMSKAP_ACCESS_LOG: 'false' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not yet listening
    }
    await sleep(50);
  }
  return { url, stop: () => new Promise((resolve) => { proc.once('exit', resolve); proc.kill('SIGTERM'); }) };
}

describe('editable reference lists', { skip }, () => {
  let server;
  let coordinator;
  before(async () => {
    server = await startServer({ demo: true });
    ({ client: coordinator } = await userWithRole(server, 'coordinator', { name: 'Koordinator Liste' }));
  });
  after(() => server?.stop());

  it('refuses people who are not coordinators', async () => {
    const visitor = new Client(server.url);
    const anonymous = await visitor.get('/admin/lister');
    assert.equal(anonymous.status, 303, show(anonymous));
    const { client: member } = await userWithRole(server, 'none');
    assert.equal((await member.get('/admin/lister')).status, 403);
    const _csrf = await member.csrf('/konto');
    const add = await member.post('/admin/lister/malgrupper', { _csrf, name_nb: 'Snik', name_en: 'Sneak' });
    assert.equal(add.status, 403);
    const { client: admin } = await userWithRole(server, 'admin');
    assert.equal((await admin.get('/admin/lister')).status, 200, 'an administrator passes any role');
  });

  it('adds and renames an entry that the registration form and the list filter offer at once', async () => {
    const page = await coordinator.get('/admin/lister');
    assert.equal(page.status, 200, show(page));
    assert.match(textOf(page.body), /Arbeidsinkludering/);
    assert.ok(page.body.includes('href="/admin/lister"'), 'the navigation links the page for coordinators');
    const tag = randomId(3);
    const add = await coordinator.postForm('/admin/lister', '/admin/lister/tjenesteomrader', {
      name_nb: `Grønn omstilling ${tag}`, name_en: `Green transition ${tag}`,
    });
    assert.equal(add.status, 303, show(add));
    const slug = `gronn-omstilling-${tag}`;
    const after = await coordinator.follow(add);
    assert.match(textOf(after.body), /Oppføringen er lagt til/);
    assert.ok(after.body.includes(`<code>${slug}</code>`), 'the slug is folded ASCII with hyphens');

    const form = await coordinator.get('/aktorer/ny/detaljer?uten=1');
    assert.equal(form.status, 200, show(form));
    assert.ok(checkboxValues(form.body, 'service_areas').includes(slug), 'the registration form offers it');
    const list = await new Client(server.url).get('/aktorer');
    assert.ok(optionValues(list.body, 'tjenesteomrade').includes(slug), 'the list filter offers it');
    assert.match(textOf(list.body), new RegExp(`Grønn omstilling ${tag}`));

    // A duplicate (same name, other case) is refused and what was typed stays.
    const dup = await coordinator.postForm('/admin/lister', '/admin/lister/tjenesteomrader', {
      name_nb: `GRØNN OMSTILLING ${tag}`, name_en: 'Again',
    });
    assert.equal(dup.status, 422, show(dup));
    assert.match(textOf(dup.body), /Listen har allerede en oppføring med dette navnet/);
    assert.ok(dup.body.includes(`value="GRØNN OMSTILLING ${tag}"`) && dup.body.includes('value="Again"'));
    assert.ok(dup.body.includes('ds-error-summary'));
    const empty = await coordinator.postForm('/admin/lister', '/admin/lister/malgrupper', { name_nb: '', name_en: '' });
    assert.equal(empty.status, 422);
    assert.match(textOf(empty.body), /Skriv navnet på bokmål/);

    const rename = await coordinator.postForm(`/admin/lister/tjenesteomrader/${slug}`,
      `/admin/lister/tjenesteomrader/${slug}`, { name_nb: `Grønt skifte ${tag}`, name_en: `Green shift ${tag}` });
    assert.equal(rename.status, 303, show(rename));
    const renamed = await new Client(server.url).get('/aktorer');
    assert.match(textOf(renamed.body), new RegExp(`Grønt skifte ${tag}`));
    assert.ok(!textOf(renamed.body).includes(`Grønn omstilling ${tag}`));
    const english = new Client(server.url);
    english.setCookie('lang', 'en');
    assert.match(textOf((await english.get('/aktorer')).body), new RegExp(`Green shift ${tag}`));
    assert.equal((await coordinator.get('/admin/lister/tjenesteomrader/finnes-ikke')).status, 404);
  });

  it('moves entries up and down', async () => {
    const before = optionValues((await coordinator.get('/aktorer')).body, 'malgruppe');
    const second = before[1];
    const move = await coordinator.postForm('/admin/lister', `/admin/lister/malgrupper/${second}/flytt`, { retning: 'opp' });
    assert.equal(move.status, 303, show(move));
    const afterUp = optionValues((await coordinator.get('/aktorer')).body, 'malgruppe');
    assert.deepEqual(afterUp.slice(0, 2), [before[1], before[0]]);
    const back = await coordinator.postForm('/admin/lister', `/admin/lister/malgrupper/${second}/flytt`, { retning: 'ned' });
    assert.equal(back.status, 303);
    assert.deepEqual(optionValues((await coordinator.get('/aktorer')).body, 'malgruppe'), before);
  });

  it('hides a deactivated entry from forms and filters but keeps it, labelled, on organisations', async () => {
    const api = (await new Client(server.url).get('/api/v1/aktorer?tjenesteomrade=arbeidsinkludering')).json();
    assert.ok(api.total > 0, 'demo organisations work with work inclusion');
    const orgUrl = api.results[0].url;
    const deactivate = await coordinator.postForm('/admin/lister', '/admin/lister/tjenesteomrader/arbeidsinkludering/status', { aktiv: '0' });
    assert.equal(deactivate.status, 303, show(deactivate));
    try {
      const list = await coordinator.get('/aktorer');
      assert.ok(!optionValues(list.body, 'tjenesteomrade').includes('arbeidsinkludering'));
      const form = await coordinator.get('/aktorer/ny/detaljer?uten=1');
      assert.ok(!checkboxValues(form.body, 'service_areas').includes('arbeidsinkludering'));
      const org = await new Client(server.url).get(orgUrl);
      assert.equal(org.status, 200);
      assert.match(textOf(org.body), /Arbeidsinkludering \(ikke lenger i bruk\)/);
      const admin = await coordinator.get('/admin/lister');
      assert.match(textOf(admin.body), /Deaktivert/);
      // Saving the profile keeps the deactivated tag the form no longer shows.
      const id = orgUrl.split('/').pop();
      const edit = await coordinator.get(`/aktorer/${id}/rediger`);
      assert.equal(edit.status, 200, show(edit));
      const fields = new URLSearchParams();
      for (const f of formsOf(edit.body).filter((f) => f.method === 'post' && f.action === `/aktorer/${id}/rediger`)) {
        for (const m of f.html.matchAll(/<input\b[^>]*>/g)) {
          const name = /name="([^"]*)"/.exec(m[0])?.[1];
          const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
          const type = /type="([^"]*)"/.exec(m[0])?.[1];
          if (!name || ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(m[0]))) continue;
          fields.append(name, value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
        }
        for (const m of f.html.matchAll(/<textarea\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
          fields.append(m[1], m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
        for (const m of f.html.matchAll(/<select\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
          const sel = /<option value="([^"]*)" selected/.exec(m[2]);
          if (sel) fields.append(m[1], sel[1]);
        }
      }
      if (!fields.get('service_areas')) fields.append('service_areas', 'helse');
      const saved = await coordinator.post(`/aktorer/${id}/rediger`, fields.toString());
      assert.equal(saved.status, 303, show(saved));
      assert.match(textOf((await new Client(server.url).get(orgUrl)).body), /Arbeidsinkludering \(ikke lenger i bruk\)/);
    } finally {
      const back = await coordinator.postForm('/admin/lister', '/admin/lister/tjenesteomrader/arbeidsinkludering/status', { aktiv: '1' });
      assert.equal(back.status, 303);
    }
    const list = await coordinator.get('/aktorer');
    assert.ok(optionValues(list.body, 'tjenesteomrade').includes('arbeidsinkludering'), 'reactivated');
  });

  it('serves the public list from a cache that never mixes users and follows writes', async () => {
    const tag = `cachetest${randomId(3)}`;
    const visitor = new Client(server.url);
    const mine = await coordinator.get(`/aktorer?q=${tag}`);
    assert.match(textOf(mine.body), /Ingen aktører passer søket/);
    const theirs = await visitor.get(`/aktorer?q=${tag}`);
    assert.ok(mine.body.includes('Koordinator Liste') && !theirs.body.includes('Koordinator Liste'),
      'the signed-in name stays with its user');
    assert.ok(!theirs.body.includes('action="/logg-ut"'));
    const register = async (client, name) => {
      const res = await client.postForm('/aktorer/ny', '/aktorer/ny', {
        name, kind: 'support_actor', short_description: `Testorganisasjon ${tag}`, municipality_number: '3907',
      });
      assert.equal(res.status, 303, show(res));
    };
    await register(coordinator, `Hurtig ${tag}`);
    assert.match(textOf((await visitor.get(`/aktorer?q=${tag}`)).body), new RegExp(`Hurtig ${tag}`),
      'a write in this process shows at once');
    // A write through another process shows here within the cache's lifetime (about a second).
    const other = await secondProcess(server);
    try {
      const there = new Client(other.url);
      for (const [k, v] of coordinator.cookies) there.setCookie(k, v);
      await register(there, `Fjern ${tag}`);
      let seen = false;
      for (let i = 0; i < 30 && !seen; i++) {
        seen = textOf((await visitor.get(`/aktorer?q=${tag}`)).body).includes(`Fjern ${tag}`);
        if (!seen) await sleep(100);
      }
      assert.ok(seen, 'the other process\'s write shows within three seconds');
    } finally {
      await other.stop();
    }
  });

  it('reaches another serve process on the same database within a few seconds', async () => {
    const other = await secondProcess(server);
    try {
      const visitor = new Client(other.url);
      assert.equal((await visitor.get('/aktorer')).status, 200);
      const tag = randomId(3);
      const add = await coordinator.postForm('/admin/lister', '/admin/lister/malgrupper', {
        name_nb: `Pendlere ${tag}`, name_en: `Commuters ${tag}`,
      });
      assert.equal(add.status, 303, show(add));
      let seen = false;
      for (let i = 0; i < 40 && !seen; i++) {
        seen = optionValues((await visitor.get('/aktorer')).body, 'malgruppe').includes(`pendlere-${tag}`);
        if (!seen) await sleep(100);
      }
      assert.ok(seen, 'the other process offers the new entry within four seconds');
    } finally {
      await other.stop();
    }
  });
});
