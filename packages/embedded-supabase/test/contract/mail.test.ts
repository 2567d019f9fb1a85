import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail, userClient } from './clients';
import { mailsTo, waitForMail } from './mailbox';
import { getTarget, type Target, targetsEmbedded } from './target';

let target: Target;
beforeAll(async () => {
  target = await getTarget();
});
afterAll(() => target.stop());

async function sendBySmtp(to: string, subject: string) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: target.smtpPort,
    secure: false,
  });
  try {
    await transport.sendMail({
      from: '"Acme" <noreply@acme.test>',
      to,
      subject,
      text: `Hello ${to}`,
      html: `<p>Hello <b>${to}</b></p>`,
    });
  } finally {
    transport.close();
  }
}

describe('mail catcher (Mailpit API subset, SMTP)', () => {
  it('stores what arrives over SMTP, readable as Mailpit JSON', async () => {
    const to = uniqueEmail('smtp');
    await sendBySmtp(to, 'Invitation to Acme');
    const message = await waitForMail(target, to);
    expect(message).toMatchObject({
      ID: expect.any(String),
      Subject: 'Invitation to Acme',
      From: { Name: 'Acme', Address: 'noreply@acme.test' },
      To: [{ Name: '', Address: to }],
      Text: expect.stringContaining(`Hello ${to}`),
      HTML: `<p>Hello <b>${to}</b></p>`,
      Date: expect.any(String),
      Attachments: [],
    });
  });

  it('searches by recipient newest first, lists, reads the latest, deletes all', async () => {
    const to = uniqueEmail('search');
    await sendBySmtp(to, 'first');
    await waitForMail(target, to, 1);
    await sendBySmtp(to, 'second');
    await waitForMail(target, to, 2);
    const found = await mailsTo(target, to);
    expect(found.messages_count).toBe(2);
    expect(found.messages.map((m) => m.Subject)).toEqual(['second', 'first']);

    const list = (await (await fetch(`${target.mailUrl}/api/v1/messages`)).json()) as {
      total: number;
      messages: Array<{ ID: string }>;
    };
    expect(list).toMatchObject({ total: expect.any(Number), messages: expect.any(Array) });
    expect(list.messages[0]).toHaveProperty('Snippet');

    const latest = (await (await fetch(`${target.mailUrl}/api/v1/message/latest`)).json()) as {
      ID: string;
    };
    expect(latest.ID).toBe(list.messages[0]!.ID);

    if (target.embedded) {
      // Only on a private mailbox: deleting everything on a shared stack would disturb other runs.
      const deleted = await fetch(`${target.mailUrl}/api/v1/messages`, { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect((await mailsTo(target, to)).messages).toHaveLength(0);
    }
  });

  it('catches the emails Auth sends, rendered from the config.toml templates', async () => {
    const email = uniqueEmail('templated');
    await userClient(target).auth.signInWithOtp({ email });
    const message = await waitForMail(target, email);
    expect(message.Subject).toBe('Your sign-in link');
    expect(message.HTML).toContain('<h2>Your sign-in link</h2>');
    expect(message.Text).toMatch(/\b\d{6}\b/);
  });

  // Mailpit's own UI is a single-page app; this checks the embedded server-rendered viewer.
  it.runIf(targetsEmbedded())(
    'shows caught mail in a browser page (list and message view)',
    async () => {
      const to = uniqueEmail('viewer');
      await sendBySmtp(to, 'Viewer <check>');
      const message = await waitForMail(target, to);
      const inbox = await fetch(target.mailUrl);
      expect(inbox.headers.get('content-type')).toContain('text/html');
      const html = await inbox.text();
      expect(html).toContain('Viewer &lt;check&gt;');
      const view = await (await fetch(`${target.mailUrl}/view/${message.ID}`)).text();
      expect(view).toContain(to);
      expect(view).toContain('srcdoc=');
    },
  );
});
