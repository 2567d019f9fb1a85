import { isIP } from 'node:net';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AuthContext } from '../context';
import { AuthError, badRequest, forbidden, notFound, unprocessable } from '../errors';
import { requireUser, type UserEnv } from '../guards';
import {
  type ChallengeRow,
  deleteExpiredFactors,
  type FactorRow,
  factorsOf,
  findOwnedFactor,
  lastUsedTimeStep,
} from '../mfa/factors';
import { downgradeSessions, upgradeSession } from '../mfa/session-upgrade';
import { matchingTimeStep, newTotp } from '../mfa/totp';
import { rateLimitKey } from '../rate-limit';
import { isUuid, optionalString, readBody } from '../request';
import { findUserById } from '../users';

/** GoTrue's MFA defaults that config.toml does not expose (GOTRUE_MFA_*). */
const CHALLENGE_EXPIRY_SECONDS = 300;
const FACTOR_EXPIRY_SECONDS = 300;
const MAX_VERIFIED_FACTORS = 10;

const enrollBody = z.object({
  friendly_name: z.string().nullish(),
  factor_type: optionalString,
  issuer: optionalString,
  phone: optionalString,
});
const verifyBody = z.object({ challenge_id: z.uuid(), code: z.string().nullish() });

interface FactorEnv extends UserEnv {
  Variables: UserEnv['Variables'] & { factor: FactorRow };
}

/** POST /factors, POST /factors/:id/challenge, POST /factors/:id/verify, DELETE /factors/:id. */
export function factorRoutes(ctx: AuthContext) {
  const mfa = ctx.settings.mfa;
  const app = new Hono<FactorEnv>();
  app.use('/factors', requireUser(ctx), requireNotAnonymous, requireSession);
  for (const path of ['/factors/:factorId', '/factors/:factorId/*']) {
    app.use(path, requireUser(ctx), requireNotAnonymous, requireSession, loadFactor(ctx));
  }

  app.post('/factors', async (c) => {
    const body = await readBody(c, enrollBody);
    if (body.factor_type === 'phone' || body.factor_type === 'webauthn') {
      throw unprocessable(
        body.factor_type === 'phone'
          ? 'mfa_phone_enroll_not_enabled'
          : 'mfa_webauthn_enroll_not_enabled',
        `MFA enroll is disabled for ${body.factor_type === 'phone' ? 'Phone' : 'WebAuthn'}`,
      );
    }
    if (body.factor_type !== 'totp') {
      throw badRequest('validation_failed', 'factor_type needs to be totp, phone, or webauthn');
    }
    if (!mfa.totpEnrollEnabled) {
      throw unprocessable('mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP');
    }
    const user = c.get('user');
    const friendlyName = body.friendly_name ?? '';
    await deleteExpiredFactors(ctx.sql, FACTOR_EXPIRY_SECONDS);
    const factors = await factorsOf(ctx.sql, user.id);
    if (factors.some((factor) => (factor.friendly_name ?? '') === friendlyName)) {
      throw unprocessable(
        'mfa_factor_name_conflict',
        `A factor with the friendly name "${friendlyName}" for this user already exists`,
      );
    }
    const verified = factors.filter((factor) => factor.status === 'verified').length;
    if (factors.length >= mfa.maxEnrolledFactors || verified >= MAX_VERIFIED_FACTORS) {
      throw unprocessable(
        'too_many_enrolled_mfa_factors',
        'Maximum number of verified factors reached, unenroll to continue',
      );
    }
    if (verified > 0 && c.get('session')?.aal !== 'aal2') {
      throw forbidden('insufficient_aal', 'AAL2 required to enroll a new factor');
    }
    const issuer = body.issuer ?? new URL(ctx.settings.siteUrl).host;
    const totp = await newTotp(issuer, user.email ?? '');
    const [factor] = await ctx.sql<FactorRow[]>`
      insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
      values (gen_random_uuid(), ${user.id}, ${friendlyName}, 'totp', 'unverified', now(), now(), ${totp.secret})
      returning *`;
    return c.json({
      id: factor!.id,
      type: 'totp',
      friendly_name: factor!.friendly_name ?? '',
      totp: { qr_code: totp.qrCode, secret: totp.secret, uri: totp.uri },
    });
  });

  app.post('/factors/:factorId/challenge', async (c) => {
    const factor = c.get('factor');
    assertVerifyEnabled(ctx);
    const [challenge] = await ctx.sql.begin(async (tx) => {
      await tx`update auth.mfa_factors set last_challenged_at = now() where id = ${factor.id}`;
      return tx<ChallengeRow[]>`
        insert into auth.mfa_challenges (id, factor_id, created_at, ip_address)
        values (gen_random_uuid(), ${factor.id}, now(), ${clientIp(c, ctx)})
        returning *`;
    });
    return c.json({
      id: challenge!.id,
      type: factor.factor_type,
      expires_at: Math.floor(challenge!.created_at.getTime() / 1000) + CHALLENGE_EXPIRY_SECONDS,
    });
  });

  app.post('/factors/:factorId/verify', async (c) => {
    const factor = c.get('factor');
    const body = await readBody(c, verifyBody);
    if (!body.code) throw badRequest('validation_failed', 'Code needs to be non-empty');
    assertVerifyEnabled(ctx);
    const challenge = await openChallenge(ctx, factor, body.challenge_id);
    const step = matchingTimeStep(factor.secret ?? '', body.code.trim());
    const session = await ctx.sql.begin(async (tx) => {
      // The factor row's lock queues concurrent verifies, so one code cannot win twice.
      await tx`select 1 from auth.mfa_factors where id = ${factor.id} for update`;
      const [fresh] = await tx<ChallengeRow[]>`
        select * from auth.mfa_challenges where id = ${challenge.id} for update`;
      if (!fresh || fresh.verified_at) throw challengeAlreadyUsed();
      const lastStep = await lastUsedTimeStep(tx, factor.id);
      if (step === null || (lastStep !== null && step <= lastStep)) return null;
      await tx`
        update auth.mfa_challenges set verified_at = now(), otp_code = ${String(step)}
        where id = ${challenge.id}`;
      await tx`
        update auth.mfa_factors set status = 'verified', updated_at = now()
        where id = ${factor.id} and status <> 'verified'`;
      const user = (await findUserById(tx, c.get('user').id))!;
      return upgradeSession(tx, ctx, user, c.get('session')!.id, factor);
    });
    if (!session) throw unprocessable('mfa_verification_failed', 'Invalid TOTP code entered');
    return c.json(session);
  });

  app.delete('/factors/:factorId', async (c) => {
    const factor = c.get('factor');
    if (factor.status === 'verified' && c.get('session')?.aal !== 'aal2') {
      throw unprocessable('insufficient_aal', 'AAL2 required to unenroll verified factor');
    }
    await ctx.sql.begin(async (tx) => {
      await downgradeSessions(tx, factor);
      await tx`delete from auth.mfa_factors where id = ${factor.id}`;
    });
    return c.json({ id: factor.id });
  });

  return app;
}

const requireNotAnonymous = createMiddleware<UserEnv>(async (c, next) => {
  if (c.get('user').is_anonymous) {
    throw forbidden('no_authorization', 'Anonymous user not allowed to perform these actions');
  }
  await next();
});

/** GoTrue answers 500 when the token names no session (e.g. a hand-made service token). */
const requireSession = createMiddleware<UserEnv>(async (c, next) => {
  if (!c.get('session')) {
    throw new AuthError(
      500,
      'unexpected_failure',
      'A valid session and a registered user are required to enroll a factor',
    );
  }
  await next();
});

/** GoTrue's loadFactor: only the caller's own factors exist for them. */
function loadFactor(ctx: AuthContext) {
  return createMiddleware<FactorEnv>(async (c, next) => {
    const factorId = c.req.param('factorId') ?? '';
    if (!isUuid(factorId)) throw notFound('validation_failed', 'factor_id must be an UUID');
    const factor = await findOwnedFactor(ctx.sql, c.get('user').id, factorId);
    if (!factor) throw notFound('mfa_factor_not_found', 'Factor not found');
    c.set('factor', factor);
    await next();
  });
}

function assertVerifyEnabled(ctx: AuthContext): void {
  if (!ctx.settings.mfa.totpVerifyEnabled) {
    throw unprocessable('mfa_totp_verify_not_enabled', 'MFA verification is disabled for TOTP');
  }
}

const challengeAlreadyUsed = () =>
  unprocessable('mfa_ip_address_mismatch', 'Challenge and verify IP addresses mismatch.');

/** GoTrue's validateChallenge: the factor's own, unused, unexpired challenge (expired ones go). */
async function openChallenge(
  ctx: AuthContext,
  factor: FactorRow,
  challengeId: string,
): Promise<ChallengeRow> {
  const [challenge] = await ctx.sql<(ChallengeRow & { expired: boolean })[]>`
    select *, created_at + make_interval(secs => ${CHALLENGE_EXPIRY_SECONDS}) < now() as expired
    from auth.mfa_challenges where id = ${challengeId} and factor_id = ${factor.id}`;
  if (!challenge) {
    throw unprocessable(
      'mfa_factor_not_found',
      'MFA factor with the provided challenge ID not found',
    );
  }
  if (challenge.verified_at) throw challengeAlreadyUsed();
  if (challenge.expired) {
    await ctx.sql`delete from auth.mfa_challenges where id = ${challenge.id}`;
    throw unprocessable(
      'mfa_challenge_expired',
      `MFA challenge ${challenge.id} has expired, verify against another challenge or create a new challenge.`,
    );
  }
  return challenge;
}

/** The address recorded with a challenge; behind the gateway it is the loopback. */
function clientIp(c: Parameters<typeof rateLimitKey>[0], ctx: AuthContext): string {
  const address = rateLimitKey(c, ctx.settings);
  return isIP(address) ? address : '0.0.0.0';
}
