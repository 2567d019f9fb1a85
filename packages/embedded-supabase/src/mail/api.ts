import { Hono } from 'hono';
import { z } from 'zod';
import type { MailStore, StoredMessage } from './store';

const deleteBody = z.object({ IDs: z.array(z.string()).optional() }).catch({});

/** The part of Mailpit's /api/v1 that tests and scripts use to read caught mail. */
export function mailpitApi(store: MailStore): Hono {
  const api = new Hono();

  api.get('/messages', (c) => c.json(summaryOf(store, store.list(), c.req.query())));

  api.get('/search', (c) => {
    const query = c.req.query('query')?.trim();
    if (!query) return c.text('Error: no search query', 400);
    return c.json(summaryOf(store, store.search(query), c.req.query()));
  });

  api.delete('/messages', async (c) => {
    const body = deleteBody.parse(await c.req.json().catch(() => ({})));
    store.delete(body.IDs);
    return c.text('ok');
  });

  api.get('/message/:id', (c) => {
    const message = store.get(c.req.param('id'));
    if (!message) return c.text('Message not found', 404);
    store.markRead(message);
    return c.json(message);
  });

  return api;
}

/** Mailpit's MessagesSummary: counts of the whole mailbox plus one page of matches. */
function summaryOf(
  store: MailStore,
  matches: StoredMessage[],
  query: Record<string, string>,
): Record<string, unknown> {
  const all = store.list();
  const start = Math.max(0, Number(query.start) || 0);
  const limit = Math.max(1, Number(query.limit) || 50);
  const unread = (list: StoredMessage[]) => list.filter((m) => !m.Read).length;
  return {
    total: all.length,
    unread: unread(all),
    count: Math.min(limit, Math.max(0, matches.length - start)),
    messages_count: matches.length,
    messages_unread: unread(matches),
    start,
    tags: [],
    messages: matches.slice(start, start + limit).map(summaryItem),
  };
}

function summaryItem(message: StoredMessage): Record<string, unknown> {
  return {
    ID: message.ID,
    MessageID: message.MessageID,
    Read: message.Read,
    From: message.From,
    To: message.To,
    Cc: message.Cc,
    Bcc: message.Bcc,
    ReplyTo: message.ReplyTo,
    Subject: message.Subject,
    Created: message.Created,
    Tags: message.Tags,
    Size: message.Size,
    Attachments: message.Attachments.length,
    Snippet: message.Text.replace(/\s+/g, ' ').trim().slice(0, 250),
  };
}
