// The open dialogue on a need in a real browser, axe (WCAG 2.1 A and AA) on every page: a social
// enterprise asks a question, the owner answers it, the asker and a visitor read the answer; the
// owner logs a meeting, is told off for a future date and a missing reason, edits the entry, and a
// visitor reads the whole history.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { skipReason, startServer, userWithRole } from '../support/harness.mjs';
import { memberOf, publishedNeed } from '../support/market.mjs';
import { checkA11y, follow, inPage, launchChromium, mainText, openPage, pathname, signInByKeyboard } from './support.mjs';

const skip = skipReason();

async function signedIn(browser, user, path) {
  const session = await openPage(browser);
  await session.page.goto(`${browser.base}/logg-inn?next=${encodeURIComponent(path)}`);
  await signInByKeyboard(session.page, user.email, user.password);
  assert.equal(pathname(session.page), path);
  return session;
}

// Submits the form holding the given button text and waits for the next page.
async function press(page, label) {
  await follow(page, page.getByRole('button', { name: label }));
}

describe('needs dialogue in the browser', { skip }, () => {
  let server;
  let browser;
  let owner;
  let asker;
  let needId;
  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    const coordinator = await userWithRole(server, 'coordinator');
    owner = await memberOf(server, 'municipality', { coordinator });
    asker = await memberOf(server, 'social_enterprise');
    needId = await publishedNeed(owner, { title: 'Aktivitet for unge utenfor skole' });
    browser = await launchChromium();
    browser.base = server.url;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks a question, answers it, and shows the answer to everyone', async () => {
    const path = `/behov/${needId}/sporsmal`;
    const question = 'Kan tilbudet gis på kveldstid?';
    const a = await signedIn(browser, asker, path);
    await inPage(a, async () => {
      const { page, watch } = a;
      await checkA11y(page, watch.visited);
      await press(page, 'Send spørsmålet');
      assert.equal(watch.status, 422);
      assert.match(await mainText(page), /Skriv spørsmålet\./);
      await checkA11y(page, watch.visited);
      await page.getByLabel('Spørsmålet ditt').fill(question);
      await press(page, 'Send spørsmålet');
      assert.equal(pathname(page), path);
      assert.match(await mainText(page), /Spørsmålet er sendt/);
      assert.match(await mainText(page), /Ikke besvart ennå/);
    });

    const o = await signedIn(browser, owner, path);
    await inPage(o, async () => {
      const { page, watch } = o;
      assert.match(await mainText(page), /1 spørsmål, 1 ubesvart/);
      await checkA11y(page, watch.visited);
      await page.getByLabel('Svar på spørsmålet').fill('Ja, mellom klokken 17 og 20.');
      await press(page, 'Publiser svaret');
      assert.match(await mainText(page), /Svaret er publisert/);
      assert.match(await mainText(page), /mellom klokken 17 og 20/);
    });

    const v = await openPage(browser);
    await inPage(v, async () => {
      const { page, watch } = v;
      await page.goto(`${server.url}${path}`);
      const text = await mainText(page);
      assert.match(text, /Kan tilbudet gis på kveldstid\?/);
      assert.match(text, /mellom klokken 17 og 20/);
      assert.doesNotMatch(text, new RegExp(asker.name));
      await checkA11y(page, watch.visited);
    });
  });

  it('logs a meeting, edits it with a reason, and shows the history', async () => {
    const path = `/behov/${needId}/dialog`;
    const o = await signedIn(browser, owner, path);
    let entryPath = '';
    await inPage(o, async () => {
      const { page, watch } = o;
      await checkA11y(page, watch.visited);
      const tomorrow = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await page.getByLabel('Dato').fill(tomorrow);
      await page.getByLabel('Form').selectOption('meeting');
      await page.getByLabel('Hvem deltok').fill('Aktivitetshuset SA, Ola Nordmann');
      await page.getByLabel('Sammendrag').fill('Møte om kveldstilbud.');
      await press(page, 'Før inn i loggen');
      assert.equal(watch.status, 422);
      assert.match(await mainText(page), /kan ikke være fram i tid/);
      assert.equal(await page.getByLabel('Hvem deltok').inputValue(), 'Aktivitetshuset SA, Ola Nordmann');
      await checkA11y(page, watch.visited);
      await page.getByLabel('Dato').fill('2026-11-02');
      await press(page, 'Før inn i loggen');
      assert.match(await mainText(page), /Oppføringen er ført inn/);

      await follow(page, page.getByRole('link', { name: /Ikke endret/ }));
      entryPath = pathname(page);
      await follow(page, page.getByRole('link', { name: 'Endre oppføringen' }));
      await page.getByLabel('Sammendrag').fill('Møte om kveldstilbud og transport.');
      await press(page, 'Lagre ny versjon');
      assert.equal(watch.status, 422);
      assert.match(await mainText(page), /Skriv hvorfor oppføringen endres/);
      assert.equal(await page.getByLabel('Sammendrag').inputValue(), 'Møte om kveldstilbud og transport.');
      await checkA11y(page, watch.visited);
      await page.getByLabel('Hvorfor endres oppføringen?').fill('Transport ble også drøftet');
      await press(page, 'Lagre ny versjon');
      assert.equal(pathname(page), entryPath);
      assert.match(await mainText(page), /Versjon 2 \(gjeldende\)/);
    });

    const v = await openPage(browser);
    await inPage(v, async () => {
      const { page, watch } = v;
      await page.goto(`${server.url}${path}`);
      assert.match(await mainText(page), /Endret 1 gang/);
      await checkA11y(page, watch.visited);
      await follow(page, page.getByRole('link', { name: /Endret 1 gang/ }));
      const text = await mainText(page);
      assert.match(text, /Versjon 2 \(gjeldende\)/);
      assert.match(text, /Transport ble også drøftet/);
      assert.match(text, /Versjon 1/);
      assert.match(text, /Møte om kveldstilbud\./);
      await checkA11y(page, watch.visited);
      // At phone width nothing pushes the page sideways.
      await page.setViewportSize({ width: 360, height: 740 });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(wide <= 1, `the history is ${wide}px too wide at 360px`);
    });
  });
});
