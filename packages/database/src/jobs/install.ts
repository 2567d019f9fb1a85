import { type Logger, runMigrations } from 'graphile-worker';
import postgres from 'postgres';
import { connectionUrl } from '../config';

/** graphile-worker's schema; private.enqueue_invitation_email() calls its add_job(). */
export const JOB_QUEUE_SCHEMA = 'graphile_worker';

/**
 * What graphile-worker leaves open after its own migrations, closed: users reach the queue only
 * through SECURITY DEFINER functions such as private.enqueue_invitation_email(), so anon and
 * authenticated get no rights on its schema, tables or functions, and every table has RLS on
 * (with no policies: nobody but the owner, who is the worker, reads or writes it).
 */
const LOCK_DOWN = `
revoke all on schema ${JOB_QUEUE_SCHEMA} from public, anon, authenticated;
revoke all on all tables in schema ${JOB_QUEUE_SCHEMA} from public, anon, authenticated;
revoke all on all sequences in schema ${JOB_QUEUE_SCHEMA} from public, anon, authenticated;
revoke all on all functions in schema ${JOB_QUEUE_SCHEMA} from public, anon, authenticated;
do $$
declare t record;
begin
  for t in select c.oid::regclass as name from pg_class c
    where c.relnamespace = '${JOB_QUEUE_SCHEMA}'::regnamespace and c.relkind in ('r', 'p')
      and not c.relrowsecurity
  loop
    execute format('alter table %s enable row level security', t.name);
  end loop;
end $$;`;

/**
 * Installs or upgrades the job queue's schema (graphile-worker's own migrations, which take their
 * own lock, so concurrent starts are safe) and locks it down. Runs with the migrations and at API
 * start-up. Needs a session connection (direct, or a session pooler), not a transaction pooler.
 */
export async function installJobQueue(url: string, logger?: Logger): Promise<void> {
  await runMigrations({
    connectionString: connectionUrl(url),
    schema: JOB_QUEUE_SCHEMA,
    ...(logger && { logger }),
  });
  const sql = postgres(connectionUrl(url), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(LOCK_DOWN);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
