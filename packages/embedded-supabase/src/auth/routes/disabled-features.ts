import { Hono } from 'hono';
import type { AuthContext } from '../context';
import { AuthError } from '../errors';
import { requireAdmin, requireUser } from '../guards';

/**
 * GoTrue features this stand-in does not serve answer as a hosted project with them switched off
 * does: GoTrue's own guard middleware (internal/api/middleware.go) with its code and status, never
 * a bare 404. The package README lists them.
 */
const SAML_DISABLED = new AuthError(404, 'saml_provider_disabled', 'SAML 2.0 is disabled');
const PASSKEYS_DISABLED = new AuthError(404, 'passkey_disabled', 'Passkeys are disabled');
const OAUTH_SERVER_DISABLED = new AuthError(404, 'feature_disabled', 'OAuth server is disabled');
const CUSTOM_OAUTH_DISABLED = new AuthError(
  404,
  'feature_disabled',
  'Custom OAuth providers are disabled',
);

const refuse = (error: AuthError) => () => {
  throw error;
};

export function disabledFeatureRoutes(ctx: AuthContext): Hono {
  const app = new Hono();
  // SSO (SAML 2.0): signInWithSSO, the SAML metadata and assertion consumer.
  app.all('/sso', refuse(SAML_DISABLED));
  app.all('/sso/*', refuse(SAML_DISABLED));
  // Passkeys (WebAuthn): the guard runs before authentication, as in GoTrue.
  app.all('/passkeys', refuse(PASSKEYS_DISABLED));
  app.all('/passkeys/*', refuse(PASSKEYS_DISABLED));
  // Supabase as an OAuth 2.1 server for third-party apps.
  app.get('/.well-known/oauth-authorization-server', refuse(OAUTH_SERVER_DISABLED));
  app.all('/oauth/*', refuse(OAUTH_SERVER_DISABLED));
  app.use('/user/oauth/grants', requireUser(ctx));
  app.all('/user/oauth/grants', refuse(OAUTH_SERVER_DISABLED));
  for (const path of ['/admin/oauth/*', '/admin/custom-providers', '/admin/custom-providers/*']) {
    app.use(path, requireAdmin(ctx));
  }
  app.all('/admin/oauth/*', refuse(OAUTH_SERVER_DISABLED));
  app.all('/admin/custom-providers', refuse(CUSTOM_OAUTH_DISABLED));
  app.all('/admin/custom-providers/*', refuse(CUSTOM_OAUTH_DISABLED));
  for (const path of ['/admin/sso', '/admin/sso/*']) {
    app.use(path, requireAdmin(ctx));
    app.all(path, refuse(SAML_DISABLED));
  }
  return app;
}

/** The issuers GoTrue names when an ID-token provider is not enabled (token_oidc.go). */
const ID_TOKEN_ISSUERS: Record<string, string> = {
  google: 'https://accounts.google.com',
  apple: 'https://appleid.apple.com',
  facebook: 'https://www.facebook.com',
  kakao: 'https://kauth.kakao.com',
  snapchat: 'https://accounts.snapchat.com',
};

/** signInWithIdToken: no provider is enabled here. */
export function idTokenGrantRefusal(provider: string | undefined): AuthError {
  const issuer = provider ? ID_TOKEN_ISSUERS[provider] : undefined;
  return issuer
    ? new AuthError(400, 'provider_disabled', `Provider (issuer "${issuer}") is not enabled`)
    : new AuthError(
        400,
        'validation_failed',
        `Custom OIDC provider "${provider ?? ''}" not allowed`,
      );
}

/** signInWithWeb3 (Solana, Ethereum): GoTrue's answer with both chains off. */
export const WEB3_DISABLED = new AuthError(
  422,
  'web3_provider_disabled',
  'Web3 provider is disabled',
);
