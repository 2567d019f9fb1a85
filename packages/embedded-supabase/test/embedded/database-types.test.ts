import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentTypes, TYPES_FILE } from '../../scripts/gen-types';

describe('generated database types', () => {
  it('match the migrations: a stale apps/web/src/lib/supabase/database.types.ts fails here (pnpm db:types)', async () => {
    const generated = await currentTypes();
    expect(generated).toContain('export type Database = {');
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(generated);
  });
});
