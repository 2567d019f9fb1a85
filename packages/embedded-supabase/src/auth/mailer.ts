import type { AuthSettings, EmailKind } from '../config';
import type { MailStore } from '../mail';
import { renderSubject, renderTemplate } from './mail-template';
import { goQueryEscape } from './url';

/** The `type` an email link carries to /verify, per template. */
const VERIFY_TYPE: Record<Exclude<EmailKind, 'reauthentication'>, string> = {
  confirmation: 'signup',
  magic_link: 'magiclink',
  recovery: 'recovery',
  invite: 'invite',
  email_change: 'email_change',
};

interface EmailMessage {
  to: string;
  /** The token in the link (with a `pkce_` prefix in the PKCE flow). */
  tokenHash: string;
  /** The code the user may type instead of following the link. */
  otp: string;
  redirectTo: string;
  /** The account's current address (GoTrue's `.Email`). */
  email: string;
  newEmail?: string;
}

export interface Mailer {
  send(kind: EmailKind, message: EmailMessage): void;
}

/**
 * GoTrue's email action link: `<auth url>/verify?token=…&type=…&redirect_to=…` (mailer getPath).
 * redirect_to goes in as given unless it holds `&`, `=` or `#` (GoTrue's encodeRedirectURL takes
 * those as "not yet encoded by the caller" and query-escapes the whole value).
 */
export function actionLink(
  externalUrl: string,
  tokenHash: string,
  type: string,
  redirectTo: string,
) {
  return `${externalUrl}/verify?token=${goQueryEscape(tokenHash)}&type=${goQueryEscape(type)}&redirect_to=${encodeRedirectUrl(redirectTo)}`;
}

function encodeRedirectUrl(redirectTo: string): string {
  return /[&=#]/.test(redirectTo) ? goQueryEscape(redirectTo) : redirectTo;
}

/**
 * Renders the config.toml templates with GoTrue's variables and drops the result straight into
 * the mail catcher: the same message Mailpit would have caught over SMTP.
 */
export function createMailer(options: {
  store: MailStore;
  settings: Pick<AuthSettings, 'templates' | 'siteUrl' | 'sender'>;
  externalUrl: string;
}): Mailer {
  const { store, settings, externalUrl } = options;
  return {
    send(kind, message) {
      const template = settings.templates[kind];
      const data = {
        SiteURL: settings.siteUrl,
        // A reauthentication email carries only its code (GoTrue's ReauthenticateMail).
        ConfirmationURL:
          kind === 'reauthentication'
            ? ''
            : actionLink(externalUrl, message.tokenHash, VERIFY_TYPE[kind], message.redirectTo),
        Email: message.email,
        NewEmail: message.newEmail ?? '',
        Token: message.otp,
        TokenHash: message.tokenHash,
        RedirectTo: message.redirectTo,
        SendingTo: message.to,
      };
      store.add({
        From: { Name: settings.sender.name, Address: settings.sender.email },
        To: [{ Name: '', Address: message.to }],
        Subject: renderSubject(template.subject, data),
        HTML: renderTemplate(template.content, data),
      });
    },
  };
}
