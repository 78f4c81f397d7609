// The directory in a real browser with the demo data, axe (WCAG 2.1 A and AA) on every page:
// registering an organisation by keyboard in three screens, searching with an inflected word and
// filters and sorting in Norwegian order, asking a municipality who to contact, the coverage
// view with its CSV export, and the list and an organisation page at phone width.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { SOURCE_DIR, randomId, startServer, textOf, userWithRole } from '../support/harness.mjs';
import {
  checkA11y,
  chooseByKeyboard,
  follow,
  followInPageLink,
  focused,
  inPage,
  launchChromium,
  mainText,
  openPage,
  overflow,
  pathname,
  pressAndWait,
  signInByKeyboard,
  tabTo,
  typeInto,
} from './support.mjs';

const nb = new Intl.Collator('nb');

// A valid organisation number (MOD11) that no demo organisation uses, made from a random stem.
function validOrgnr() {
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const d = Array.from({ length: 8 }, (_, i) => (i === 0 ? 8 + Math.floor(Math.random() * 2) : Math.floor(Math.random() * 10)));
    const r = d.reduce((s, x, i) => s + x * w[i], 0) % 11;
    if (r === 1) continue;
    return d.join('') + String(r === 0 ? 0 : 11 - r);
  }
}

// The same number with another check digit: a typing mistake the MOD11 check catches.
const withWrongCheckDigit = (orgnr) => orgnr.slice(0, 8) + String((Number(orgnr[8]) + 1) % 10);

function referenceRows(file) {
  const [header, ...rows] = readFileSync(path.join(SOURCE_DIR, 'content', 'reference', file), 'utf8').trim().split(/\r?\n/);
  const names = header.split(';');
  return rows.map((line) => Object.fromEntries(line.split(';').map((v, i) => [names[i], v])));
}
const VESTFOLD = referenceRows('municipalities.csv').filter((m) => m.county_number === '39' && !m.replaced_by);
const SERVICE_AREAS = referenceRows('service_areas.csv').map((a) => a.name_nb);

// The result cards of the list page: {name, href, text}.
const resultCards = (page) =>
  page.locator('main .site-results > li').evaluateAll((items) =>
    items.map((li) => {
      const a = li.querySelector('h2 a');
      return { name: a?.textContent.trim() ?? '', href: a?.getAttribute('href') ?? '', text: li.innerText.replace(/\s+/g, ' ') };
    }),
  );

// Which form the page shows in <main> ("GET /aktorer/ny/detaljer"), or the page itself when it has none.
const screenOf = (page) =>
  page.evaluate(() => {
    const form = document.querySelector('main form');
    return form ? `${(form.getAttribute('method') || 'get').toUpperCase()} ${form.getAttribute('action')}` : `page ${location.pathname}`;
  });

// The error summary's entries, each with whether its target exists.
const errorSummary = (page) =>
  page.locator('main .ds-error-summary a').evaluateAll((links) =>
    links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim(), target: Boolean(document.getElementById(a.getAttribute('href').slice(1))) })),
  );

describe('the directory in the browser', () => {
  let server;
  let browser;
  const tag = `sortprove${randomId(3)}`;
  // Organisations whose names start with A, Z, Æ, Ø and Å, in Vestfold, about work inclusion,
  // with "kommunene" in the description: the search below finds them and sorts them by name.
  const seeded = ['Aker', 'Zebra', 'Ærfugl', 'Østre', 'Åkerøy'].map((n) => `${n} ${tag}`);

  before(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
    const { client } = await userWithRole(server, 'none', { name: 'Frø Testesen' });
    for (const name of seeded) {
      const res = await client.postForm('/aktorer/ny', '/aktorer/ny', {
        name,
        kind: 'support_actor',
        short_description: `Samarbeider med kommunene i Vestfold om arbeid (${tag})`,
        municipality_number: '3907',
        service_areas: 'arbeidsinkludering',
      });
      assert.equal(res.status, 303, `seeding ${name}: ${res.status} ${res.body.slice(0, 300)}`);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('registers an enterprise by organisation number in three screens, by keyboard alone', { timeout: 90_000 }, async () => {
    const user = await userWithRole(server, 'none', { name: 'Gründer Tastesen' });
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      // The registration page asks a signed-out visitor to sign in first, and comes back.
      await page.goto(`${server.url}/aktorer/ny`);
      assert.equal(pathname(page), '/logg-inn', `a signed-out visitor is sent to sign in: ${page.url()}`);
      await checkA11y(page, watch.visited);
      await signInByKeyboard(page, user.email, user.password);
      assert.equal(pathname(page), '/aktorer/ny', `back to the registration after sign-in: ${page.url()}`);
      assert.equal(watch.status, 200);
      await checkA11y(page, watch.visited);

      const screens = [await screenOf(page)];
      const next = async () => {
        await pressAndWait(page, 'Enter');
        screens.push(await screenOf(page));
      };

      // Screen 1 with a wrong check digit: the error next to the field and in the summary.
      const orgnr = validOrgnr();
      const wrong = withWrongCheckDigit(orgnr);
      await typeInto(page, 'orgnr', wrong);
      await next();
      assert.equal(watch.status, 422, 'a wrong check digit is refused');
      const field = page.locator('#f-orgnr');
      assert.equal(await field.inputValue(), wrong, 'the number typed is kept');
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.match(await field.getAttribute('aria-describedby'), /\borgnr-error\b/);
      const fieldError = page.locator('#orgnr-error');
      assert.ok(await fieldError.isVisible(), 'the error is shown next to the field');
      const errorText = (await fieldError.innerText()).trim();
      assert.match(errorText, /kontrollsifferet/);
      assert.deepEqual(await errorSummary(page), [{ href: '#f-orgnr', text: errorText, target: true }], 'the error summary');
      await checkA11y(page, watch.visited);

      // The summary's link takes the keyboard to the field; replace the number with the right one.
      const atField = await followInPageLink(page, '#f-orgnr');
      assert.equal(atField?.id, 'f-orgnr', `the error summary link should focus the field, focus is on ${JSON.stringify(atField)}`);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(`${orgnr.slice(0, 3)} ${orgnr.slice(3, 6)} ${orgnr.slice(6)}`);
      await next();
      assert.equal(pathname(page), '/aktorer/ny/detaljer');
      assert.equal(watch.status, 200, `the right number leads on: ${await mainText(page)}`);
      assert.ok((await mainText(page)).includes(orgnr), 'screen 2 shows the organisation number');
      await checkA11y(page, watch.visited);

      // Screen 2, first without choosing a kind.
      const name = `Fjordlys Arbeid ${randomId(3)}`;
      const description = 'Arbeidstrening og tett oppfølging for unge i Sandefjord';
      await typeInto(page, 'name', name);
      await typeInto(page, 'short_description', description, 'TEXTAREA');
      await tabTo(page, { tag: 'INPUT', name: 'service_areas', value: 'arbeidsinkludering' });
      await page.keyboard.press('Space');
      assert.equal((await focused(page)).checked, true, 'Space ticks the service area');
      assert.equal(await chooseByKeyboard(page, 'municipality_number', 'Sandefjord'), '3907');
      await tabTo(page, { tag: 'BUTTON', formAction: '/aktorer/ny', text: 'Registrer' });
      await next();
      assert.equal(watch.status, 422, 'no kind chosen');
      const kindError = page.locator('#kind-error');
      assert.ok(await kindError.isVisible(), 'the error is shown in the kind group');
      const kindText = (await kindError.innerText()).trim();
      assert.match(kindText, /Velg hvilken type aktør/);
      assert.match((await page.locator('#f-kind').getAttribute('aria-describedby')) ?? '', /\bkind-error\b/);
      const summary = await errorSummary(page);
      assert.deepEqual(summary, [{ href: '#f-kind', text: kindText, target: true }], 'the error summary');
      assert.equal(await page.locator('#f-name').inputValue(), name, 'the name typed is kept');
      assert.equal(await page.locator('#f-short_description').inputValue(), description, 'the description typed is kept');
      assert.ok(await page.locator('#sa-arbeidsinkludering').isChecked(), 'the service area ticked is kept');
      assert.equal(await page.locator('#f-municipality_number').inputValue(), '3907', 'the municipality chosen is kept');
      await checkA11y(page, watch.visited);

      // From the summary to the kind group, then to the social enterprise radio button.
      const atGroup = await followInPageLink(page, '#f-kind');
      assert.equal(atGroup?.id, 'f-kind', `the error summary link should focus the kind group, focus is on ${JSON.stringify(atGroup)}`);
      await page.keyboard.press('Tab');
      let radio = await focused(page);
      for (let i = 0; i < 12 && radio?.value !== 'social_enterprise'; i++) {
        await page.keyboard.press('ArrowDown');
        radio = await focused(page);
      }
      assert.equal(radio?.name, 'kind', `Tab from the kind group reaches its radio buttons, not ${JSON.stringify(radio)}`);
      await page.keyboard.press('Space');
      assert.ok(await page.locator('#kind-social_enterprise').isChecked(), 'Space chooses «Sosial entreprenør»');
      await tabTo(page, { tag: 'BUTTON', formAction: '/aktorer/ny', text: 'Registrer' });
      await next();

      // Screen 3: the new organisation's page with the success message.
      assert.match(pathname(page), /^\/aktorer\/\d+$/, `after registering: ${page.url()} ${await mainText(page)}`);
      assert.equal(watch.status, 200);
      assert.equal((await page.locator('h1').innerText()).trim(), name);
      const flash = page.locator('main .site-flash[role="status"]');
      assert.ok(await flash.isVisible(), 'no success message');
      assert.match(await flash.innerText(), /Organisasjonen er registrert/);
      const text = await mainText(page);
      for (const expected of [orgnr, 'Sosial entreprenør', description, 'Arbeidsinkludering', 'Sandefjord']) {
        assert.ok(text.includes(expected), `the organisation page lacks «${expected}»: ${text}`);
      }
      await checkA11y(page, watch.visited);

      const distinct = [...new Set(screens)];
      assert.equal(screens.at(-1), `page ${pathname(page)}`);
      assert.ok(distinct.length <= 3, `registration took ${distinct.length} screens: ${distinct.join(' → ')}`);
    });
  });

  it('searches with an inflected word and filters, and sorts by name in Norwegian order', { timeout: 90_000 }, async () => {
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/aktorer`);
      assert.equal(watch.status, 200);
      await checkA11y(page, watch.visited);
      assert.match(await mainText(page), /Viser 1–\d+ av \d+/);
      assert.ok((await page.locator('main nav a[rel="next"]').count()) === 1, 'more than one page of organisations, with a link onwards');

      // "kommunene" (the municipalities) in the box, Vestfold and work inclusion, submitted with Enter.
      await typeInto(page, 'q', 'kommunene');
      assert.equal(await chooseByKeyboard(page, 'fylke', 'Vestfold'), '39');
      assert.equal(await chooseByKeyboard(page, 'tjenesteomrade', 'Arbeidsinkludering'), 'arbeidsinkludering');
      await tabTo(page, { tag: 'BUTTON', formAction: '/aktorer' });
      await pressAndWait(page, 'Enter');
      const url = new URL(page.url());
      assert.equal(url.pathname, '/aktorer');
      assert.equal(url.searchParams.get('q'), 'kommunene');
      assert.equal(url.searchParams.get('fylke'), '39');
      assert.equal(url.searchParams.get('tjenesteomrade'), 'arbeidsinkludering');
      assert.equal(await page.locator('#f-q').inputValue(), 'kommunene', 'the search word is kept');
      assert.equal(await page.locator('#f-fylke').inputValue(), '39', 'the county is kept');
      assert.equal(await page.locator('#f-area').inputValue(), 'arbeidsinkludering', 'the service area is kept');
      const municipalityOptions = await page.locator('#f-kommune option:not([value=""])').allInnerTexts();
      assert.deepEqual(
        [...municipalityOptions].sort(nb.compare),
        VESTFOLD.map((m) => m.name).sort(nb.compare),
        'with a county chosen, the form offers its municipalities',
      );
      await checkA11y(page, watch.visited);

      const cards = await resultCards(page);
      assert.ok(cards.length > 0, `no results: ${await mainText(page)}`);
      assert.match(await mainText(page), new RegExp(`Viser 1–${cards.length} av ${cards.length}\\b`));
      for (const name of seeded) assert.ok(cards.some((c) => c.name === name), `«${name}» is missing from ${cards.map((c) => c.name).join(', ')}`);

      // The JSON twin gives the same organisations in the same order.
      const api = await (await page.request.get(`${server.url}/api/v1/aktorer${url.search}`)).json();
      assert.equal(api.total, cards.length);
      assert.deepEqual(cards.map((c) => c.href), api.results.map((r) => r.url));

      // Every card matches: a word starting with "kommun", work inclusion, and a place in Vestfold.
      const vestfold = new Set(VESTFOLD.map((m) => m.number));
      for (const card of cards) {
        const res = await page.request.get(server.url + card.href);
        assert.equal(res.status(), 200, card.href);
        const html = await res.text();
        const text = textOf(html);
        assert.match(text, /(^|[^\p{L}])kommun\p{L}*/iu, `${card.name} (${card.href}) does not mention «kommun…»`);
        assert.ok(html.includes('href="/aktorer?tjenesteomrade=arbeidsinkludering"'), `${card.name} (${card.href}) lacks Arbeidsinkludering`);
        const places = [...html.matchAll(/href="\/kommuner\/(\d{4})"/g)].map((m) => m[1]);
        assert.ok(places.some((n) => vestfold.has(n)), `${card.name} (${card.href}) is not in or working in Vestfold: ${places.join(', ')}`);
      }

      // Sort by name, by keyboard; the filters stay.
      assert.equal(await chooseByKeyboard(page, 'sorter', 'Navn (A–Å)'), 'navn');
      await tabTo(page, { tag: 'BUTTON', formAction: '/aktorer' });
      await pressAndWait(page, 'Enter');
      const sortedUrl = new URL(page.url());
      assert.equal(sortedUrl.searchParams.get('sorter'), 'navn');
      for (const [k, v] of [['q', 'kommunene'], ['fylke', '39'], ['tjenesteomrade', 'arbeidsinkludering']]) {
        assert.equal(sortedUrl.searchParams.get(k), v, `the filter ${k} is kept when sorting`);
      }
      await checkA11y(page, watch.visited);
      const names = (await resultCards(page)).map((c) => c.name);
      assert.deepEqual([...names].sort(), [...cards.map((c) => c.name)].sort(), 'sorting shows the same organisations');
      assert.deepEqual(names, [...names].sort(nb.compare), 'the names are in Norwegian alphabetical order');
      const lastZ = names.findLastIndex((n) => /^z/i.test(n));
      const firstÆØÅ = names.findIndex((n) => /^[æøå]/i.test(n));
      assert.ok(lastZ >= 0 && firstÆØÅ > lastZ, `Æ, Ø and Å come after Z: ${names.join(', ')}`);
      assert.deepEqual(names.filter((n) => seeded.includes(n)), seeded, 'A, Z, Æ, Ø, Å');

      // The inflected word also finds the organisations that only write "kommune" or "kommunen":
      // that is what stemming is for ("kommunene" and "kommune" share the stem "kommun").
      for (const expected of ['Horten kommune', 'Larvik kommune']) {
        assert.ok(
          names.includes(expected),
          `searching «kommunene» should also find «${expected}» (stem «kommun»); got ${names.join(', ')}`,
        );
      }
    });
  });

  it('answers who to contact in Sandefjord about work inclusion', { timeout: 90_000 }, async () => {
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      // From a search in the directory to the municipality's own page, then its municipality link.
      await page.goto(`${server.url}/aktorer?q=Sandefjord`);
      assert.equal(watch.status, 200);
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main .site-results h2 a', { hasText: /^Sandefjord kommune$/ }));
      assert.match(pathname(page), /^\/aktorer\/\d+$/);
      await checkA11y(page, watch.visited);
      await follow(page, page.locator('main a[href="/kommuner/3907"]').first());
      assert.equal(pathname(page), '/kommuner/3907');
      assert.equal(watch.status, 200);
      assert.equal((await page.locator('h1').innerText()).trim(), 'Sandefjord');
      assert.equal((await page.locator('label[for="f-area"]').innerText()).trim(), 'Hvem kontakter jeg i Sandefjord om …');
      await checkA11y(page, watch.visited);

      // Choose the service area with the keyboard and press Vis.
      assert.equal(await chooseByKeyboard(page, 'tjenesteomrade', 'Arbeidsinkludering'), 'arbeidsinkludering');
      await tabTo(page, { tag: 'BUTTON', formAction: '/kommuner/3907' });
      await pressAndWait(page, 'Enter');
      assert.equal(new URL(page.url()).searchParams.get('tjenesteomrade'), 'arbeidsinkludering');
      assert.equal(await page.locator('#f-area').inputValue(), 'arbeidsinkludering', 'the choice is kept');
      assert.equal((await page.locator('#contacts-heading').innerText()).trim(), 'Kontaktpersoner: Arbeidsinkludering');
      await checkA11y(page, watch.visited);

      const groups = await page.locator('section[aria-labelledby="contacts-heading"] h3').evaluateAll((headings) =>
        headings.map((h) => {
          const list = h.nextElementSibling?.tagName === 'UL' ? h.nextElementSibling : null;
          return {
            area: h.textContent.trim(),
            people: [...(list?.querySelectorAll('li') ?? [])].map((li) => ({
              name: li.querySelector('strong')?.textContent.trim() ?? '',
              text: li.textContent.replace(/\s+/g, ' ').trim(),
            })),
          };
        }),
      );
      assert.deepEqual(groups.map((g) => g.area), ['Arbeidsinkludering'], 'only the chosen service area is shown');
      const people = groups[0].people;
      assert.ok(people.length > 0, 'nobody to contact about Arbeidsinkludering in Sandefjord');
      for (const p of people) {
        assert.ok(p.name.length > 0 || p.text.includes('navn vises for innloggede'), `a contact without name or notice: ${p.text}`);
      }

      // The number from before 2024 leads to the same page.
      const old = await page.request.get(`${server.url}/kommuner/3804`, { maxRedirects: 0 });
      assert.equal(old.status(), 301, 'the old number 3804 redirects');
      assert.equal(old.headers().location, '/kommuner/3907');
    });
  });

  it('shows a coordinator the coverage of Vestfold with a CSV export', { timeout: 90_000 }, async () => {
    const coordinator = await userWithRole(server, 'coordinator', { name: 'Koordinator Vestfold' });
    const tab = await openPage(browser);
    const { page, watch } = tab;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/fylker/39`);
      assert.equal(watch.status, 200);
      assert.equal((await page.locator('h1').innerText()).trim(), 'Vestfold');
      const countyRows = await page.locator('main table tbody tr td:first-child').allInnerTexts();
      assert.deepEqual([...countyRows].sort(nb.compare), VESTFOLD.map((m) => m.name).sort(nb.compare));
      await checkA11y(page, watch.visited);

      // The county page's coverage link; signing in by keyboard comes back to it.
      await follow(page, page.locator('main a', { hasText: 'Dekning av kontaktpersoner' }));
      await checkA11y(page, watch.visited);
      await signInByKeyboard(page, coordinator.email, coordinator.password);
      assert.equal(pathname(page), '/dekning');
      assert.equal(new URL(page.url()).searchParams.get('fylke'), '39');
      assert.equal(watch.status, 200);
      assert.equal(await page.locator('#f-fylke').inputValue(), '39');
      await checkA11y(page, watch.visited);

      const table = await page.locator('main table.site-coverage').evaluate((t) => ({
        areas: [...t.querySelectorAll('thead th')].slice(1).map((th) => th.textContent.trim()),
        rows: [...t.querySelectorAll('tbody tr')].map((tr) => ({
          name: tr.querySelector('th[scope="row"]')?.textContent.trim() ?? '',
          cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
        })),
      }));
      assert.deepEqual(table.areas, SERVICE_AREAS, 'a column per service area');
      assert.deepEqual(table.rows.map((r) => r.name).sort(nb.compare), VESTFOLD.map((m) => m.name).sort(nb.compare), 'a row per municipality in Vestfold');
      for (const row of table.rows) assert.equal(row.cells.length, SERVICE_AREAS.length, `cells in the row of ${row.name}`);
      const cells = table.rows.flatMap((r) => r.cells);
      const missing = cells.filter((c) => c === 'Mangler').length;
      assert.ok(missing > 0, 'some combinations lack a contact person');
      assert.ok(cells.every((c) => ['Mangler', 'Kontakt', 'Navngitt'].includes(c)), `unexpected cells: ${[...new Set(cells)].join(', ')}`);
      assert.match(await mainText(page), new RegExp(`Det mangler kontaktperson i ${missing} av ${cells.length} `));

      // The CSV link, fetched with the coordinator's session.
      const href = await page.locator('main a', { hasText: 'Last ned som CSV' }).getAttribute('href');
      const csvUrl = new URL(href, page.url());
      assert.equal(csvUrl.searchParams.get('fylke'), '39', 'the CSV is for the county shown');
      const res = await page.request.get(csvUrl.href);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'] ?? '', /^text\/csv/);
      assert.match(res.headers()['content-disposition'] ?? '', /attachment/);
      const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
      assert.equal(lines[0], ['Kommune', ...table.areas].join(';'), 'the CSV header line');
      assert.deepEqual(
        lines.slice(1).map((l) => l.split(';')),
        table.rows.map((r) => [r.name, ...r.cells]),
        'the CSV holds the table',
      );
    });
  });

  it('lets a coordinator add, rename and deactivate a target group', { timeout: 90_000 }, async () => {
    const coordinator = await userWithRole(server, 'coordinator', { name: 'Koordinator Lister' });
    const tab = await openPage(browser);
    const { page, watch } = tab;
    const name = `Sesongarbeidere ${randomId(2)}`;
    await inPage(tab, async () => {
      await page.goto(`${server.url}/admin/lister`);
      await signInByKeyboard(page, coordinator.email, coordinator.password);
      assert.equal(pathname(page), '/admin/lister');
      assert.equal(watch.status, 200);
      assert.equal(await page.locator('header nav a[href="/admin/lister"]').count(), 1, 'linked in the navigation');
      await checkA11y(page, watch.visited);

      // An empty submission comes back with an error summary.
      await page.locator('#f-target_groups-name_nb').focus();
      await pressAndWait(page, 'Enter');
      assert.equal(watch.status, 422);
      assert.match(await mainText(page), /Skriv navnet på bokmål/);
      await checkA11y(page, watch.visited);

      await page.locator('#f-target_groups-name_nb').focus();
      await page.keyboard.type(name);
      await page.keyboard.press('Tab');
      await page.keyboard.type(`Seasonal workers ${name.slice(-4)}`);
      await pressAndWait(page, 'Enter');
      assert.equal(pathname(page), '/admin/lister');
      assert.match(await mainText(page), /Oppføringen er lagt til/);
      const row = page.locator('#target_groups ~ div table tbody tr', { hasText: name });
      assert.equal(await row.count(), 1);
      await checkA11y(page, watch.visited);

      await follow(page, row.locator('a', { hasText: 'Endre navn' }));
      assert.match(pathname(page), /^\/admin\/lister\/malgrupper\/sesongarbeidere-/);
      await checkA11y(page, watch.visited);
      await page.locator('#f-name_nb').fill(`${name} i landbruket`);
      await page.locator('#f-name_nb').focus();
      await pressAndWait(page, 'Enter');
      assert.match(await mainText(page), /Navnet er endret/);

      const renamed = page.locator('#target_groups ~ div table tbody tr', { hasText: `${name} i landbruket` });
      await renamed.locator('button', { hasText: 'Deaktiver' }).focus();
      await pressAndWait(page, 'Enter');
      assert.match(await mainText(page), /Oppføringen er deaktivert/);
      assert.match(await renamed.innerText(), /Deaktivert/);
      await checkA11y(page, watch.visited);

      await page.goto(`${server.url}/aktorer`);
      const groups = await page.locator('select[name="malgruppe"] option').allInnerTexts();
      assert.ok(!groups.some((g) => g.includes(name)), 'a deactivated entry is not offered in the filter');
    });
  });

  it('fits the list and an organisation page on a phone without sideways scrolling', { timeout: 90_000 }, async () => {
    const tab = await openPage(browser, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const { page, watch } = tab;
    await inPage(tab, async () => {
      const tooWide = [];
      const checkWidth = async () => {
        const o = await overflow(page);
        if (o.scrollWidth > o.clientWidth) {
          tooWide.push(`${pathname(page)}: ${o.scrollWidth}px wide in a ${o.clientWidth}px viewport; sticking out: ${o.culprits.join('; ')}`);
        }
      };
      await page.goto(`${server.url}/aktorer`);
      assert.equal(watch.status, 200);
      await checkA11y(page, watch.visited);
      await checkWidth();
      // The first demo organisation in the list.
      await follow(page, page.locator('main .site-results h2 a').filter({ hasNotText: tag }).first());
      assert.match(pathname(page), /^\/aktorer\/\d+$/);
      await checkA11y(page, watch.visited);
      await checkWidth();
      assert.deepEqual(tooWide, [], 'pages wider than a 375px phone screen');
    });
  });
});
