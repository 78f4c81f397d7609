// A small SMTP server for the integration and browser tests: it accepts every message and keeps it.
//
//   const sink = await startSmtpSink();
//   // start samskap with SAMSKAP_SMTP_URL=sink.url
//   const mail = await sink.waitFor((m) => m.to.includes('kari@example.no'));
//   mail.subject; mail.text; mail.headers['content-type'];
//   await sink.close();
//
// Each message: { from, to: [addresses], auth: { username, password } | null, raw, headers, subject, text }.
// headers maps lower-case names to decoded values (the first occurrence of a repeated header wins);
// text is the decoded body as a string with "\n" line ends.
import net from 'node:net';

const MAX_LINE = 64 * 1024;
const MAX_MESSAGE = 50 * 1024 * 1024;

function decodeBytes(bytes, charset = 'utf-8') {
  try {
    return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function hexByte(text, at) {
  const pair = text.slice(at, at + 2);
  return /^[0-9A-Fa-f]{2}$/.test(pair) ? parseInt(pair, 16) : -1;
}

// Quoted-printable (RFC 2045 6.7) to bytes; `underscoreIsSpace` for RFC 2047 "Q" words.
function quotedPrintableBytes(text, underscoreIsSpace = false) {
  const source = underscoreIsSpace ? text : text.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    const value = ch === '=' ? hexByte(source, i + 1) : -1;
    if (value >= 0) {
      bytes.push(value);
      i += 2;
    } else if (underscoreIsSpace && ch === '_') {
      bytes.push(0x20);
    } else {
      const char = String.fromCodePoint(source.codePointAt(i));
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length - 1;
    }
  }
  return Uint8Array.from(bytes);
}

// Decodes a quoted-printable body to a UTF-8 string. Soft line breaks are removed; hard ones kept as they are.
export function decodeQuotedPrintable(text, charset = 'utf-8') {
  return decodeBytes(quotedPrintableBytes(text), charset);
}

// Decodes RFC 2047 encoded-words (B and Q, any charset TextDecoder knows) in a header value,
// dropping the white space between adjacent encoded-words as RFC 2047 6.2 requires.
export function decodeEncodedWords(value) {
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  let out = '';
  let last = 0;
  let previousWasWord = false;
  for (const match of value.matchAll(word)) {
    const between = value.slice(last, match.index);
    if (!(previousWasWord && /^[ \t\r\n]*$/.test(between))) out += between;
    const charset = match[1].split('*')[0]; // RFC 2231 language suffix
    const bytes =
      match[2].toUpperCase() === 'B'
        ? Uint8Array.from(Buffer.from(match[3], 'base64'))
        : quotedPrintableBytes(match[3], true);
    out += decodeBytes(bytes, charset);
    last = match.index + match[0].length;
    previousWasWord = true;
  }
  return out + value.slice(last);
}

function parseHeaders(head) {
  const headers = {};
  const unfolded = head.replace(/\r?\n(?=[ \t])/g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeBody(body, headers) {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').trim().toLowerCase();
  const charset = /charset="?([^";\s]+)"?/i.exec(headers['content-type'] ?? '')?.[1] ?? 'utf-8';
  let text;
  if (encoding === 'quoted-printable') text = decodeQuotedPrintable(body, charset);
  else if (encoding === 'base64') text = decodeBytes(Buffer.from(body.replace(/\s+/g, ''), 'base64'), charset);
  else text = decodeBytes(Buffer.from(body, 'utf8'), charset);
  return text.replace(/\r\n/g, '\n');
}

export function parseMessage(raw) {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = parseHeaders(head);
  return { headers, subject: headers.subject ?? '', text: decodeBody(body, headers) };
}

// "<addr> SIZE=123" or "addr" after MAIL FROM: / RCPT TO:
function pathArgument(argument) {
  const trimmed = argument.trim();
  const bracketed = /^<([^>]*)>/.exec(trimmed);
  return bracketed ? bracketed[1] : trimmed.split(/\s+/)[0];
}

function fromBase64(text) {
  return Buffer.from(text, 'base64').toString('utf8');
}

function handleConnection(socket, deliver) {
  let buffer = Buffer.alloc(0);
  let transaction = null; // { from, to: [] } once MAIL FROM was accepted
  let dataLines = null; // Buffer[] while reading DATA
  let dataSize = 0;
  let auth = null;
  let pendingAuth = null; // continuation of AUTH PLAIN / LOGIN
  let greeted = false;

  const reply = (code, ...lines) => {
    if (socket.destroyed) return;
    const text = lines.length === 0 ? [''] : lines;
    socket.write(text.map((line, i) => `${code}${i < text.length - 1 ? '-' : ' '}${line}`).join('\r\n') + '\r\n');
  };

  const finishData = () => {
    const raw = Buffer.concat(dataLines.flatMap((line) => [line, Buffer.from('\r\n')])).toString('utf8');
    const message = { from: transaction.from, to: [...transaction.to], auth, raw, ...parseMessage(raw) };
    dataLines = null;
    transaction = null;
    reply(250, 'OK: message accepted');
    deliver(message);
  };

  const dataLine = (line) => {
    if (line.length === 1 && line[0] === 0x2e) {
      if (dataSize > MAX_MESSAGE) {
        dataLines = null;
        transaction = null;
        reply(552, 'Message too large');
      } else {
        finishData();
      }
      return;
    }
    const unstuffed = line[0] === 0x2e ? line.subarray(1) : line;
    dataSize += unstuffed.length + 2;
    if (dataSize <= MAX_MESSAGE) dataLines.push(unstuffed);
  };

  const authStep = (line) => {
    const step = pendingAuth;
    pendingAuth = null;
    if (line === '*') return reply(501, 'Authentication cancelled');
    if (step.mechanism === 'PLAIN') return finishPlain(line);
    if (step.username === undefined) {
      pendingAuth = { mechanism: 'LOGIN', username: fromBase64(line) };
      return reply(334, Buffer.from('Password:').toString('base64'));
    }
    auth = { username: step.username, password: fromBase64(line) };
    return reply(235, 'Authentication successful');
  };

  const finishPlain = (response) => {
    const [, username = '', password = ''] = fromBase64(response).split('\0');
    auth = { username, password };
    reply(235, 'Authentication successful');
  };

  const command = (line) => {
    if (pendingAuth) return authStep(line);
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const argument = space < 0 ? '' : line.slice(space + 1);
    switch (verb) {
      case 'EHLO':
        greeted = true;
        transaction = null;
        return reply(250, 'samskap-smtp-sink', '8BITMIME', 'SMTPUTF8', 'PIPELINING', `SIZE ${MAX_MESSAGE}`,
          'AUTH PLAIN LOGIN');
      case 'HELO':
        greeted = true;
        transaction = null;
        return reply(250, 'samskap-smtp-sink');
      case 'AUTH': {
        const [mechanism = '', initial] = argument.trim().split(/\s+/);
        if (mechanism.toUpperCase() === 'PLAIN') {
          if (initial) return finishPlain(initial);
          pendingAuth = { mechanism: 'PLAIN' };
          return reply(334, '');
        }
        if (mechanism.toUpperCase() === 'LOGIN') {
          if (initial) {
            pendingAuth = { mechanism: 'LOGIN', username: fromBase64(initial) };
            return reply(334, Buffer.from('Password:').toString('base64'));
          }
          pendingAuth = { mechanism: 'LOGIN' };
          return reply(334, Buffer.from('Username:').toString('base64'));
        }
        return reply(504, 'Unrecognized authentication type');
      }
      case 'MAIL':
        if (!greeted) return reply(503, 'Send EHLO or HELO first');
        if (!/^FROM:/i.test(argument)) return reply(501, 'Syntax: MAIL FROM:<address>');
        if (transaction) return reply(503, 'Nested MAIL command');
        transaction = { from: pathArgument(argument.slice(5)), to: [] };
        return reply(250, 'OK');
      case 'RCPT':
        if (!transaction) return reply(503, 'Need MAIL command');
        if (!/^TO:/i.test(argument)) return reply(501, 'Syntax: RCPT TO:<address>');
        transaction.to.push(pathArgument(argument.slice(3)));
        return reply(250, 'OK');
      case 'DATA':
        if (!transaction || transaction.to.length === 0) return reply(503, 'Need RCPT command');
        dataLines = [];
        dataSize = 0;
        return reply(354, 'End data with <CR><LF>.<CR><LF>');
      case 'RSET':
        transaction = null;
        return reply(250, 'OK');
      case 'NOOP':
        return reply(250, 'OK');
      case 'QUIT':
        reply(221, 'Bye');
        return socket.end();
      default:
        return reply(502, 'Command not implemented');
    }
  };

  socket.on('data', (chunk) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    let newline;
    while (!socket.destroyed && (newline = buffer.indexOf(0x0a)) >= 0) {
      let line = buffer.subarray(0, newline);
      buffer = buffer.subarray(newline + 1);
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
      if (dataLines) dataLine(line);
      else command(line.toString('utf8'));
    }
    if (buffer.length > MAX_LINE && !dataLines) {
      reply(500, 'Line too long');
      socket.destroy();
    }
  });
  socket.on('error', () => {}); // a client hanging up mid-session is none of the test's business
  socket.setTimeout(60_000, () => socket.destroy());
  reply(220, 'samskap-smtp-sink ESMTP ready');
}

export async function startSmtpSink() {
  const messages = [];
  const waiters = new Set();
  const sockets = new Set();

  const settle = (waiter, message) => {
    let matches;
    try {
      matches = waiter.predicate(message);
    } catch (error) {
      waiter.finish();
      waiter.reject(error);
      return true;
    }
    if (!matches) return false;
    waiter.finish();
    waiter.resolve(message);
    return true;
  };

  const deliver = (message) => {
    messages.push(message);
    for (const waiter of [...waiters]) settle(waiter, message);
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    handleConnection(socket, deliver);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address();

  function waitFor(predicate = () => true, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve, reject };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const seen = messages.map((m) => `${m.to.join(', ')}: ${JSON.stringify(m.subject)}`).join('; ') || 'none';
        reject(new Error(`no matching e-mail within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      waiter.finish = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
      for (const message of messages) {
        if (settle(waiter, message)) return;
      }
    });
  }

  async function close() {
    for (const waiter of [...waiters]) {
      waiter.finish();
      waiter.reject(new Error('SMTP sink closed'));
    }
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(() => resolve()));
  }

  return { port, url: `smtp://127.0.0.1:${port}`, messages, waitFor, close };
}
