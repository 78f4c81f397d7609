// Shared helpers for the browser tests: Debian's Chromium with the flags we always use, axe
// (WCAG 2.1 A and AA) plus a duplicate-id check, keyboard navigation, and a watch on every page
// for requests to other hosts, failed assets and console errors. checkA11y, focused, tabTo,
// pressAndWait and typeInto are copies of the ones in accounts.test.mjs.
import assert from 'node:assert/strict';

import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const launchChromium = () =>
  chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    at ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `  ${v.id} [${v.impact}] ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

// Runs axe on the page as it is now; zero WCAG 2.1 A/AA violations allowed. axe no longer
// checks duplicate ids (WCAG 2.1 4.1.1), which break label-for and aria references, so we do.
export async function checkA11y(page, visited) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const url = new URL(page.url());
  visited.push(url.pathname + url.search);
  assert.equal(
    results.violations.length,
    0,
    `axe found ${results.violations.length} WCAG violation(s) on ${page.url()}:\n${formatViolations(results.violations)}`,
  );
  const duplicates = await page.evaluate(() => {
    const count = new Map();
    for (const el of document.querySelectorAll('[id]')) count.set(el.id, (count.get(el.id) ?? 0) + 1);
    return [...count].filter(([, n]) => n > 1).map(([id, n]) => `#${id} ×${n}`);
  });
  assert.deepEqual(duplicates, [], `duplicate ids on ${page.url()} (a label or aria reference then points at the wrong field)`);
}

// What has keyboard focus.
export const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return null;
    return {
      tag: el.tagName,
      id: el.id,
      name: el.getAttribute('name'),
      type: el.getAttribute('type'),
      href: el.getAttribute('href'),
      text: el.tagName === 'SELECT' ? '' : (el.innerText ?? el.textContent ?? '').trim(),
      formAction: el.closest('form')?.getAttribute('action') ?? null,
      inHeader: Boolean(el.closest('header')),
      inMain: Boolean(el.closest('main')),
      value: 'value' in el ? el.value : undefined,
      checked: 'checked' in el ? el.checked : undefined,
    };
  });

const matches = (info, want) => info && Object.entries(want).every(([k, v]) => info[k] === v);

const describeFocus = (info) =>
  info
    ? `${info.tag}${info.name ? `[name=${info.name}]` : ''}${info.value && info.type === 'checkbox' ? `[value=${info.value}]` : ''}${info.text ? ` "${info.text.slice(0, 30)}"` : ''}`
    : 'nothing';

// Presses Tab (or Shift+Tab) until the focused element has every property in `want`; fails after `max` presses.
export async function tabTo(page, want, { max = 100, key = 'Tab' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const info = await focused(page);
    if (matches(info, want)) return info;
    seen.push(describeFocus(info));
  }
  assert.fail(`${key} never reached ${JSON.stringify(want)} on ${page.url()}; focus went: ${seen.slice(0, 40).join(' → ')}`);
}

// Presses a key that navigates (submit, follow a link) and waits for the new page.
export async function pressAndWait(page, key = 'Enter') {
  const before = describeFocus(await focused(page));
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
  await page.keyboard.press(key);
  try {
    await navigated;
  } catch (e) {
    // Say where the key went, so that a page that did not move can be told from a slow one.
    e.message += `\n${key} was pressed on ${before}; the focus is now on ${describeFocus(await focused(page))} at ${page.url()}`;
    throw e;
  }
  await page.waitForLoadState('load');
}

// Clicks (follows) a link and waits for the new page.
export async function follow(page, locator) {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 15_000 });
  await locator.click();
  await navigated;
  await page.waitForLoadState('load');
}

export async function typeInto(page, name, text, tag = 'INPUT') {
  await tabTo(page, { tag, name });
  await page.keyboard.type(text);
}

// Tabs to <select name=...> and picks the option with this label as a keyboard user does: types
// the start of it (type-ahead on a closed select; only the first word, as Space would open the
// list), or else goes Home and down with the arrow keys.
export async function chooseByKeyboard(page, name, label) {
  await tabTo(page, { tag: 'SELECT', name });
  const select = page.locator(`select[name="${name}"]`);
  const chosen = () => select.evaluate((s) => s.selectedOptions[0]?.textContent.trim() ?? '');
  const firstWord = /^[A-Za-z0-9]+/.exec(label)?.[0];
  if (firstWord) await page.keyboard.type(firstWord);
  if ((await chosen()) !== label) {
    await page.keyboard.press('Home');
    const options = await select.evaluate((s) => s.options.length);
    for (let i = 0; i < options && (await chosen()) !== label; i++) await page.keyboard.press('ArrowDown');
  }
  assert.equal(await chosen(), label, `could not choose «${label}» in select[name=${name}] by keyboard`);
  assert.equal((await focused(page))?.name, name, `focus left select[name=${name}] while choosing`);
  return select.inputValue();
}

// Moves focus with Enter on an in-page link (an error summary entry) and returns what has focus.
export async function followInPageLink(page, href) {
  await tabTo(page, { tag: 'A', href });
  await page.keyboard.press('Enter');
  const id = href.slice(1);
  await page.waitForFunction((target) => document.activeElement?.id === target, id, { timeout: 3000 }).catch(() => {});
  return focused(page);
}

export const pathname = (page) => new URL(page.url()).pathname;
export const mainText = async (page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

// A page in a fresh context that records what it should never see: requests to other hosts
// than 127.0.0.1, failed page resources and console errors (a CSP violation shows up there).
// watch.status is the HTTP status of the last document loaded in the main frame.
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ locale: 'nb-NO', ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const watch = { visited: [], foreign: [], failedAssets: [], consoleErrors: [], status: null };
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (!['data:', 'blob:', 'about:'].includes(u.protocol) && u.hostname !== '127.0.0.1') watch.foreign.push(req.url());
  });
  page.on('response', (res) => {
    if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) watch.status = res.status();
    else if (res.status() >= 400) watch.failedAssets.push(`${res.status()} ${res.url()}`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) watch.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(String(error)));
  watch.assertClean = () => {
    assert.deepEqual(watch.foreign, [], 'requests to other hosts than 127.0.0.1');
    assert.deepEqual(watch.failedAssets, [], 'page resources that failed to load');
    assert.deepEqual(watch.consoleErrors, [], 'console errors (a CSP violation shows up here)');
  };
  return { context, page, watch };
}

// Runs `body`, adding the current page and the pages axe checked to any failure, then closes the context.
export async function inPage({ context, page, watch }, body) {
  try {
    await body();
    watch.assertClean();
  } catch (error) {
    error.message += `\n(page: ${page.url()}; axe ran on: ${watch.visited.join(', ')})`;
    throw error;
  } finally {
    await context.close();
  }
}

// Signs in on the sign-in form the page shows, by keyboard.
export async function signInByKeyboard(page, email, password) {
  assert.equal(pathname(page), '/logg-inn', `expected the sign-in form, got ${page.url()}`);
  await typeInto(page, 'email', email);
  await typeInto(page, 'password', password);
  await pressAndWait(page, 'Enter');
  assert.notEqual(pathname(page), '/logg-inn', `sign-in of ${email} failed: ${await mainText(page)}`);
}

// The horizontal overflow of the document, with the widest culprits for the message.
export const overflow = (page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const limit = root.clientWidth;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > limit + 1)
      .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > limit + 1))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().replace(/\s+/g, '.')}` : ''} «${(el.textContent ?? '').trim().slice(0, 50)}» right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: limit, culprits };
  });
