// Reading the PDFs the server writes (Cairo's output): the number of pages, and the text as it
// would be copied from the page, decoded through each font's ToUnicode map, for tests that check
// what a PDF says.
import { inflateSync } from 'node:zlib';

// Page objects: "/Type /Page" but not "/Type /Pages".
export const pdfPages = (bytes) => (bytes.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

function objects(bytes) {
  const s = bytes.toString('latin1');
  const out = new Map();
  const re = /(\d+)\s+0\s+obj\b/g;
  let m;
  while ((m = re.exec(s))) {
    const num = Number(m[1]);
    const from = m.index + m[0].length;
    const si = s.indexOf('stream', from);
    const oe = s.indexOf('endobj', from);
    if (si < 0 || (oe >= 0 && oe < si)) {
      out.set(num, { dict: s.slice(from, oe), stream: null });
      continue;
    }
    const dict = s.slice(from, si);
    let start = si + 6;
    if (s[start] === '\r') start++;
    if (s[start] === '\n') start++;
    const end = s.indexOf('endstream', start);
    let data = bytes.subarray(start, end);
    if (/\/FlateDecode/.test(dict)) {
      try {
        data = inflateSync(data, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
      } catch {
        data = Buffer.alloc(0);
      }
    }
    out.set(num, { dict, stream: data.toString('latin1') });
    re.lastIndex = s.indexOf('endobj', end);
  }
  return out;
}

function hexToString(hex) {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

// A ToUnicode CMap: code (hex, upper case) → text, and the code length in hex digits.
function cmap(text) {
  const map = new Map();
  const range = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(text);
  const width = range ? range[1].length : 4;
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, uni] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(code.toUpperCase(), hexToString(uni));
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, uni] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const a = parseInt(lo, 16), b = parseInt(hi, 16), u = parseInt(uni, 16);
      for (let k = a; k <= b; k++)
        map.set(k.toString(16).toUpperCase().padStart(lo.length, '0'), String.fromCodePoint(u + k - a));
    }
  return { map, width };
}

// The page text, words separated by single spaces.
export function pdfText(bytes) {
  const objs = objects(bytes);
  const fonts = new Map();  // resource name → cmap
  for (const { dict } of objs.values())
    for (const [, name, num] of dict.matchAll(/\/([\w.-]+)\s+(\d+)\s+0\s+R/g)) {
      const font = objs.get(Number(num));
      const to = font && /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(font.dict);
      const cm = to && objs.get(Number(to[1]));
      if (cm?.stream) fonts.set(name, cmap(cm.stream));
    }
  let text = '';
  const show = (codes) => {
    if (!font) return;
    for (let i = 0; i + font.width <= codes.length; i += font.width)
      text += font.map.get(codes.slice(i, i + font.width).toUpperCase()) ?? '';
  };
  let font = null;
  for (const { stream } of objs.values()) {
    if (!stream || !/\bTf\b/.test(stream) || /begincmap/.test(stream)) continue;
    font = null;
    let replaced = false;  // inside a span whose ActualText stands for its glyphs (ligatures)
    const tokens =
      /\/ActualText\s*<([0-9a-fA-F]*)>|\/([\w.-]+)\s+[-\d.]+\s+Tf|<([0-9a-fA-F]*)>|\(((?:\\[\s\S]|[^\\)])*)\)|(-?\d+(?:\.\d+)?)(?=[\s<(\]])|\b(EMC|Td|TD|Tm|T\*|ET|BT)\b/g;
    for (const t of stream.matchAll(tokens)) {
      if (t[1] !== undefined) {
        text += hexToString(t[1]).replace(/^\uFEFF/, '');
        replaced = true;
      } else if (t[2] !== undefined) font = fonts.get(t[2]) ?? null;
      else if (t[3] !== undefined) {
        if (!replaced) show(t[3]);
      } else if (t[4] !== undefined) {
        if (replaced) continue;
        // A literal string: its bytes, escapes resolved, as hex codes.
        const bytes = [];
        const lit = t[4];
        for (let i = 0; i < lit.length; i++) {
          let ch = lit.charCodeAt(i);
          if (lit[i] === '\\') {
            const next = lit[++i];
            const oct = /^[0-7]{1,3}/.exec(lit.slice(i));
            if (oct) {
              ch = parseInt(oct[0], 8);
              i += oct[0].length - 1;
            } else ch = ({ n: 10, r: 13, t: 9, b: 8, f: 12 })[next] ?? next.charCodeAt(0);
          }
          bytes.push(ch.toString(16).toUpperCase().padStart(2, '0'));
        }
        show(bytes.join(''));
      } else if (t[5] !== undefined) {
        if (Number(t[5]) < -200) text += ' ';
      } else if (t[6] === 'EMC') replaced = false;
      else if (t[6] !== undefined) text += ' ';
    }
  }
  return text.replace(/\s+/g, ' ').trim();
}

// What the pages draw: every content stream (inflated) that paints, joined; for counting path
// operators ("x y m", "x y l", "x y w h re", dash patterns "[…] 0 d").
export function pdfDrawing(bytes) {
  let out = '';
  for (const { dict, stream } of objects(bytes).values())
    if (stream && !/begincmap/.test(stream) && !/\/Subtype\s*\/(Type1C|CIDFontType0C|OpenType|Image)/.test(dict)
        && !/\/Length1/.test(dict))
      out += stream + '\n';
  return out;
}

// How many times each path operator occurs in what the pages draw.
export function pdfPathOps(bytes) {
  const s = pdfDrawing(bytes);
  const count = (re) => (s.match(re) ?? []).length;
  return {
    lineTo: count(/(?:-?\d+(?:\.\d+)?\s+){2}l\b/g),
    rect: count(/(?:-?\d+(?:\.\d+)?\s+){4}re\b/g),
    dash: count(/\[[\d.\s]+\]\s+-?\d+(?:\.\d+)?\s+d\b/g),
    curve: count(/(?:-?\d+(?:\.\d+)?\s+){6}c\b/g),
  };
}
