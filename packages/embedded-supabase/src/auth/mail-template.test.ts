import { describe, expect, it } from 'vitest';
import { renderTemplate } from './mail-template';

describe('renderTemplate', () => {
  it('query-escapes values after the ? of a link, so next= keeps its own query', () => {
    const html = renderTemplate(
      '<a href="{{ .SiteURL }}/auth/confirm?token_hash={{ .TokenHash }}&type=signup&next={{ .RedirectTo }}">x</a>',
      {
        SiteURL: 'http://127.0.0.1:3000',
        TokenHash: 'pkce_abc',
        RedirectTo: 'http://127.0.0.1:3000/a?b=1&c=2',
      },
    );
    expect(html).toBe(
      '<a href="http://127.0.0.1:3000/auth/confirm?token_hash=pkce_abc&type=signup&next=http%3A%2F%2F127.0.0.1%3A3000%2Fa%3Fb%3D1%26c%3D2">x</a>',
    );
  });

  it('keeps a full URL that starts an attribute, escaping & for HTML', () => {
    const html = renderTemplate('<a href="{{ .ConfirmationURL }}">go</a>', {
      ConfirmationURL: 'http://127.0.0.1:54321/auth/v1/verify?token=t&type=magiclink',
    });
    expect(html).toBe(
      '<a href="http://127.0.0.1:54321/auth/v1/verify?token=t&amp;type=magiclink">go</a>',
    );
  });

  it('HTML-escapes text and refuses unsafe URL schemes', () => {
    expect(renderTemplate('<p>{{ .Email }}</p>', { Email: '<b>"x"</b>' })).toBe(
      '<p>&lt;b&gt;&#34;x&#34;&lt;/b&gt;</p>',
    );
    expect(renderTemplate('<a href="{{ .SiteURL }}">', { SiteURL: 'javascript:alert(1)' })).toBe(
      '<a href="#ZgotmplZ">',
    );
  });

  it('leaves unknown placeholders empty', () => {
    expect(renderTemplate('a{{ .Nope }}b', {})).toBe('ab');
  });
});
