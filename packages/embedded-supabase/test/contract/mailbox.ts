import type { Target } from './target';

export interface MailMessage {
  ID: string;
  Subject: string;
  From: { Name: string; Address: string };
  To: Array<{ Name: string; Address: string }>;
  Date: string;
  Text: string;
  HTML: string;
}

interface MessagesSummary {
  messages_count: number;
  messages: Array<{ ID: string; Subject: string; Created: string }>;
}

/** Mailpit's search for one recipient, newest first. */
export async function mailsTo(target: Target, address: string): Promise<MessagesSummary> {
  const query = encodeURIComponent(`to:"${address}"`);
  const response = await fetch(`${target.mailUrl}/api/v1/search?query=${query}`);
  if (!response.ok) throw new Error(`mail search failed: ${response.status}`);
  return (await response.json()) as MessagesSummary;
}

/** Waits until `address` has at least `count` messages and returns the newest in full. */
export async function waitForMail(
  target: Target,
  address: string,
  count = 1,
): Promise<MailMessage> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await mailsTo(target, address);
    if (found.messages.length >= count) {
      const response = await fetch(`${target.mailUrl}/api/v1/message/${found.messages[0]!.ID}`);
      return (await response.json()) as MailMessage;
    }
    if (Date.now() > deadline) throw new Error(`no email #${count} for ${address} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The href values of a message's links, with HTML entities decoded. */
export function linksIn(message: MailMessage): URL[] {
  return [...message.HTML.matchAll(/href="([^"]*)"/g)].map(
    (match) => new URL(match[1]!.replace(/&amp;/g, '&')),
  );
}

/** The token an email link carries: `token_hash` in this project's templates, `token` in GoTrue's. */
export function tokenHashIn(message: MailMessage): string {
  for (const link of linksIn(message)) {
    const token = link.searchParams.get('token_hash') ?? link.searchParams.get('token');
    if (token) return token;
  }
  throw new Error(`no token in email "${message.Subject}"`);
}

/** The one-time code printed in the email. */
export function codeIn(message: MailMessage): string {
  const code = /\b(\d{6,10})\b/.exec(message.Text)?.[1];
  if (!code) throw new Error(`no code in email "${message.Subject}"`);
  return code;
}
