import { Hono } from 'hono';
import type { AuthContext } from '../context';
import { badRequest } from '../errors';

/** The OAuth providers GoTrue lists in /settings; none can be enabled in the embedded stack. */
const OAUTH_PROVIDERS = [
  'apple',
  'azure',
  'bitbucket',
  'discord',
  'facebook',
  'snapchat',
  'figma',
  'fly',
  'github',
  'gitlab',
  'google',
  'keycloak',
  'kakao',
  'linkedin',
  'linkedin_oidc',
  'notion',
  'spotify',
  'slack',
  'slack_oidc',
  'workos',
  'twitch',
  'twitter',
  'zoom',
];

/** /health, /settings, the JWKS, and the OAuth entry points (no providers here). */
export function metaRoutes(ctx: AuthContext): Hono {
  const app = new Hono();

  app.get('/health', (c) =>
    c.json({
      version: 'embedded',
      name: 'GoTrue',
      description: 'GoTrue is a user registration and authentication API',
    }),
  );

  app.get('/settings', (c) =>
    c.json({
      external: {
        anonymous_users: ctx.settings.enableAnonymousSignIns,
        ...Object.fromEntries(OAUTH_PROVIDERS.map((provider) => [provider, false])),
        email: ctx.settings.enableEmailSignup,
        phone: false,
      },
      disable_signup: !ctx.settings.enableSignup,
      mailer_autoconfirm: !ctx.settings.enableConfirmations,
      phone_autoconfirm: false,
      sms_provider: '',
      saml_enabled: false,
      saml_private_key_next_configured: false,
      passkeys_enabled: false,
    }),
  );

  app.get('/.well-known/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=600');
    return c.json(ctx.jwt.jwks);
  });

  for (const path of ['/authorize', '/callback']) {
    app.get(path, () => {
      throw badRequest('validation_failed', 'Unsupported provider: provider is not enabled');
    });
  }

  return app;
}
