import { parseResponse } from 'hono/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unreachable } from './action-result';
import { apiFailure } from './api-errors';

/** What the typed client throws for this API response (hono's own parseResponse). */
async function thrownFor(status: number, body: unknown): Promise<unknown> {
  const response = new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
  // A plain Response is what the client resolves to at run time; only its type is narrower.
  return parseResponse(Promise.resolve(response) as Parameters<typeof parseResponse>[0]).then(
    () => expect.fail('a 4xx/5xx must throw'),
    (error: unknown) => error,
  );
}

describe('apiFailure', () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  afterEach(() => logged.mockClear());

  it("words the API's stable codes, keeping the code", async () => {
    const error = await thrownFor(404, {
      error: { code: 'not_found', message: 'Not found', requestId: 'r' },
    });
    expect(apiFailure(error)).toEqual({
      ok: false,
      code: 'not_found',
      error: 'That no longer exists, or you no longer have access to it.',
    });
  });

  it("shows the API's message for codes it does not know", async () => {
    const error = await thrownFor(409, {
      error: { code: 'new_rule', message: 'Not allowed now.' },
    });
    expect(apiFailure(error)).toEqual({ ok: false, code: 'new_rule', error: 'Not allowed now.' });
  });

  it('never takes a message from Object.prototype for codes like `constructor`', async () => {
    for (const code of ['constructor', 'toString', '__proto__']) {
      const error = await thrownFor(400, { error: { code, message: 'Plain message.' } });
      expect(apiFailure(error), code).toEqual({ ok: false, code, error: 'Plain message.' });
    }
  });

  it('shows the first invalid field of a validation error', async () => {
    const error = await thrownFor(400, {
      error: {
        code: 'validation_failed',
        message: 'Invalid body',
        details: [
          { path: 'title', message: 'Title is required' },
          { path: 'x', message: 'other' },
        ],
      },
    });
    expect(apiFailure(error)).toMatchObject({
      code: 'validation_failed',
      error: 'Title is required',
    });
    const bare = await thrownFor(400, { error: { code: 'validation_failed' } });
    expect(apiFailure(bare)).toMatchObject({ error: 'Some fields are invalid.' });
  });

  it('hides bodies without a code (a proxy page, say) and logs them', async () => {
    const error = await thrownFor(502, { message: 'Bad gateway' });
    expect(apiFailure(error)).toEqual({
      ok: false,
      error: 'Something went wrong on our side. Try again.',
    });
    expect(logged).toHaveBeenCalled();
  });

  it('treats anything else (network failure) as unreachable', () => {
    expect(apiFailure(new TypeError('fetch failed'))).toBe(unreachable);
  });
});
