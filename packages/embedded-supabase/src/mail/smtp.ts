import { type AddressObject, type Attachment, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { listenOnLoopback } from '../net';
import type { MailAddress, MailAttachment, MailStore } from './store';

export interface RunningSmtp {
  port: number;
  close(): Promise<void>;
}

/** Accepts any message (any or no credentials, no TLS), like Mailpit, and stores it. */
export async function startSmtpServer(store: MailStore, port: number): Promise<RunningSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onAuth: (auth, _session, done) => done(null, { user: auth.username ?? 'anonymous' }),
    onData: (stream, _session, done) => {
      simpleParser(stream)
        .then((mail) => {
          store.add({
            MessageID: mail.messageId?.replace(/^<|>$/g, '') ?? undefined,
            From: addresses(mail.from)[0] ?? null,
            To: addresses(mail.to),
            Cc: addresses(mail.cc),
            Bcc: addresses(mail.bcc),
            ReplyTo: addresses(mail.replyTo),
            Subject: mail.subject ?? '',
            Date: (mail.date ?? new Date()).toISOString(),
            Text: mail.text ?? '',
            HTML: typeof mail.html === 'string' ? mail.html : '',
            Size: stream.byteLength,
            Inline: attachments(mail.attachments.filter((a) => a.related)),
            Attachments: attachments(mail.attachments.filter((a) => !a.related)),
          });
          done();
        })
        .catch(done);
    },
  });
  const boundPort = await listenOnLoopback(server.server, port);
  return {
    port: boundPort,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field ? (Array.isArray(field) ? field : [field]) : [];
  return objects.flatMap((object) =>
    object.value.map((a) => ({ Name: a.name ?? '', Address: a.address ?? '' })),
  );
}

function attachments(list: Attachment[]): MailAttachment[] {
  return list.map((a, index) => ({
    PartID: String(index + 2),
    FileName: a.filename ?? '',
    ContentType: a.contentType,
    ContentID: a.cid ?? '',
    Size: a.size,
  }));
}
