import { databaseEnv } from '../env';
import { migrate } from '../migrator/migrate';
import { seedDemoData } from '../seed/demo';
import { isLocalUrl, withDevDatabase } from './dev-database';

/**
 * `pnpm db:reset`: wipe the app's data and schema and the auth users, then migrate and seed again.
 * Local databases only (the dev cluster, `supabase start`); never a hosted one.
 */
const url = databaseEnv.DATABASE_URL;
if (!isLocalUrl(url) || process.env.NODE_ENV === 'production') {
  console.error(`Refusing to reset ${new URL(url).host}: db:reset only wipes local databases.`);
  process.exit(1);
}
await withDevDatabase(url, async (sql) => {
  await sql.unsafe(`
    drop schema if exists public cascade;
    create schema public;
    grant usage on schema public to anon, authenticated, service_role;
    grant all on schema public to postgres;
    drop schema if exists private cascade;
    drop schema if exists drizzle cascade;
    do $$ begin
      if to_regclass('auth.users') is not null then delete from auth.users; end if;
    end $$;`);
  console.log((await migrate(sql, { jobQueueUrl: url })).report);
  console.log('Database reset and migrated.');
  console.log(await seedDemoData(sql));
});
