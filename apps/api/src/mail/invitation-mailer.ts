import { createTransport } from 'nodemailer';

export interface InvitationEmail {
  to: string;
  orgName: string;
  invitedBy: string;
  role: 'admin' | 'member';
  acceptUrl: string;
  expiresAt: Date;
}

export type InvitationMailer = (email: InvitationEmail) => Promise<void>;

/**
 * Sends invitation emails over SMTP: the local mail catcher in development (Supabase CLI's
 * Mailpit or the embedded one, port 54325), any provider in production (SMTP_URL). Runs in the job
 * worker, never in a request. Every wait is bounded by `timeoutMs` (nodemailer's defaults are
 * minutes), so a server that accepts and stays silent fails the attempt and the job retries later.
 */
export function createInvitationMailer(config: {
  smtpUrl: string;
  from: string;
  timeoutMs: number;
}): InvitationMailer {
  const transport = createTransport({
    url: config.smtpUrl,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    dnsTimeout: config.timeoutMs,
  });
  return async (email) => {
    const subject = `Join ${email.orgName}`;
    const text = [
      `${email.invitedBy} invited you to join ${email.orgName} as ${email.role === 'admin' ? 'an admin' : 'a member'}.`,
      `Accept the invitation: ${email.acceptUrl}`,
      `The link works once and expires on ${email.expiresAt.toUTCString()}.`,
    ].join('\n\n');
    const html = `<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5">
<p>${escapeHtml(email.invitedBy)} invited you to join <strong>${escapeHtml(email.orgName)}</strong> as ${email.role === 'admin' ? 'an admin' : 'a member'}.</p>
<p><a href="${escapeHtml(email.acceptUrl)}">Accept the invitation</a></p>
<p style="color:#666;font-size:12px">The link works once and expires on ${escapeHtml(email.expiresAt.toUTCString())}.</p>
</body></html>`;
    await transport.sendMail({ from: config.from, to: email.to, subject, text, html });
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
