import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/** Finding 13: nothing rewrites HTML after the sanitizer; a crafted Content-ID cannot inject attributes. */
let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu();
});
afterAll(async () => {
  await e?.stop();
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

function related(o: { mid: string; html: string; contentId: string }) {
  return [
    'From: Eve <eve@example.com>',
    'To: support@kefu.test',
    'Subject: picture',
    `Message-ID: <${o.mid}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="REL"',
    '',
    '--REL',
    'Content-Type: text/html; charset=UTF-8',
    '',
    o.html,
    '',
    '--REL',
    'Content-Type: image/png; name="p.png"',
    'Content-Transfer-Encoding: base64',
    `Content-ID: <${o.contentId}>`,
    'Content-Disposition: inline; filename="p.png"',
    '',
    PNG.toString('base64'),
    '--REL--',
    '',
  ].join('\r\n');
}

/** Every element and attribute a browser would see in the stored HTML. */
function elements(html: string): Element[] {
  const out: Element[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes)
      if ('attribs' in n) {
        out.push(n as Element);
        walk((n as Element).children);
      }
  };
  walk(parseDocument(html).children);
  return out;
}

const ALLOWED: Record<string, string[]> = {
  img: ['src', 'alt', 'width', 'height'],
  a: ['href', 'title', 'rel', 'target'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
};

async function storedHtml(mid: string) {
  const row = await waitFor(
    async () =>
      (
        await e.k.db.query<{ ticket_id: number }>(
          `select ticket_id from inbound_emails where rfc_message_id = $1 and status = 'processed'`,
          [mid],
        )
      )[0],
    mid,
  );
  const [m] = (await e.k.admin.get(`/api/v1/tickets/${row.ticket_id}/messages`)).body.data;
  return m as { html: string; attachments: Array<{ id: number; filename: string }> };
}

describe('inline images and the sanitizer', () => {
  it('a Content-ID crafted to close the src attribute injects no attribute into the served HTML', async () => {
    await e.send(
      related({
        mid: 'cid-evil-1@example.com',
        contentId: 'a"',
        html: '<p>see</p><img src="cid:a" alt=" onerror=alert(1) y=" width="1"><p>after</p>',
      }),
    );
    const m = await storedHtml('cid-evil-1@example.com');
    for (const el of elements(m.html)) {
      const extra = Object.keys(el.attribs).filter((a) => !(ALLOWED[el.name] ?? []).includes(a));
      expect(extra, `${el.name} in ${m.html}`).toEqual([]);
    }
  });

  it('a Content-ID with quotes and angle brackets in an img src never leaves the src value', async () => {
    await e.send(
      related({ mid: 'cid-evil-2@example.com', contentId: 'x" onerror="alert(1)', html: '<img src="cid:x&quot; onerror=&quot;alert(1)">' }),
    );
    const m = await storedHtml('cid-evil-2@example.com');
    const imgs = elements(m.html).filter((el) => el.name === 'img');
    for (const img of imgs) {
      expect(Object.keys(img.attribs).filter((a) => !ALLOWED.img.includes(a))).toEqual([]);
      if (img.attribs.src) expect(img.attribs.src).toMatch(/^(\/api\/v1\/attachments\/\d+|cid:.*)$/);
    }
  });

  it('an ordinary inline image still points at its attachment', async () => {
    await e.send(
      related({
        mid: 'cid-ok-1@example.com',
        contentId: 'logo.123@example.com',
        html: '<p>logo:</p><img src="cid:logo.123@example.com" alt="logo">',
      }),
    );
    const m = await storedHtml('cid-ok-1@example.com');
    const png = m.attachments.find((a) => a.filename === 'p.png')!;
    const [img] = elements(m.html).filter((el) => el.name === 'img');
    expect(img.attribs).toEqual({ src: `/api/v1/attachments/${png.id}`, alt: 'logo' });
    expect((await e.k.admin.get(`/api/v1/attachments/${png.id}`)).status).toBe(200);
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
