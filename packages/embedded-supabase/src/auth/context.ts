import type postgres from 'postgres';
import type { AuthSettings } from '../config';
import type { JwtKeys } from '../jwt';
import type { Mailer } from './mailer';
import type { AuthLimits } from './rate-limit';

/** What every auth route needs; built once per instance. */
export interface AuthContext {
  sql: postgres.Sql;
  settings: AuthSettings;
  jwt: JwtKeys;
  /** `<api url>/auth/v1`: the base of email links. */
  externalUrl: string;
  /** `iss` of user access tokens. */
  issuer: string;
  mailer: Mailer;
  /** `[auth.rate_limit]`'s limiters, shared by every request of this instance. */
  limits: AuthLimits;
  log: (line: string) => void;
}
