import { expect } from '@playwright/test';

/** Reads the stack's mail catcher (Mailpit API), where Auth and the API send their emails. */
interface MailSummary {
  ID: string;
  Subject: string;
}

interface MailMessage {
  ID: string;
  Subject: string;
  HTML: string;
  Text: string;
}

const mailUrl = () => {
  const url = process.env.E2E_MAIL_URL;
  if (!url)
    throw new Error(
      'E2E_MAIL_URL is not set: run through playwright (global-setup starts the stack)',
    );
  return url;
};

async function search(address: string): Promise<MailSummary[]> {
  const query = encodeURIComponent(`to:"${address}"`);
  const response = await fetch(`${mailUrl()}/api/v1/search?query=${query}`);
  if (!response.ok) throw new Error(`mail search failed: ${response.status}`);
  return ((await response.json()) as { messages: MailSummary[] }).messages;
}

/** Waits for the newest email to `address` whose subject matches, and returns it in full. */
export async function waitForEmail(address: string, subject: RegExp): Promise<MailMessage> {
  let found: MailSummary | undefined;
  await expect
    .poll(
      async () => {
        found = (await search(address)).find((message) => subject.test(message.Subject));
        return found?.Subject;
      },
      { message: `an email to ${address} with subject ${subject}`, timeout: 15_000 },
    )
    .toMatch(subject);
  const response = await fetch(`${mailUrl()}/api/v1/message/${found!.ID}`);
  return (await response.json()) as MailMessage;
}

/** The first link in an email whose path is `pathname` (HTML entities decoded). */
export function linkIn(message: MailMessage, pathname: string): string {
  for (const [, href] of message.HTML.matchAll(/href="([^"]*)"/g)) {
    const url = new URL(href!.replace(/&amp;/g, '&'));
    if (url.pathname === pathname) return url.toString();
  }
  throw new Error(`no ${pathname} link in "${message.Subject}"`);
}
