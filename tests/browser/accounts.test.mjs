// The account journey in a real browser, by keyboard alone, with axe (WCAG 2.1 A and AA) on
// every page: skip link, sign-up with a mistake and its correction, the verification mail,
// sign-in, switching to English, sign-out and the 404 page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { VERIFY_SUBJECT, linkFrom, randomId, startServer, strongPassword, uniqueEmail, waitForMail } from '../support/harness.mjs';

import { checkA11y, focused, launchChromium, mainText, pathname, pressAndWait, tabTo, typeInto } from './support.mjs';

describe('accounts in the browser, by keyboard', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ engine: 'sqlite' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs up, verifies, signs in, switches language and signs out with axe clean on every page', { timeout: 180_000 }, async () => {
    // A Norwegian reader: the browser asks for bokmål, as most of our users' browsers do.
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const visited = [];
    const foreign = [];
    const failedAssets = [];
    const consoleErrors = [];
    let documentStatus = null;
    page.on('request', (req) => {
      const u = new URL(req.url());
      if (!['data:', 'blob:', 'about:'].includes(u.protocol) && u.hostname !== '127.0.0.1') foreign.push(req.url());
    });
    page.on('response', (res) => {
      if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) documentStatus = res.status();
      else if (res.status() >= 400) failedAssets.push(`${res.status()} ${res.url()}`);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));

    try {
      // Front page; the first Tab reaches the skip link, and Enter moves focus to the main content.
      await page.goto(`${server.url}/`);
      assert.equal(documentStatus, 200);
      await checkA11y(page, visited);
      await page.keyboard.press('Tab');
      const skip = await focused(page);
      assert.equal(skip.text, 'Hopp til hovedinnhold', `first Tab focused ${JSON.stringify(skip)}`);
      assert.equal(skip.href, '#main');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => {
        const main = document.getElementById('main');
        return main && (document.activeElement === main || main.contains(document.activeElement));
      }, null, { timeout: 3000 });
      await page.keyboard.press('Tab');
      assert.equal((await focused(page))?.inHeader, false, 'after the skip link, Tab must not go back into the header');

      // Sign-up with a password that is too short: the error, and name and e-mail kept.
      const name = 'Kari Nordmann';
      const email = uniqueEmail('nettleser');
      const password = strongPassword();
      await page.goto(`${server.url}/registrer`);
      await checkA11y(page, visited);
      await typeInto(page, 'name', name);
      await typeInto(page, 'email', email);
      await typeInto(page, 'password', 'for-kort');
      await typeInto(page, 'password_confirm', 'for-kort');
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), '/registrer');
      assert.equal(documentStatus, 422);
      assert.ok(await page.locator('#password-error').isVisible(), 'the password error is not shown');
      assert.ok((await page.locator('#password-error').innerText()).trim().length > 0);
      assert.equal(await page.locator('input[name="name"]').inputValue(), name);
      assert.equal(await page.locator('input[name="email"]').inputValue(), email);
      assert.equal(await page.locator('input[name="password"]').inputValue(), '');
      await checkA11y(page, visited);

      // Correct it and submit.
      await typeInto(page, 'password', password);
      await typeInto(page, 'password_confirm', password);
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), '/registrer/sjekk-e-post', `after the corrected sign-up: ${page.url()}`);
      assert.equal(documentStatus, 200);
      await checkA11y(page, visited);

      // The link from the mail verifies the address and lands signed out on the sign-in page.
      const mail = await waitForMail(server.sink, { to: email, subject: VERIFY_SUBJECT });
      await page.goto(server.url + linkFrom(mail, server.url, '/bekreft'));
      assert.equal(pathname(page), '/logg-inn');
      assert.match(await mainText(page), /bekreftet/i, 'no success message after verification');
      assert.equal(await page.locator('form[action="/logg-ut"]').count(), 0, 'signed out after verification');
      await checkA11y(page, visited);

      // Sign in.
      await typeInto(page, 'email', email);
      await typeInto(page, 'password', password);
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), '/konto', `after sign-in: ${page.url()}`);
      const accountText = await mainText(page);
      assert.ok(accountText.includes(name) && accountText.includes(email), `the account page: ${accountText}`);
      const norwegianHeading = (await page.locator('h1').innerText()).trim();
      await checkA11y(page, visited);

      // Switch to English with the header link.
      await tabTo(page, { tag: 'A', text: 'English' });
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), '/konto');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.notEqual((await page.locator('h1').innerText()).trim(), norwegianHeading, 'the heading is not translated');
      assert.equal(await page.locator('header a', { hasText: 'Norsk (bokmål)' }).count(), 1, 'no link back to Norwegian');
      await checkA11y(page, visited);

      // Sign out with the header button.
      await tabTo(page, { tag: 'BUTTON', formAction: '/logg-ut' });
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), '/');
      assert.equal(await page.locator('form[action="/logg-ut"]').count(), 0, 'still signed in after sign-out');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the language choice survives sign-out');
      await checkA11y(page, visited);

      // A missing page.
      const res = await page.goto(`${server.url}/finnes-ikke-${randomId()}`);
      assert.equal(res.status(), 404);
      assert.equal((await page.locator('h1').innerText()).trim(), 'Page not found');
      await checkA11y(page, visited);

      assert.deepEqual(foreign, [], 'requests to other hosts than 127.0.0.1');
      assert.deepEqual(failedAssets, [], 'page resources that failed to load');
      assert.deepEqual(consoleErrors, [], 'console errors (a CSP violation shows up here)');
      assert.ok(visited.length >= 9, `axe ran on ${visited.join(', ')}`);
    } catch (error) {
      error.message += `\n(page: ${page.url()}; axe ran on: ${visited.join(', ')})`;
      throw error;
    } finally {
      await context.close();
    }
  });
});
