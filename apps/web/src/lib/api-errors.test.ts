import { parseResponse } from 'hono/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unreachable } from './action-result';
import { apiErrorMessage, apiFailure } from './api-errors';

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

  it("never shows the API's own message: unknown codes get a worded message by status", async () => {
    const error = await thrownFor(409, {
      error: { code: 'new_rule', message: 'duplicate key value violates unique constraint "x"' },
    });
    expect(apiFailure(error)).toEqual({
      ok: false,
      code: 'new_rule',
      error: 'Something went wrong on our side. Try again.',
    });
    expect(apiErrorMessage(401, { error: { code: 'new', message: 'jwt malformed' } })).toBe(
      'Your session has ended. Sign in again.',
    );
    expect(apiErrorMessage(503, { error: { code: 'new', message: 'ECONNREFUSED' } })).toMatch(
      /Wait a moment, then try again/,
    );
  });

  it('never takes a message from Object.prototype for codes like `constructor`', async () => {
    for (const code of ['constructor', 'toString', '__proto__']) {
      const error = await thrownFor(400, { error: { code, message: 'Plain message.' } });
      expect(apiFailure(error), code).toEqual({
        ok: false,
        code,
        error: 'Something went wrong on our side. Try again.',
      });
    }
  });

  it("words a validation error by its first field, never with the schema library's text", async () => {
    const error = await thrownFor(400, {
      error: {
        code: 'validation_failed',
        message: 'Invalid body',
        details: [
          { path: 'token', message: 'Too small: expected string to have >=20 characters' },
          { path: 'x', message: 'other' },
        ],
      },
    });
    const result = apiFailure(error);
    expect(result).toMatchObject({ code: 'validation_failed' });
    expect(result.ok || result.error).toMatch(/^This invitation link is incomplete or damaged\./);
    expect(result.ok || result.error).not.toMatch(/Too small|>=|string/);
    for (const path of ['email', 'name', 'slug', 'title', 'avatarUrl', 'displayName']) {
      const message = apiErrorMessage(400, {
        error: { code: 'validation_failed', details: [{ path, message: 'Invalid input' }] },
      });
      expect(message, path).not.toMatch(/Invalid input|Some of what you entered/);
    }
    const unknownField = apiErrorMessage(400, {
      error: { code: 'validation_failed', details: [{ path: 'constructor', message: 'x' }] },
    });
    expect(unknownField).toBe(
      'Some of what you entered is not valid. Check the fields and try again.',
    );
    const bare = await thrownFor(400, { error: { code: 'validation_failed' } });
    expect(apiFailure(bare)).toMatchObject({ error: unknownField });
  });

  it("shows `forbidden`'s own message, which names the rule for a person", () => {
    const message = 'Only admins and owners can manage invitations.';
    expect(apiErrorMessage(403, { error: { code: 'forbidden', message } })).toBe(message);
    expect(apiErrorMessage(403, { error: { code: 'forbidden' } })).toBe(
      'You do not have permission to do that.',
    );
  });

  it('words inviting your own address', () => {
    expect(apiErrorMessage(400, { error: { code: 'cannot_invite_yourself' } })).toMatch(
      /cannot invite your own address/,
    );
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
