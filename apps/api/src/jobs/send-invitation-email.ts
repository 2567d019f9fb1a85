import type { Task } from 'graphile-worker';
import type { InvitationMailer } from '../mail/invitation-mailer';

/** What private.enqueue_invitation_email() queues. */
interface Payload {
  invitationId: string;
  token: string;
}

interface InvitationToSend {
  email: string;
  role: 'admin' | 'member';
  expires_at: Date;
  org_name: string;
  invited_by: string | null;
}

/**
 * Emails the one-time link of an invitation, after the transaction that created it committed.
 * Reads the invitation afresh, so one revoked, accepted or expired in the meantime is not sent.
 * A failure throws: graphile-worker retries with exponential backoff.
 */
export function sendInvitationEmailTask(mailer: InvitationMailer, webUrl: string): Task {
  return async (payload, helpers) => {
    const { invitationId, token } = payload as Payload;
    const {
      rows: [invitation],
    } = await helpers.withPgClient((client) =>
      client.query<InvitationToSend>(
        `select i.email, i.role, i.expires_at, o.name as org_name, u.email as invited_by
           from public.invitations i
           join public.organizations o on o.id = i.org_id
           left join auth.users u on u.id = i.invited_by
          where i.id = $1 and i.accepted_at is null and i.expires_at > now()`,
        [invitationId],
      ),
    );
    if (!invitation) {
      helpers.logger.info(`invitation ${invitationId} is no longer open; email not sent`);
      return;
    }
    const acceptUrl = new URL('/invitations/accept', webUrl);
    acceptUrl.searchParams.set('token', token);
    await mailer({
      to: invitation.email,
      orgName: invitation.org_name,
      invitedBy: invitation.invited_by ?? 'A teammate',
      role: invitation.role,
      acceptUrl: acceptUrl.toString(),
      expiresAt: invitation.expires_at,
    });
  };
}
