import { databaseEnv } from '../env';
import { seedDemoData } from '../seed/demo';
import { withDevDatabase } from './dev-database';

/** `pnpm db:seed`: demo users, an org and items (idempotent). */
const summary = await withDevDatabase(databaseEnv.DATABASE_URL, seedDemoData);
console.log(summary);
