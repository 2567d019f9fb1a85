import { describe, expect, it } from 'vitest';
import { PAGE_ERROR_DIGEST, pageErrorWording } from './page-errors';

describe('pageErrorWording', () => {
  it('words a rate limit and a busy API, anything else as broken', () => {
    expect(pageErrorWording(PAGE_ERROR_DIGEST.rateLimited).title).toBe('You are going a bit fast');
    expect(pageErrorWording(PAGE_ERROR_DIGEST.unavailable).title).toBe('We are busy right now');
    expect(pageErrorWording('3141592653').title).toBe('Something went wrong');
    expect(pageErrorWording(undefined).title).toBe('Something went wrong');
    expect(pageErrorWording('toString').title).toBe('Something went wrong');
  });
});
