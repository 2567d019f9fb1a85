import { describe, expect, it } from 'vitest';
import { EMAIL_PATTERN, isDeliverableEmail } from './email-address';

describe('isDeliverableEmail', () => {
  it('accepts ordinary addresses, subdomains, plus tags and long TLDs', () => {
    for (const email of [
      'alice@example.com',
      'a.b+tag@mail.example.co.uk',
      "o'brien@example.photography",
      'x@a-b.io',
    ]) {
      expect(isDeliverableEmail(email), email).toBe(true);
    }
  });

  it('refuses addresses GoTrue would take but no one can receive mail at', () => {
    for (const email of ['a@b', 'a@localhost', 'a@b.c', 'a@1.2.3.4', 'a@-b.com', 'a@b-.com']) {
      expect(isDeliverableEmail(email), email).toBe(false);
    }
  });

  it('refuses malformed input: spaces, two @, empty parts, NUL, over 254 characters', () => {
    for (const email of [
      '',
      'a b@example.com',
      'a@@example.com',
      '@example.com',
      'a@',
      'a\u0000@x.com',
    ]) {
      expect(isDeliverableEmail(email), JSON.stringify(email)).toBe(false);
    }
    expect(isDeliverableEmail(`${'a'.repeat(250)}@x.io`)).toBe(false);
  });

  it('the HTML pattern compiles as the browser compiles it (whole value, v flag)', () => {
    const browser = new RegExp(`^(?:${EMAIL_PATTERN})$`, 'v');
    for (const email of ['alice@example.com', 'a@b', 'a@b.c', 'x@a-b.io']) {
      expect(browser.test(email), email).toBe(isDeliverableEmail(email));
    }
  });
});
