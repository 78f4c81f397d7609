// The HTTP surface: health check, the layout on every page, the 404 page, security headers,
// static files and caching, language negotiation and switching, and robustness against
// malformed and oversized requests.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';

import {
  Client,
  h1Of,
  htmlLang,
  linksOf,
  show,
  skipReason,
  startServer,
  testEngine,
} from '../support/harness.mjs';

const skip = skipReason();
const MAX_BODY = 1024 * 1024;

// Writes bytes to a fresh connection and returns whatever comes back before the server closes
// it or the time is up. `halfClose` sends FIN after writing.
function rawExchange(port, data, { timeoutMs = 3000, halfClose = false } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    const socket = net.connect(port, '127.0.0.1');
    let timer;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    timer = setTimeout(done, timeoutMs);
    socket.on('connect', () => {
      socket.write(data);
      if (halfClose) socket.end();
    });
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', done);
  });
}

const statusOf = (rawResponse) => {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(rawResponse);
  return m ? Number(m[1]) : null;
};

// Sends a POST whose body is `bytes` long, in chunks, and stops writing once the server answers.
function oversizedPost(port, path, bytes) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let received = '';
    let sent = 0;
    let finished = false;
    const finish = (error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: statusOf(received), received, sent, error: error?.code });
    };
    const timer = setTimeout(() => finish(new Error('timeout')), 20_000);
    const pump = () => {
      while (!received && sent < bytes && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) return socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
          `Content-Length: ${bytes}\r\nConnection: close\r\n\r\n`,
      );
      // A server may answer from the declared length alone; give it the chance before the body
      // (writing into a connection the server closes would reset it and could lose the answer).
      setTimeout(pump, 300);
    });
    socket.on('data', (c) => {
      received += c.toString('latin1');
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (e) => finish(e));
  });
}

function assertSecurityHeaders(res) {
  const where = `${res.method} ${res.path} → ${res.status}`;
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, `${where}: no Content-Security-Policy`);
  assert.ok(!csp.includes("'unsafe-inline'"), `${where}: CSP allows 'unsafe-inline': ${csp}`);
  assert.match(csp, /frame-ancestors\s+'none'/, `${where}: CSP lacks frame-ancestors 'none': ${csp}`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', where);
  const referrer = res.headers.get('referrer-policy');
  assert.ok(referrer, `${where}: no Referrer-Policy`);
  assert.ok(!/unsafe-url/.test(referrer), `${where}: Referrer-Policy ${referrer}`);
}

// The shared layout: language, skip link first, <main id="main">, footer link to the statement.
function assertLayout(res, lang) {
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/, show(res));
  assert.equal(htmlLang(res.body), lang, `${res.path}: <html lang>`);
  const body = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(res.body)?.[1] ?? '';
  const links = linksOf(body);
  assert.ok(links.length > 0, `${res.path}: no links`);
  assert.equal(links[0].href, '#main', `${res.path}: the first link must skip to #main, got ${JSON.stringify(links[0])}`);
  assert.ok(links[0].text.length > 0, `${res.path}: the skip link has no text`);
  assert.match(res.body, /<main\b[^>]*\bid="main"/, `${res.path}: no <main id="main">`);
  const footer = /<footer\b[\s\S]*?<\/footer>/i.exec(res.body)?.[0] ?? '';
  assert.ok(linksOf(footer).some((l) => l.href === '/tilgjengelighet'), `${res.path}: no footer link to /tilgjengelighet`);
  assert.ok(/<title>[^<]+<\/title>/.test(res.body), `${res.path}: no <title>`);
  assert.equal((res.body.match(/<h1\b/g) ?? []).length, 1, `${res.path}: expected exactly one <h1>`);
}

// The header's language link to `lang`, with its text.
function languageLink(html, lang) {
  const header = /<header\b[\s\S]*?<\/header>/i.exec(html)?.[0] ?? '';
  return linksOf(header).find((l) => l.href?.startsWith(`/sprak/${lang}`));
}

describe(`HTTP (${testEngine()})`, { skip }, () => {
  let server;
  before(async () => {
    server = await startServer({ env: { SAMSKAP_MAX_BODY_BYTES: String(MAX_BODY) } });
  });
  after(async () => {
    await server?.stop();
  });

  async function assertHealthy(after) {
    assert.ok(server.running(), `samskap died after ${after}:\n${server.tail()}`);
    const res = await new Client(server.url).get('/healthz');
    assert.equal(res.status, 200, `after ${after}: ${show(res)}`);
  }

  it('prints the address it listens on', () => {
    assert.ok(server.output().includes(`http://127.0.0.1:${server.port}`), `output:\n${server.tail()}`);
  });

  it('answers /healthz with 200 {"status":"ok"}', async () => {
    const res = await new Client(server.url).get('/healthz');
    assert.equal(res.status, 200, show(res));
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  for (const path of ['/', '/tilgjengelighet', '/personvern', '/registrer', '/logg-inn', '/glemt-passord', '/registrer/sjekk-e-post', '/glemt-passord/sendt']) {
    it(`serves ${path} in the layout`, async () => {
      const res = await new Client(server.url).get(path);
      assert.equal(res.status, 200, show(res));
      assertLayout(res, 'nb');
      assertSecurityHeaders(res);
    });
  }

  it('answers an unknown path with the 404 page in the layout, in Norwegian and in English', async () => {
    const nb = await new Client(server.url).get('/finnes-ikke/heller-ikke');
    assert.equal(nb.status, 404, show(nb));
    assertLayout(nb, 'nb');
    assert.equal(h1Of(nb.body), 'Fant ikke siden');

    const cookie = new Client(server.url);
    cookie.setCookie('lang', 'en');
    const en = await cookie.get('/finnes-ikke');
    assert.equal(en.status, 404, show(en));
    assertLayout(en, 'en');
    assert.equal(h1Of(en.body), 'Page not found');

    const negotiated = await new Client(server.url, { headers: { 'accept-language': 'en' } }).get('/finnes-ikke');
    assert.equal(negotiated.status, 404);
    assert.equal(h1Of(negotiated.body), 'Page not found');
  });

  it('sends the security headers on pages, redirects, errors, JSON and static files', async () => {
    const client = new Client(server.url);
    const home = await client.get('/');
    const asset = /\/static\/[^"'\s>]+/.exec(home.body)?.[0];
    assert.ok(asset, 'the front page links no static file');
    const responses = [
      home,
      await client.get('/healthz'),
      await client.get('/konto'),
      await client.get('/finnes-ikke'),
      await client.post('/logg-inn', { email: 'a@example.no', password: 'x' }),
      await client.get(asset),
    ];
    assert.deepEqual(responses.map((r) => r.status), [200, 200, 303, 404, 403, 200]);
    responses.forEach(assertSecurityHeaders);
  });

  it('serves every static file the layout links, with ETag, 304 and immutable caching for ?v= URLs', async () => {
    const client = new Client(server.url);
    const home = await client.get('/');
    const assets = [...new Set([...home.body.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&')))];
    assert.ok(assets.length > 0, 'no /static/ URLs in the front page');
    assert.ok(assets.some((a) => /[?&]v=/.test(a)), `no fingerprinted (?v=) asset URL: ${assets}`);
    for (const url of assets) {
      const res = await client.get(url);
      assert.equal(res.status, 200, show(res));
      const etag = res.headers.get('etag');
      assert.ok(etag, `${url}: no ETag`);
      if (url.endsWith('.css') || url.includes('.css?')) assert.match(res.headers.get('content-type'), /^text\/css/);
      if (/[?&]v=/.test(url)) {
        const cc = res.headers.get('cache-control') ?? '';
        assert.match(cc, /max-age=31536000/, `${url}: Cache-Control ${cc}`);
        assert.match(cc, /immutable/, `${url}: Cache-Control ${cc}`);
      }
      const again = await client.get(url, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304, `${url} with If-None-Match: ${show(again)}`);
      assert.equal(again.body, '');
      const stale = await client.get(url, { headers: { 'if-none-match': '"not-the-etag"' } });
      assert.equal(stale.status, 200, `${url} with a stale ETag`);
      assert.equal(stale.body, res.body);
    }
    const missing = await client.get('/static/finnes-ikke.css');
    assert.equal(missing.status, 404, show(missing));
  });

  it('does not serve files outside static/', async () => {
    for (const path of [
      '/static/../CMakeLists.txt',
      '/static/%2e%2e/CMakeLists.txt',
      '/static/..%2fCMakeLists.txt',
      '/static/%2e%2e%2f%2e%2e%2fetc/passwd',
      '/static/../../../../etc/passwd',
      '/static//etc/passwd',
    ]) {
      const raw = await rawExchange(server.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const status = statusOf(raw);
      assert.ok(status === null || status >= 400, `${path} → ${status}`);
      assert.ok(!/cmake_minimum_required|root:x:0:0/.test(raw), `${path} leaked a file:\n${raw.slice(0, 500)}`);
    }
    await assertHealthy('path traversal attempts');
  });

  describe('language', () => {
    for (const [header, lang] of [
      [undefined, 'nb'],
      ['en', 'en'],
      ['en-GB,en;q=0.9', 'en'],
      ['nb-NO,nb;q=0.9,en;q=0.8', 'nb'],
      ['de-DE', 'nb'],
    ]) {
      it(`gives lang="${lang}" for Accept-Language ${JSON.stringify(header)}`, async () => {
        const headers = header ? { 'accept-language': header } : {};
        const res = await new Client(server.url, { headers }).get('/logg-inn');
        assert.equal(res.status, 200, show(res));
        assert.equal(htmlLang(res.body), lang);
      });
    }

    it('switches to English and back with /sprak, and the choice beats Accept-Language', async () => {
      const client = new Client(server.url, { headers: { 'accept-language': 'nb' } });
      const nb = await client.get('/logg-inn');
      assert.equal(htmlLang(nb.body), 'nb');
      const toEn = languageLink(nb.body, 'en');
      assert.ok(toEn, `no header link to /sprak/en: ${show(nb)}`);
      assert.equal(toEn.text, 'English');

      const res = await client.get('/sprak/en?neste=/logg-inn');
      assert.equal(res.status, 303, show(res));
      assert.equal(res.location, '/logg-inn');
      assert.ok(res.setCookies.some((c) => /^lang=en(;|$)/.test(c)), `no lang=en cookie: ${res.setCookies}`);
      const en = await client.get('/logg-inn');
      assert.equal(htmlLang(en.body), 'en', 'the cookie must win over Accept-Language: nb');
      const toNb = languageLink(en.body, 'nb');
      assert.ok(toNb, `no header link to /sprak/nb: ${show(en)}`);
      assert.equal(toNb.text, 'Norsk (bokmål)');
      assert.notEqual(h1Of(en.body), h1Of(nb.body), 'the heading must be translated');

      // The header link itself leads back to the same page.
      const viaLink = await client.get(toNb.href);
      assert.equal(viaLink.status, 303, show(viaLink));
      assert.equal(viaLink.location, '/logg-inn');
      assert.equal(htmlLang((await client.get('/logg-inn')).body), 'nb');

      const english = new Client(server.url, { headers: { 'accept-language': 'en' } });
      await english.get('/sprak/nb?neste=/');
      assert.equal(htmlLang((await english.get('/')).body), 'nb', 'the cookie must win over Accept-Language: en');
    });

    for (const neste of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      it(`does not redirect off-site for neste=${neste}`, async () => {
        const res = await new Client(server.url).get(`/sprak/en?neste=${encodeURIComponent(neste)}`);
        assert.equal(res.status, 303, show(res));
        assert.ok(!res.location.includes('evil.example'), `open redirect to ${res.location}`);
        assert.match(res.location, /^\/(?![/\\])/);
      });
    }

    it('refuses an unknown language without setting the cookie', async () => {
      const res = await new Client(server.url).get('/sprak/xx?neste=/');
      assert.ok(res.status >= 400 && res.status < 500, show(res));
      assert.ok(!res.setCookies.some((c) => c.startsWith('lang=')), `lang cookie set: ${res.setCookies}`);
    });
  });

  describe('malformed and hostile requests', () => {
    for (const path of ['/%zz', '/%', '/%E0%A4%A', '/konto/%C0%AF', '/logg-inn?next=%zz&x=%', '/finnes-ikke%00', '/bekreft/%FF%FE']) {
      it(`answers GET ${path} with a 4xx or a page, never 5xx`, async () => {
        const raw = await rawExchange(server.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        const status = statusOf(raw);
        assert.ok(status !== null && status < 500, `GET ${path} → ${status}: ${raw.slice(0, 300)}`);
        await assertHealthy(`GET ${path}`);
      });
    }

    for (const body of ['name=%zz&email=%&password=%E0', 'name=%FF%FE&email=a%00b%40example.no&password=x', '=&&=&name', '%%%%']) {
      it(`answers a form body ${JSON.stringify(body)} with a 4xx`, async () => {
        const client = new Client(server.url);
        const token = await client.csrf('/registrer');
        const res = await client.post('/registrer', `_csrf=${encodeURIComponent(token)}&${body}`);
        assert.ok(res.status >= 400 && res.status < 500, show(res));
        await assertHealthy(`POST ${body}`);
      });
    }

    it('refuses a body over the limit with 413', async () => {
      const bytes = 11 * 1024 * 1024; // over the configured 1 MiB and over the 10 MiB default
      const res = await oversizedPost(server.port, '/registrer', bytes);
      assert.equal(res.status, 413, `status ${res.status}, ${res.sent} bytes sent, error ${res.error}: ${res.received.slice(0, 300)}`);
      await assertHealthy('an oversized body');
    });

    it('survives garbage and broken HTTP on raw sockets', async () => {
      const cases = [
        ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
        ['binary then newlines', Buffer.concat([Buffer.from([0, 1, 2, 255, 254]), Buffer.from('\r\n\r\n')])],
        ['an unknown HTTP version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n'],
        ['no version', 'GET /\r\n\r\n'],
        ['an unknown method', 'BREW /kaffe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
        ['a header without a colon', 'GET / HTTP/1.1\r\nHost x\r\nDette er ingen header\r\n\r\n'],
        ['a 64 KiB header', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`],
        ['a 100 KiB URL', `GET /${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`],
        ['a negative Content-Length', 'POST /registrer HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nabc'],
        ['a huge Content-Length', 'POST /registrer HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\nabc'],
        ['two Content-Lengths', 'POST /registrer HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde'],
        ['a broken chunked body', 'POST /registrer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'],
        ['a body shorter than announced', 'POST /registrer HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nname=a'],
        ['a request line cut short', 'GET /logg-i'],
        ['a cookie header of garbage', 'GET / HTTP/1.1\r\nHost: x\r\nCookie: ;;;=;sid=\u00ff\u00fe;lang=../../etc\r\nConnection: close\r\n\r\n'],
        ['an Accept-Language of garbage', 'GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: ;q=;,,*;q=9e999,en;q=-1\r\nConnection: close\r\n\r\n'],
      ];
      for (const [what, data] of cases) {
        const raw = await rawExchange(server.port, data, { timeoutMs: 1500, halfClose: true });
        const status = statusOf(raw);
        // Closing the connection is a fine answer to garbage; 505 is the right one to HTTP/9.9.
        assert.ok(status === null || status < 500 || status === 505, `${what} → ${status}: ${raw.slice(0, 300)}`);
        await assertHealthy(what);
      }
      // Many connections opened and dropped at once.
      await Promise.all(
        Array.from({ length: 50 }, () => rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 200 })),
      );
      await assertHealthy('50 dropped connections');
    });
  });
});

describe(`server lifecycle (${testEngine()})`, { skip }, () => {
  it('exits with 0 on SIGTERM and starts again on the same database', async () => {
    const server = await startServer();
    try {
      await server.restart(); // SIGTERM (asserted to exit 0), then start again
      const res = await new Client(server.url).get('/healthz');
      assert.equal(res.status, 200, show(res));
    } finally {
      const result = await server.stop();
      assert.deepEqual(result, { code: 0, signal: null }, `SIGTERM: ${JSON.stringify(result)}\n${server.tail()}`);
    }
  });
});
