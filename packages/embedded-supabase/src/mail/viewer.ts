import { Hono } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { MailAddress, MailStore } from './store';

/** A small server-rendered inbox for a browser: list, message view, delete all. */
export function mailViewer(store: MailStore): Hono {
  const viewer = new Hono();

  viewer.get('/', (c) => {
    const messages = store.list();
    return c.html(
      page(
        'Inbox',
        html`<form method="post" action="/clear"><button>Delete all</button></form>
          <table>
            <tr><th>Received</th><th>To</th><th>From</th><th>Subject</th></tr>
            ${messages.map(
              (m) => html`<tr class="${m.Read ? '' : 'unread'}">
                <td>${new Date(m.Created).toLocaleString()}</td>
                <td>${addressList(m.To)}</td>
                <td>${addressList(m.From ? [m.From] : [])}</td>
                <td><a href="/view/${m.ID}">${m.Subject || '(no subject)'}</a></td>
              </tr>`,
            )}
          </table>
          ${messages.length === 0 ? html`<p>No messages yet.</p>` : ''}`,
      ),
    );
  });

  viewer.get('/view/:id', (c) => {
    const message = store.get(c.req.param('id'));
    if (!message) return c.html(page('Not found', html`<p>No such message.</p>`), 404);
    store.markRead(message);
    return c.html(
      page(
        message.Subject,
        html`<p><a href="/">&larr; Inbox</a></p>
          <dl>
            <dt>From</dt><dd>${addressList(message.From ? [message.From] : [])}</dd>
            <dt>To</dt><dd>${addressList(message.To)}</dd>
            <dt>Date</dt><dd>${message.Date}</dd>
          </dl>
          ${
            message.HTML
              ? html`<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${message.HTML}"></iframe>`
              : ''
          }
          <pre>${message.Text}</pre>`,
      ),
    );
  });

  viewer.post('/clear', (c) => {
    store.delete();
    return c.redirect('/', 303);
  });

  return viewer;
}

function addressList(addresses: MailAddress[]): string {
  return addresses.map((a) => (a.Name ? `${a.Name} <${a.Address}>` : a.Address)).join(', ');
}

function page(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
    <html>
      <head>
        <meta charset="utf-8" />
        <title>${title} · embedded Supabase mail</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 2rem; color: #111 }
          table { border-collapse: collapse; width: 100% }
          td, th { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd }
          tr.unread td { font-weight: 600 }
          iframe { width: 100%; height: 24rem; border: 1px solid #ddd }
          pre { white-space: pre-wrap; background: #f6f6f6; padding: 1rem }
          dt { font-weight: 600 } dd { margin: 0 0 .5rem }
        </style>
      </head>
      <body>
        <h1>${title}</h1>
        ${body}
      </body>
    </html>`;
}
