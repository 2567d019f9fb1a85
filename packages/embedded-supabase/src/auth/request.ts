import type { Context } from 'hono';
import { z } from 'zod';
import { badRequest } from './errors';

/** The JSON body checked against a schema; GoTrue answers 400 bad_json when it cannot decode one. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw badRequest(
        'bad_json',
        `Could not parse request body as JSON: ${(error as Error).message}`,
      );
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw badRequest(
      'bad_json',
      `Could not parse request body as JSON: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** Optional strings arrive as null or "" from auth-js; both mean "not given". */
export const optionalString = z
  .string()
  .nullish()
  .transform((value) => value || undefined);

export const metadata = z.record(z.string(), z.unknown());

/** `code_challenge`/`code_challenge_method`, null unless the client runs the PKCE flow. */
export const pkceFields = {
  code_challenge: optionalString,
  code_challenge_method: optionalString,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
