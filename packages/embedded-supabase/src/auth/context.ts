import type postgres from 'postgres';
import type { AuthSettings } from '../config';
import type { JwtKeys } from '../jwt';
import type { Mailer } from './mailer';

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
  log: (line: string) => void;
}
