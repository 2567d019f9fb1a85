import { Hono } from 'hono';
import type { AuthContext } from '../context';
import { AuthError, badRequest, forbidden, unprocessable } from '../errors';
import { requireUser, type UserEnv } from '../guards';
import { isUuid } from '../request';
import { identitiesOf, mergeMetadata, updateUser } from '../users';

const MANUAL_LINKING_DISABLED = new AuthError(
  404,
  'manual_linking_disabled',
  'Manual linking is disabled',
);

/**
 * linkIdentity() and unlinkIdentity() as GoTrue serves them under /user/identities: authenticated,
 * then refused unless `[auth] enable_manual_linking`. Linking needs an OAuth provider, and none
 * can be enabled here, so it ends in GoTrue's "Unsupported provider" answer.
 */
export function identityRoutes(ctx: AuthContext) {
  const app = new Hono<UserEnv>();
  app.use('/user/identities/*', requireUser(ctx), async (_c, next) => {
    if (!ctx.settings.enableManualLinking) throw MANUAL_LINKING_DISABLED;
    await next();
  });

  app.get('/user/identities/authorize', () => {
    throw badRequest('validation_failed', 'Unsupported provider: provider is not enabled');
  });

  app.delete('/user/identities/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw badRequest('validation_failed', 'identity_id must be an UUID');
    const audience = c.req.header('x-jwt-aud') || 'authenticated';
    const claimed = c.get('claims').aud;
    if ((Array.isArray(claimed) ? claimed[0] : claimed) !== audience) {
      throw forbidden('unexpected_audience', "Token audience doesn't match request audience");
    }
    const user = c.get('user');
    await ctx.sql.begin(async (tx) => {
      const identities = await identitiesOf(tx, user.id);
      if (identities.length <= 1) {
        throw unprocessable(
          'single_identity_not_deletable',
          'User must have at least 1 identity after unlinking',
        );
      }
      const doomed = identities.find((identity) => identity.id === id);
      if (!doomed) throw unprocessable('identity_not_found', "Identity doesn't exist");
      await tx`delete from auth.identities where id = ${doomed.id}`;
      // GoTrue's UpdateAppMetaDataProviders: the providers left, in the order they were linked.
      const providers = [
        ...new Set(identities.filter((i) => i.id !== doomed.id).map((i) => i.provider)),
      ];
      await updateUser(tx, user.id, {
        raw_app_meta_data: mergeMetadata(user.raw_app_meta_data, { providers }),
      });
    });
    return c.json({});
  });

  return app;
}
