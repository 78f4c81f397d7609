// Attachments on grant applications and reports, uploaded through the real multipart forms.
import assert from 'node:assert/strict';

import { csrfFrom, show } from './harness.mjs';

// A small file that passes the content check of PDFs.
export function pdfBytes(text = 'vedlegg') {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

// POSTs one file as multipart to actionPath with the CSRF token of pagePath; fields are extra form fields.
export async function uploadTo(client, pagePath, actionPath, { filename = 'vedlegg.pdf', bytes = pdfBytes(),
  type = 'application/pdf', fields = {} } = {}) {
  const page = await client.get(pagePath);
  const form = new FormData();
  let token = 'none'; // a visitor's page may have no form at all
  try {
    if (page.status === 200) token = csrfFrom(page.body);
  } catch {
    // keep 'none': the request is refused either way
  }
  form.append('_csrf', token);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([bytes], { type }), filename);
  return client.request('POST', actionPath, { body: form });
}

// The choices of the attachments step: [{value, label}] in the order shown.
export async function requirementOptions(client, aid) {
  const page = await client.get(`/tilskudd/soknader/${aid}/vedlegg`);
  assert.equal(page.status, 200, show(page));
  const select = /<select[^>]*name="requirement"[^>]*>([\s\S]*?)<\/select>/.exec(page.body);
  assert.ok(select, 'the step has the requirement select');
  return [...select[1].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => ({ value: m[1], label: m[2] }));
}

// Uploads one PDF for every attachment the application's rule set requires; returns how many.
export async function uploadRequired(client, aid) {
  const base = `/tilskudd/soknader/${aid}`;
  const required = (await requirementOptions(client, aid)).filter((o) => o.value !== '');
  for (const o of required) {
    const res = await uploadTo(client, `${base}/vedlegg`, `${base}/vedlegg`, {
      filename: `${o.value}.pdf`, bytes: pdfBytes(o.label), fields: { requirement: o.value },
    });
    assert.equal(res.status, 303, `uploading «${o.label}»: ${show(res)}`);
  }
  return required.length;
}
