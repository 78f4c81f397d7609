// Starts and stops the real samskap binary for the integration, browser and crash tests, and
// a small cookie-keeping HTTP client that speaks to it the way a browser without JavaScript does.
//
//   const server = await startServer();            // fresh database, free port, SMTP sink
//   const client = new Client(server.url);
//   await signUp(client, server.sink, { name, email, password });
//   await server.stop();
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startSmtpSink } from './smtp-sink.mjs';

export const SOURCE_DIR =
  process.env.SAMSKAP_SOURCE_DIR || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SAMSKAP_BIN || path.join(SOURCE_DIR, 'build', 'samskap');
const TMP_ROOT = process.env.SAMSKAP_TEST_TMP || path.join(os.tmpdir(), 'samskap-tests');
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const KEEP_OUTPUT = 64 * 1024;

export const testEngine = () => process.env.SAMSKAP_TEST_ENGINE || 'sqlite';

// The admin URL of the throw-away PostgreSQL cluster, or null when none runs.
export function pgAdminUrl() {
  const file = process.env.SAMSKAP_PG_URL_FILE;
  if (!file || !existsSync(file)) return null;
  return readFileSync(file, 'utf8').trim() || null;
}

export const pgAvailable = () => pgAdminUrl() !== null;

// For `describe(name, { skip: skipReason() }, ...)`: false, or why this engine cannot run here.
export function skipReason(engine = testEngine()) {
  if (engine === 'postgresql' && !pgAvailable()) return 'no PostgreSQL (SAMSKAP_PG_URL_FILE is absent)';
  return false;
}

export const randomId = (bytes = 6) => randomBytes(bytes).toString('hex');
export const uniqueEmail = (prefix = 'u') => `${prefix}-${randomId()}@example.no`;
// Long, not common, not a run, and without the e-mail's local part: acceptable to the policy.
export const strongPassword = () => `Blå fjord ${randomId(4)} vinter`;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024, timeout: 60_000, ...options }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) || (error && code === -1 ? String(error) : '') });
    });
  });
}

async function psql(adminUrl, sql) {
  const r = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', adminUrl, '-c', sql]);
  if (r.code !== 0) throw new Error(`psql failed (${r.code}) for ${sql}: ${r.stderr}`);
}

async function createDatabase(engine, dir) {
  if (engine === 'sqlite') return { dbUrl: `sqlite://${path.join(dir, 'test.db')}`, drop: async () => {} };
  if (engine !== 'postgresql') throw new Error(`unknown SAMSKAP_TEST_ENGINE ${engine}`);
  const adminUrl = pgAdminUrl();
  if (!adminUrl) throw new Error('engine postgresql but SAMSKAP_PG_URL_FILE is absent; skip with skipReason()');
  const name = `samskap_t_${randomId(8)}`;
  await psql(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dbUrl: url.toString(),
    drop: () => psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Servers a test forgot to stop must neither keep the test runner alive nor outlive it.
const live = new Set();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

// Starts `samskap serve` on a fresh database. Options: engine, demo, env (extra environment),
// sink (an SMTP sink to reuse; otherwise one is started and closed with the server), peerOf (a
// running server: serve its database too, as a second process would; the database is left to
// the first server to drop).
export async function startServer({ engine = testEngine(), demo = false, env = {}, sink = null, peerOf = null } = {}) {
  assert.ok(existsSync(BIN), `samskap binary not found at ${BIN} (set SAMSKAP_BIN)`);
  await mkdir(TMP_ROOT, { recursive: true });
  const dir = await mkdtemp(path.join(TMP_ROOT, 'srv-'));
  const ownSink = !sink;
  sink = sink || (await startSmtpSink());
  const db = peerOf ? { dbUrl: peerOf.dbUrl, drop: async () => {} } : await createDatabase(engine, dir);
  let port = await freePort();
  let url = `http://127.0.0.1:${port}`;

  const baseEnv = () => ({
    ...process.env,
    SAMSKAP_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    SAMSKAP_BASE_URL: url,
    SAMSKAP_ARGON2_MEM_KIB: '8192',
    SAMSKAP_ARGON2_OPS: '1',
    SAMSKAP_RESOURCES_DIR: SOURCE_DIR,
    SAMSKAP_OUTBOX_DIR: path.join(dir, 'outbox'),
    ...env,
  });

  let proc = null;
  let exited = null; // Promise<{code, signal}> of the current process
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    if (output.length > 2 * KEEP_OUTPUT) output = output.slice(-KEEP_OUTPUT);
    if (process.env.SAMSKAP_TEST_VERBOSE) process.stderr.write(chunk);
  };
  const tail = (n = 4000) => output.slice(-n);

  function spawnServer() {
    const args = ['serve', '--database', db.dbUrl, '--listen', `127.0.0.1:${port}`];
    if (demo) args.push('--demo');
    output = '';
    proc = spawn(BIN, args, { env: baseEnv(), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.setEncoding('utf8').on('data', keep);
    proc.stderr.setEncoding('utf8').on('data', keep);
    const p = proc;
    live.add(p);
    p.unref();
    p.stdout.unref?.();
    p.stderr.unref?.();
    exited = new Promise((resolve) => {
      p.once('exit', (code, signal) => {
        live.delete(p);
        resolve({ code, signal });
      });
      p.once('error', (error) => {
        keep(`\nspawn error: ${error}\n`);
        resolve({ code: -1, signal: null });
      });
    });
    p.result = null;
    exited.then((r) => (p.result = r));
  }

  async function waitReady() {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (proc.result) {
        throw new Error(
          `samskap exited before it was ready (code ${proc.result.code}, signal ${proc.result.signal}):\n${tail()}`,
        );
      }
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) {
          await res.text();
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`samskap did not answer /healthz within ${READY_TIMEOUT_MS} ms:\n${tail()}`);
  }

  async function launch({ retries = 2 } = {}) {
    for (let attempt = 0; ; attempt++) {
      spawnServer();
      try {
        await waitReady();
        return;
      } catch (error) {
        if (!proc.result) {
          proc.kill('SIGKILL');
          await exited;
        }
        // Another process may have taken the port between freePort() and bind: try a new one.
        const portTaken = /in use|EADDRINUSE|bind/i.test(output);
        if (attempt >= retries || !portTaken || restarted) throw error;
        port = await freePort();
        url = `http://127.0.0.1:${port}`;
        server.port = port;
        server.url = url;
      }
    }
  }

  async function signal(sig, timeoutMs = STOP_TIMEOUT_MS) {
    if (!proc || proc.result) return proc?.result ?? null;
    proc.kill(sig);
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (result) return result;
    proc.kill('SIGKILL');
    await exited;
    throw new Error(`samskap did not exit within ${timeoutMs} ms of ${sig}:\n${tail()}`);
  }

  let restarted = false;
  let stopped = false;
  const server = {
    port,
    url,
    dbUrl: db.dbUrl,
    dir,
    sink,
    engine,
    output: () => output,
    tail,
    running: () => Boolean(proc && !proc.result),
    // SIGTERM, wait for the exit, then release the sink and the database. Returns {code, signal}.
    async stop() {
      if (stopped) return null;
      stopped = true;
      let result = null;
      try {
        result = await signal('SIGTERM');
      } finally {
        if (ownSink) await sink.close();
        await db.drop().catch((e) => console.error(`could not drop the test database: ${e.message}`));
        if (!process.env.SAMSKAP_KEEP_TEST_TMP) await rm(dir, { recursive: true, force: true });
      }
      return result;
    },
    // Sends a signal (default SIGKILL) and waits for the process to end. Returns {code, signal}.
    kill: (sig = 'SIGKILL') => signal(sig),
    // Starts the server again on the same port and database (stops it first if it still runs).
    async restart() {
      if (server.running()) {
        const r = await signal('SIGTERM');
        assert.equal(r.code, 0, `samskap exited with ${r.code}/${r.signal} on SIGTERM:\n${tail()}`);
      }
      restarted = true;
      await launch();
    },
    // Runs `samskap <args> --database <this database>` with the server's environment.
    cli(args, { env: extra = {} } = {}) {
      return run(BIN, [...args, '--database', db.dbUrl], { env: { ...baseEnv(), ...extra }, cwd: dir });
    },
  };

  try {
    await launch();
  } catch (error) {
    if (ownSink) await sink.close();
    await db.drop().catch(() => {});
    if (!process.env.SAMSKAP_KEEP_TEST_TMP) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}

// ---- HTTP client ---------------------------------------------------------------------------

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', aring: 'å', Aring: 'Å', oslash: 'ø', Oslash: 'Ø', aelig: 'æ', AElig: 'Æ', laquo: '«', raquo: '»', ndash: '–', mdash: '—' };
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : +e.slice(1));
    return ENTITIES[e] ?? ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attributes(tag) {
  const attrs = {};
  for (const m of tag.matchAll(/([^\s=<>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

// Every <input> as an attribute map.
export const inputsOf = (html) => [...html.matchAll(/<input\b[^>]*>/gi)].map((m) => attributes(m[0].slice(6)));
// The attributes of the first <input name="...">, or undefined.
export const inputNamed = (html, name) => inputsOf(html).find((a) => a.name === name);

// Every <a>: {href, text, attrs} with the text stripped of tags and entities.
export function linksOf(html) {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)].map((m) => {
    const attrs = attributes(m[1]);
    return { href: attrs.href, attrs, text: textOf(m[2]) };
  });
}

export const textOf = (html) => decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();

// The text of the element with this id (first match; assumes it holds no element of the same tag).
export function elementText(html, id) {
  const m = new RegExp(`<([a-z0-9]+)\\b[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`, 'i').exec(html);
  return m ? textOf(m[2]) : null;
}

export const htmlLang = (html) => /<html\b[^>]*\blang="([^"]*)"/i.exec(html)?.[1] ?? null;
export const h1Of = (html) => {
  const m = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  return m ? textOf(m[1]) : null;
};

export function csrfFrom(html) {
  const input = inputNamed(html, '_csrf');
  if (!input || !input.value) throw new Error(`no _csrf token in the page:\n${html.slice(0, 1500)}`);
  return input.value;
}

// One line for assertion messages: status, location and the start of the body.
export function show(res, chars = 800) {
  const text = res.body.replace(/\s+/g, ' ');
  const from = Math.max(0, text.indexOf('<main') >= 0 ? text.indexOf('<main') : 0);
  return `${res.method} ${res.path} → ${res.status}${res.location ? ` (Location: ${res.location})` : ''}: ${text.slice(from, from + chars)}`;
}

export class Client {
  constructor(baseUrl, { headers = {} } = {}) {
    this.base = baseUrl.replace(/\/$/, '');
    this.cookies = new Map();
    this.headers = headers;
  }

  cookie(name) {
    return this.cookies.get(name);
  }

  setCookie(name, value) {
    this.cookies.set(name, value);
  }

  #store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => /^\s*max-age\s*=\s*(-?\d+)/i.exec(a)).find(Boolean);
      const expires = attrs.map((a) => /^\s*expires\s*=\s*(.+)$/i.exec(a)).find(Boolean);
      const gone = (maxAge && +maxAge[1] <= 0) || (expires && Date.parse(expires[1]) < Date.now());
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // Sends one request (redirects are not followed) and returns
  // {status, headers, body, raw (the bytes, a Buffer), location, setCookies, method, path, json()}.
  async request(method, pathOrUrl, { body, headers = {}, contentType } = {}) {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : this.base + pathOrUrl;
    const h = { ...this.headers, ...headers };
    if (this.cookies.size > 0 && !Object.keys(h).some((k) => k.toLowerCase() === 'cookie')) {
      h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    if (body !== undefined && contentType) h['content-type'] = contentType;
    const res = await fetch(url, { method, body, headers: h, redirect: 'manual' });
    this.#store(res);
    const raw = Buffer.from(await res.arrayBuffer());
    const text = raw.toString('utf8');
    return {
      status: res.status,
      headers: res.headers,
      body: text,
      raw,
      location: res.headers.get('location'),
      setCookies: res.headers.getSetCookie(),
      method,
      path: pathOrUrl,
      json: () => JSON.parse(text),
    };
  }

  get(path, { headers } = {}) {
    return this.request('GET', path, { headers });
  }

  // fields: an object, a URLSearchParams, or a ready-made body string (sent as is).
  post(path, fields = {}, { headers } = {}) {
    const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
    return this.request('POST', path, { body, headers, contentType: 'application/x-www-form-urlencoded' });
  }

  // GETs a page and returns its CSRF token.
  async csrf(pagePath) {
    const page = await this.get(pagePath);
    assert.equal(page.status, 200, `expected a form page at ${pagePath}: ${show(page)}`);
    return csrfFrom(page.body);
  }

  // GETs pagePath, takes its CSRF token, and POSTs fields to actionPath the way the form would.
  async postForm(pagePath, actionPath, fields = {}) {
    const _csrf = await this.csrf(pagePath);
    return this.post(actionPath, { ...fields, _csrf });
  }

  follow(res) {
    assert.ok(res.location, `expected a redirect: ${show(res)}`);
    return this.get(res.location);
  }
}

export const pathOf = (location) => (location ? new URL(location, 'http://x').pathname : null);

// The e-mail to `to` with this subject that arrived after `after` messages had arrived.
export function waitForMail(sink, { to, subject, after = 0, timeoutMs = 10_000 }) {
  return sink.waitFor(
    (m) =>
      sink.messages.indexOf(m) >= after &&
      m.to.some((a) => a.toLowerCase() === to.toLowerCase()) &&
      (subject === undefined || m.subject === subject),
    timeoutMs,
  );
}

// The path (with token) of the `<base>/<prefix>/<token>` link in a mail's text.
export function linkFrom(mail, base, prefix) {
  const escaped = (base + prefix).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const m = new RegExp(`${escaped}/([^\\s<>"')]+)`).exec(mail.text);
  assert.ok(m, `no link ${base}${prefix}/<token> in the mail "${mail.subject}":\n${mail.text}`);
  return `${prefix}/${m[1]}`;
}

export const VERIFY_SUBJECT = 'Bekreft e-postadressen din';
export const RESET_SUBJECT = 'Nytt passord i Samskap';

// Registers through the form, opens the verification link from the mail. Returns {verifyPath}.
export async function signUp(client, sink, { name = 'Test Testesen', email, password }) {
  const after = sink.messages.length;
  const res = await client.postForm('/registrer', '/registrer', {
    name,
    email,
    password,
    password_confirm: password,
  });
  assert.equal(res.status, 303, `sign-up of ${email}: ${show(res)}`);
  assert.equal(pathOf(res.location), '/registrer/sjekk-e-post', show(res));
  const mail = await waitForMail(sink, { to: email, subject: VERIFY_SUBJECT, after });
  const verifyPath = linkFrom(mail, client.base, '/bekreft');
  const verified = await client.get(verifyPath);
  assert.equal(verified.status, 303, `verification link for ${email}: ${show(verified)}`);
  assert.equal(pathOf(verified.location), '/logg-inn', show(verified));
  return { verifyPath, mail };
}

// Signs in through the form; asserts success and returns the 303 response.
export async function signIn(client, email, password, { next } = {}) {
  const fields = { email, password };
  if (next !== undefined) fields.next = next;
  const res = await client.postForm('/logg-inn', '/logg-inn', fields);
  assert.equal(res.status, 303, `sign-in of ${email}: ${show(res)}`);
  return res;
}

// A verified user made with `samskap user add`, signed in on a fresh client.
export async function userWithRole(server, role = 'none', { name = `Rolle ${role}` } = {}) {
  const email = uniqueEmail(role);
  const password = strongPassword();
  const r = await server.cli(['user', 'add', '--email', email, '--name', name, '--role', role, '--password', password]);
  assert.equal(r.code, 0, `samskap user add failed: ${r.stderr}${r.stdout}`);
  const client = new Client(server.url);
  await signIn(client, email, password);
  return { client, email, password, name };
}

export async function userList(server) {
  const r = await server.cli(['user', 'list', '--json']);
  assert.equal(r.code, 0, `samskap user list failed: ${r.stderr}`);
  try {
    return JSON.parse(r.stdout);
  } catch (error) {
    throw new Error(`samskap user list --json printed no JSON: ${r.stdout.slice(0, 500)}`);
  }
}

// ---- the route table -------------------------------------------------------------------------

// `samskap routes --json`: [{method, pattern, access, roles, feature}].
export async function routeTable(server) {
  const r = await server.cli(['routes', '--json']);
  assert.equal(r.code, 0, `samskap routes --json failed: ${r.stderr}`);
  const routes = JSON.parse(r.stdout);
  assert.ok(Array.isArray(routes) && routes.length > 0, `no routes: ${r.stdout.slice(0, 500)}`);
  return routes;
}

// A concrete path for a pattern: {token}-like parameters get a plausible random token, others "1".
export function fillPattern(pattern) {
  return pattern.replace(/\{([^}]+)\}/g, (_, name) =>
    /token|key|code|kode|nokkel/i.test(name) ? randomBytes(32).toString('base64url') : '1',
  );
}

export const hasParams = (pattern) => /\{[^}]+\}/.test(pattern);
export const isUnsafeMethod = (method) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method.toUpperCase());

// Every <form> of a page: {method, action, html}.
export function formsOf(html) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map((m) => {
    const a = attributes(m[1]);
    return { method: (a.method || 'get').toLowerCase(), action: a.action, html: m[2] };
  });
}
