import { randomBytes } from 'node:crypto';
import { htmlToText } from './html-to-text';
import { matchesQuery, parseSearchQuery } from './search';

export interface MailAddress {
  Name: string;
  Address: string;
}

export interface MailAttachment {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
}

/** A caught message, in the field names of Mailpit's API (storage.Message). */
export interface StoredMessage {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: MailAddress | null;
  To: MailAddress[];
  Cc: MailAddress[];
  Bcc: MailAddress[];
  ReplyTo: MailAddress[];
  ReturnPath: string;
  Subject: string;
  /** When the catcher received it. */
  Created: string;
  /** The message's Date header, else Created. */
  Date: string;
  Tags: string[];
  Text: string;
  HTML: string;
  Size: number;
  Inline: MailAttachment[];
  Attachments: MailAttachment[];
}

export type NewMessage = Pick<StoredMessage, 'Subject' | 'HTML'> &
  Partial<Omit<StoredMessage, 'ID' | 'Read' | 'Created' | 'Tags' | 'Subject' | 'HTML'>> & {
    From: MailAddress | null;
    To: MailAddress[];
  };

/** Mailpit keeps the newest 500 messages by default; so does this. */
const MAX_MESSAGES = 500;

/** In-memory mailbox, newest first, like Mailpit's default (lost on restart). */
export class MailStore {
  private messages: StoredMessage[] = [];

  add(message: NewMessage): StoredMessage {
    const now = new Date().toISOString();
    const stored: StoredMessage = {
      ID: randomBytes(16).toString('base64url'),
      MessageID: `${randomBytes(12).toString('hex')}@embedded-supabase`,
      Read: false,
      Cc: [],
      Bcc: [],
      ReplyTo: [],
      ReturnPath: message.From?.Address ?? '',
      Date: now,
      Size: Buffer.byteLength(message.HTML) + Buffer.byteLength(message.Text ?? ''),
      Inline: [],
      Attachments: [],
      ...message,
      // Mailpit down-converts HTML when a message has no text part (enmime does).
      Text: message.Text || htmlToText(message.HTML),
      Created: now,
      Tags: [],
    };
    this.messages.unshift(stored);
    this.messages.length = Math.min(this.messages.length, MAX_MESSAGES);
    return stored;
  }

  list(): StoredMessage[] {
    return [...this.messages];
  }

  search(query: string): StoredMessage[] {
    const terms = parseSearchQuery(query);
    return this.messages.filter((message) => matchesQuery(message, terms));
  }

  /** A message by ID, or the newest for "latest" (Mailpit's shortcut). */
  get(id: string): StoredMessage | undefined {
    return id === 'latest' ? this.messages[0] : this.messages.find((m) => m.ID === id);
  }

  markRead(message: StoredMessage): void {
    message.Read = true;
  }

  delete(ids?: string[]): void {
    this.messages = ids?.length ? this.messages.filter((m) => !ids.includes(m.ID)) : [];
  }
}
