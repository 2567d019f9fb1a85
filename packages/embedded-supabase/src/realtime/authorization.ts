import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { isApiRole } from './changes/database';
import type { Claims } from './tokens';

/** What a private channel's user may do on its topic; undefined: not asked yet. */
export interface Policies {
  broadcastRead: boolean;
  presenceRead: boolean;
  broadcastWrite?: boolean;
  presenceWrite?: boolean;
}

export type Extension = 'broadcast' | 'presence';

/** The database could not answer (down, or the connection was lost): not a "no". */
export class AuthorizationUnavailable extends Error {
  constructor() {
    super('Realtime was unable to connect to the project database');
  }
}

class Rollback {
  constructor(readonly value: unknown) {}
}

/**
 * Realtime Authorization as Supabase Realtime does it (lib/realtime/tenants/authorization.ex):
 * the RLS policies on realtime.messages are asked, inside a transaction that always rolls back,
 * as the user (`role`, `request.jwt.claims`) with `realtime.topic` set to the channel's topic.
 * Receive: probe rows are inserted as the superuser, then selected as the user. Send: the user
 * inserts a row; insufficient_privilege means no. A policy that raises (or a topic PostgreSQL
 * cannot hold, such as one with a NUL) is a no, as upstream turns an RLS error into Unauthorized.
 */
export class Authorization {
  constructor(
    private readonly sql: postgres.Sql,
    private readonly log: (message: string) => void,
  ) {}

  /** Receive rights for both extensions (a channel may enable presence later by tracking). */
  async read(claims: Claims, topic: string): Promise<Policies> {
    const extensions: Extension[] = ['broadcast', 'presence'];
    const probes = extensions.map((extension) => ({ id: randomUUID(), topic, extension }));
    const seen = await this.asUser(claims, topic, async (tx) => {
      await tx`insert into realtime.messages ${tx(probes, 'id', 'topic', 'extension')}`;
      await this.become(tx, claims, topic);
      const ids = probes.map((probe) => probe.id);
      const rows = await tx<
        { id: string }[]
      >`select id from realtime.messages where id in ${tx(ids)}`;
      return new Set(rows.map((row) => row.id));
    });
    const allowed = (extension: Extension) =>
      seen !== null && probes.some((probe) => probe.extension === extension && seen.has(probe.id));
    return { broadcastRead: allowed('broadcast'), presenceRead: allowed('presence') };
  }

  async write(claims: Claims, topic: string, extension: Extension): Promise<boolean> {
    const inserted = await this.asUser(claims, topic, async (tx) => {
      await this.become(tx, claims, topic);
      try {
        await tx.savepoint(
          (sp) =>
            sp`insert into realtime.messages (topic, extension) values (${topic}, ${extension})`,
        );
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === '42501') return false;
        throw error;
      }
    });
    return inserted === true;
  }

  /** Runs the checks and rolls back; null when a policy (or the topic) raised an error. */
  private async asUser<T>(
    claims: Claims,
    topic: string,
    check: (tx: postgres.TransactionSql) => Promise<T>,
  ): Promise<T | null> {
    // Only the API roles: a token's role is never switched to unchecked.
    if (!isApiRole(claims.role)) return null;
    try {
      await this.sql.begin(async (tx) => {
        throw new Rollback(await check(tx));
      });
    } catch (error) {
      if (error instanceof Rollback) return error.value as T;
      if (typeof (error as { code?: unknown }).code === 'string' && isSqlState(error)) {
        this.log(`realtime: RlsPolicyError on topic ${JSON.stringify(topic)}: ${String(error)}`);
        return null;
      }
      throw new AuthorizationUnavailable();
    }
    throw new Error('unreachable: the authorization transaction always rolls back');
  }

  private async become(tx: postgres.TransactionSql, claims: Claims, topic: string): Promise<void> {
    await tx`select
      set_config('role', ${claims.role}, true),
      set_config('realtime.topic', ${topic}, true),
      set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
      set_config('request.jwt.claim.sub', ${typeof claims.sub === 'string' ? claims.sub : ''}, true),
      set_config('request.jwt.claim.role', ${claims.role}, true)`;
  }
}

/** A PostgreSQL error (five-character SQLSTATE), as opposed to postgres.js's connection errors. */
function isSqlState(error: unknown): boolean {
  const code = (error as { code: string }).code;
  return /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}
