import { createHash } from 'node:crypto';
import { safeEqual } from '../secure';
import type { Db } from './db';
import { badRequest, notFound, unprocessable } from './errors';
import type { AuthMethod } from './sessions';

export interface PkceChallenge {
  challenge: string;
  method: 's256' | 'plain';
}

/** GoTrue's default flow-state lifetime (GOTRUE_EXTERNAL_FLOW_STATE_EXPIRY_DURATION). */
const FLOW_STATE_TTL_SECONDS = 300;

/**
 * The PKCE parameters of a request: both or neither (GoTrue pkce.go), a 43-128 character
 * challenge, method s256 or plain in any case. Undefined means the implicit flow.
 */
export function pkceChallenge(params: {
  code_challenge?: string;
  code_challenge_method?: string;
}): PkceChallenge | undefined {
  const { code_challenge: challenge, code_challenge_method: method } = params;
  if (!challenge && !method) return undefined;
  if (!challenge || !method) {
    throw badRequest(
      'validation_failed',
      'PKCE flow requires code_challenge_method and code_challenge',
    );
  }
  if (!/^[a-zA-Z0-9._~-]{43,128}$/.test(challenge)) {
    throw badRequest('validation_failed', 'code challenge has to be between 43 and 128 characters');
  }
  const normalized = method.toLowerCase();
  if (normalized !== 's256' && normalized !== 'plain') {
    throw badRequest('validation_failed', `code challenge method not supported: ${method}`);
  }
  return { challenge, method: normalized };
}

/** Records the challenge so the emailed link can later be turned into a code for this browser. */
export async function createFlowState(
  db: Db,
  userId: string,
  pkce: PkceChallenge,
  authMethod: AuthMethod,
): Promise<void> {
  const now = new Date();
  await db`
    insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge,
                                 provider_type, authentication_method, created_at, updated_at)
    values (gen_random_uuid(), ${userId}, gen_random_uuid()::text, ${pkce.method}, ${pkce.challenge},
            ${authMethod === 'email/signup' ? 'email' : authMethod}, ${authMethod}, ${now}, ${now})`;
}

/** GET /verify in the PKCE flow: the user's latest flow state of that kind yields its code. */
export async function issueAuthCode(
  db: Db,
  userId: string,
  authMethod: AuthMethod,
): Promise<string> {
  const [flow] = await db<{ auth_code: string }[]>`
    update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
    where id = (
      select id from auth.flow_state
      where user_id = ${userId} and authentication_method = ${authMethod}
      order by created_at desc limit 1)
    returning auth_code`;
  if (!flow) {
    throw badRequest(
      'flow_state_not_found',
      'No associated flow state found. flow state not found',
    );
  }
  return flow.auth_code;
}

/** grant_type=pkce: checks the verifier against the stored challenge; a code works once. */
export async function exchangeAuthCode(
  db: Db,
  authCode: string,
  verifier: string,
): Promise<{ userId: string; authMethod: AuthMethod }> {
  const [flow] = await db<
    {
      id: string;
      user_id: string | null;
      code_challenge: string;
      code_challenge_method: 's256' | 'plain';
      authentication_method: AuthMethod;
      expired: boolean;
    }[]
  >`
    select id, user_id, code_challenge, code_challenge_method, authentication_method,
           coalesce(case when authentication_method = 'magiclink' then auth_code_issued_at end, created_at)
             + make_interval(secs => ${FLOW_STATE_TTL_SECONDS}) < now() as expired
    from auth.flow_state where auth_code = ${authCode} for update`;
  if (!flow?.user_id) {
    throw notFound('flow_state_not_found', 'invalid flow state, no valid flow state found');
  }
  if (flow.expired) {
    throw unprocessable('flow_state_expired', 'invalid flow state, flow state has expired');
  }
  const expected =
    flow.code_challenge_method === 's256'
      ? createHash('sha256').update(verifier).digest('base64url')
      : verifier;
  if (!safeEqual(expected, flow.code_challenge)) {
    throw badRequest(
      'bad_code_verifier',
      'code challenge does not match previously saved code verifier',
    );
  }
  await db`delete from auth.flow_state where id = ${flow.id}`;
  return { userId: flow.user_id, authMethod: flow.authentication_method };
}
