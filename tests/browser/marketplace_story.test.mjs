// The marketplace from end to end in a real browser, axe (WCAG 2.1 A and AA) on every page: a
// municipal employee publishes a need with success criteria; a social entrepreneur finds it among
// the needs matched to their organisation, asks a question, reads the answer and sends a proposal
// with a confidential part; a second entrepreneur reads the question and answer but never the
// confidential part; the owner chooses the proposal and the proposer is told by e-mail (from the
// SMTP sink) and on the proposal's page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomId, startServer, userWithRole, waitForMail } from '../support/harness.mjs';
import { memberOf } from '../support/market.mjs';
import { checkA11y, follow, inPage, launchChromium, mainText, openPage, pathname, pressAndWait, signInByKeyboard } from './support.mjs';

async function signedIn(browser, base, user, path) {
  const session = await openPage(browser);
  await session.page.goto(`${base}/logg-inn?next=${encodeURIComponent(path)}`);
  await signInByKeyboard(session.page, user.email, user.password);
  assert.equal(pathname(session.page), path);
  await checkA11y(session.page, session.watch.visited);
  return session;
}

const press = (page, label) => follow(page, page.getByRole('button', { name: label }));

describe('the marketplace from need to chosen proposal', () => {
  let server, browser, owner, first, second;
  const marker = randomId(3);
  const title = `Sykkelverksted for unge utenfor arbeid ${marker}`;
  const secret = `Prismodell og leverandøravtaler ${marker}`;
  const question = `Kan arbeidstreningen foregå i helgene? ${marker}`;
  const answer = `Ja, lørdager passer godt ${marker}`;
  let needPath, proposalPath;

  before(async () => {
    server = await startServer({ env: { SAMSKAP_LOGIN_LIMIT_ADDRESS: '1000' } });
    browser = await launchChromium();
    const coordinator = await userWithRole(server, 'coordinator');
    owner = await memberOf(server, 'municipality', { coordinator, orgName: `Sandefjord etat ${marker}` });
    first = await memberOf(server, 'social_enterprise', {
      coordinator,
      orgName: `Sykkelverkstedet ${marker}`,
      description: 'Sykkelverksted med arbeidstrening for unge utenfor skole og arbeid',
    });
    second = await memberOf(server, 'social_enterprise', { coordinator, orgName: `Konkurrenten ${marker}` });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs from a published need to a chosen proposal with the proposer told', { timeout: 240_000 }, async () => {
    // 1. The municipal employee publishes a need with success criteria.
    const o = await signedIn(browser, server.url, owner, '/behov/ny');
    await inPage(o, async () => {
      const { page, watch } = o;
      if (await page.locator('#f-organisation_id').count())
        await page.selectOption('#f-organisation_id', { label: owner.orgName });
      await page.fill('#f-title', title);
      await page.fill('#f-situation', 'Unge som har falt ut av skole og arbeid trenger arbeidstrening og et fellesskap.');
      await page.fill('#f-k1_description', 'Flere unge i arbeid eller utdanning');
      await page.fill('#f-k1_indicator', 'Andel i arbeid eller utdanning etter tolv måneder');
      await page.fill('#f-k1_baseline', '20 %');
      await page.fill('#f-k1_target', '40 %');
      await page.check('#sa-arbeidsinkludering');
      await page.check('#tg-unge-utenfor-skole-og-arbeid');
      await page.locator('#f-title').focus();
      await pressAndWait(page, 'Enter');
      assert.match(pathname(page), /^\/behov\/\d+$/, `saved as a draft: ${await mainText(page)}`);
      needPath = pathname(page);
      await checkA11y(page, watch.visited);
      await page.locator('summary', { hasText: 'Endre status' }).click();
      await page.check('#st-published');
      await page.locator('#st-published').focus();
      await pressAndWait(page, 'Enter');
      assert.match(await mainText(page), /Behovet er publisert/);
      await checkA11y(page, watch.visited);
    });

    // 2. The entrepreneur finds it among the needs matched to their organisation and asks a question.
    const a = await signedIn(browser, server.url, first, `/aktorer/${first.orgId}`);
    await inPage(a, async () => {
      const { page, watch } = a;
      await follow(page, page.getByRole('link', { name: 'Behov som passer' }));
      assert.equal(pathname(page), `/aktorer/${first.orgId}/behovstreff`);
      await checkA11y(page, watch.visited);
      const match = page.locator('main a', { hasText: title });
      assert.equal(await match.count(), 1, `the need is among the matches: ${await mainText(page)}`);
      await follow(page, match);
      assert.equal(pathname(page), needPath);
      await checkA11y(page, watch.visited);
      await page.goto(`${server.url}${needPath}/sporsmal`);
      await checkA11y(page, watch.visited);
      await page.getByLabel('Spørsmålet ditt').fill(question);
      await press(page, 'Send spørsmålet');
      assert.match(await mainText(page), /Spørsmålet er sendt/);
      await checkA11y(page, watch.visited);
    });

    // 3. The owner answers.
    const o2 = await signedIn(browser, server.url, owner, `${needPath}/sporsmal`);
    await inPage(o2, async () => {
      const { page, watch } = o2;
      await page.getByLabel('Svar på spørsmålet').fill(answer);
      await press(page, 'Publiser svaret');
      assert.match(await mainText(page), /Svaret er publisert/);
      await checkA11y(page, watch.visited);
    });

    // 4. The entrepreneur reads the answer and sends a proposal with a confidential part.
    const a2 = await signedIn(browser, server.url, first, `${needPath}/sporsmal`);
    await inPage(a2, async () => {
      const { page, watch } = a2;
      assert.ok((await mainText(page)).includes(answer), 'the asker reads the answer');
      await checkA11y(page, watch.visited);
      await page.goto(`${server.url}${needPath}/forslag/ny`);
      await checkA11y(page, watch.visited);
      await page.getByLabel('Offentlig sammendrag (offentlig)').fill(`Arbeidstrening i sykkelverkstedet ${marker}`);
      await page.getByLabel('Tilnærming').fill('Seks ungdommer i året reparerer sykler for kommunens bysykler.');
      for (const input of await page.locator('main [id^="f-expected_"]').all()) await input.fill('Halvparten i jobb eller skole etter ett år');
      for (const input of await page.locator('main [id^="f-measurement_"]').all())
        await input.fill('Oppfølging hver tredje måned');
      await page.getByLabel('Tidsplan').fill('Oppstart i mars, 18 måneder');
      await page.getByLabel('Kostnadsoverslag').fill('480 000');
      await page.getByLabel('Konfidensielle detaljer (valgfritt)').fill(secret);
      await press(page, 'Send forslaget');
      assert.match(pathname(page), /^\/forslag\/\d+$/, await mainText(page));
      proposalPath = pathname(page);
      assert.ok((await mainText(page)).includes(secret), 'the proposer sees their own confidential part');
      await checkA11y(page, watch.visited);
    });

    // 5. A second entrepreneur reads the question and the answer but never the confidential part.
    const b = await signedIn(browser, server.url, second, needPath);
    await inPage(b, async () => {
      const { page, watch } = b;
      for (const path of [needPath, `${needPath}/sporsmal`, `${needPath}/forslag`, proposalPath, `/api/v1/behov/${needPath.split('/')[2]}/forslag`]) {
        const res = await page.goto(`${server.url}${path}`);
        const body = await res.text();
        assert.ok(!body.includes(secret), `${path} shows the confidential part to a competitor`);
        if (path === `${needPath}/sporsmal`) {
          assert.ok(body.includes(question) && body.includes(answer), 'the question and answer are visible to all');
        }
        if (path === `${needPath}/forslag`) assert.ok(body.includes(`Arbeidstrening i sykkelverkstedet ${marker}`), 'the public summary is visible');
        if (!path.startsWith('/api/')) await checkA11y(page, watch.visited);
      }
    });

    // 6. The owner compares and chooses; the proposer is told by e-mail.
    const before = server.sink.messages.length;
    const o3 = await signedIn(browser, server.url, owner, proposalPath);
    await inPage(o3, async () => {
      const { page, watch } = o3;
      assert.ok((await mainText(page)).includes(secret), "the need's owner sees the confidential part");
      await page.goto(`${server.url}${needPath}/forslag`);
      assert.match(await mainText(page), /480\s000 kr/, 'the comparison shows the cost');
      await checkA11y(page, watch.visited);
      await follow(page, page.locator(`main a[href="${proposalPath}/vurdering"]`));
      await checkA11y(page, watch.visited);
      await page.getByLabel('Valgt', { exact: true }).check();
      await page.getByLabel('Melding til forslagsstilleren').fill(`Vi velger dere ${marker}`);
      await press(page, 'Lagre vurderingen');
      assert.equal(pathname(page), proposalPath);
      assert.match(await mainText(page), /Vurderingen er lagret/);
      await checkA11y(page, watch.visited);
    });
    const mail = await waitForMail(server.sink, { to: first.email, subject: 'Forslaget ditt er valgt', after: before });
    assert.ok(mail.text.includes(`Vi velger dere ${marker}`));
    assert.ok(mail.text.includes(proposalPath));
    assert.ok(!server.sink.messages.slice(before).some((m) => m.to.includes(second.email)), 'the competitor gets no mail');

    const a3 = await signedIn(browser, server.url, first, proposalPath);
    await inPage(a3, async () => {
      const { page, watch } = a3;
      const text = await mainText(page);
      assert.match(text, /Valgt/);
      assert.ok(text.includes(`Vi velger dere ${marker}`));
      await checkA11y(page, watch.visited);
    });
  });
});
