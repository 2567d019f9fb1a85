import { ConnectionLostError } from './channel';
import { StalePlanError } from './stale-plans';
import { AcquireTimeoutError } from './transactions';

/** postgres.js's own codes for a connection that closed, ended or never opened. */
const DRIVER_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/** Node's socket errors. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs of a server that is going away, starting, or full: admin_shutdown, crash_shutdown,
 * cannot_connect_now, too_many_connections, idle_in_transaction_session_timeout, idle_session_timeout.
 * Class 08 (connection exception) is matched as a class.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300', '25P03', '57P05']);

export type UnavailableReason = 'connection' | 'pool' | 'stale-plan';

/**
 * Why the database could not serve the query, or undefined when the query itself failed.
 * 'connection': the server could not be reached, went away mid-transaction (rolled back), or is
 * starting or shutting down. 'pool': no connection became free in time. 'stale-plan': a migration
 * changed a table under a prepared statement, which did not run (a retry prepares afresh). drizzle wraps driver
 * errors, so the `cause` chain is followed.
 */
export function databaseUnavailable(error: unknown): UnavailableReason | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (current instanceof AcquireTimeoutError) return 'pool';
    if (current instanceof ConnectionLostError) return 'connection';
    if (current instanceof StalePlanError) return 'stale-plan';
    const code = 'code' in current ? current.code : undefined;
    if (
      typeof code === 'string' &&
      (DRIVER_CODES.has(code) ||
        SOCKET_CODES.has(code) ||
        SERVER_CODES.has(code) ||
        /^08[0-9A-Z]{3}$/.test(code))
    ) {
      return 'connection';
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
