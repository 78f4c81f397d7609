// The follow page in a real browser, by keyboard, with axe (WCAG 2.1 A and AA) on every state:
// empty, with a followed need and chosen service areas and municipalities, after unfollowing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client, run, signIn, startServer, strongPassword, uniqueEmail } from '../support/harness.mjs';

import { checkA11y, inPage, launchChromium, mainText, openPage, pathname, pressAndWait, signInByKeyboard } from './support.mjs';

describe('following in the browser', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ engine: 'sqlite', demo: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('chooses, lists and drops follows by keyboard with axe clean', { timeout: 180_000 }, async () => {
    const email = uniqueEmail('folg');
    const password = strongPassword();
    const r = await server.cli(['user', 'add', '--email', email, '--name', 'Frida Følger', '--password', password]);
    assert.equal(r.code, 0, r.stderr);
    // A published need to follow (the needs pages that carry the follow button are not part of this test).
    const t = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const db = server.dbUrl.replace(/^sqlite:\/\//, '');
    const added = await run('sqlite3', ['-cmd', '.timeout 10000', db,
      `INSERT INTO needs (organisation_id, title, status, published_at, created_at, updated_at)
       VALUES ((SELECT MIN(id) FROM organisations), 'Flere unge i arbeid', 'published', '${t}', '${t}', '${t}') RETURNING id`]);
    assert.equal(added.code, 0, added.stderr);
    const client = new Client(server.url);
    await signIn(client, email, password);
    const res = await client.postForm('/konto/folger', '/konto/folger/folg', { kind: 'need', target: added.stdout.trim() });
    assert.equal(res.status, 303);

    const view = await openPage(browser);
    const { page, watch } = view;
    await inPage(view, async () => {
      await page.goto(`${server.url}/konto/folger`);
      await signInByKeyboard(page, email, password);
      assert.equal(pathname(page), '/konto/folger');
      assert.match(await mainText(page), /Flere unge i arbeid/);
      assert.match(await mainText(page), /Du følger ingen tjenesteområder eller kommuner ennå/);
      await checkA11y(page, watch.visited);

      // Tick a service area and a municipality in a county's group, by keyboard.
      const area = page.locator('input[name="service_areas"]').first();
      await area.focus();
      await page.keyboard.press('Space');
      await page.locator('details summary').first().focus();
      await page.keyboard.press('Enter');
      // The county opens before its checkboxes can take the focus.
      await page.locator('details[open]').first().waitFor();
      const municipality = page.locator('details[open] input[name="municipalities"]').first();
      await municipality.focus();
      await page.keyboard.press('Space');
      assert.equal(await municipality.isChecked(), true);
      await checkA11y(page, watch.visited);
      // The user moves on to the save button and presses it.
      await page.getByRole('button', { name: 'Lagre det jeg følger' }).focus();
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), '/konto/folger');
      assert.match(await mainText(page), /Valgene dine er lagret/);
      assert.equal(await page.locator('input[name="service_areas"]:checked').count(), 1);
      assert.equal(await page.locator('input[name="municipalities"]:checked').count(), 1);
      assert.equal(await page.locator('details[open]').count(), 1, 'the county with a choice is open');
      await checkA11y(page, watch.visited);

      // Stop following the need with its button.
      await page.getByRole('button', { name: 'Slutt å følge Flere unge i arbeid' }).focus();
      await pressAndWait(page, 'Enter');
      assert.match(await mainText(page), /Du følger ikke lenger dette/);
      assert.match(await mainText(page), /Du følger ingen enkeltbehov/);
      await checkA11y(page, watch.visited);
    });
  });
});
