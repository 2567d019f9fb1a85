import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

// `Database.admin`, `.sql` and `.replicaSql` bypass Row Level Security. Biome cannot restrict a
// property access to some files, so this test does: outside these named service paths the API
// reaches the database only through the per-request RLS runner. Adding a file here is a review
// decision; its entry says why it needs the admin connection.
const SERVICE_PATHS: Record<string, string> = {
  'index.ts': 'migration status at start-up',
  'routes/health.ts': 'migration status for the readiness probe',
  'metrics.ts': 'replication lag of each replica',
};

const srcDir = import.meta.dirname;
const ADMIN_ACCESS = /\.\s*(admin|sql|replicaSql)\b|\[\s*['"](admin|sql|replicaSql)['"]\s*\]/g;

/** Source without comments, so prose that names `db.admin` is not a use of it. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function adminAccesses(source: string): string[] {
  return [...withoutComments(source).matchAll(ADMIN_ACCESS)].map((m) => m[0]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

test('only the named service paths reach the admin connection', () => {
  const offenders = sourceFiles(srcDir)
    .map((file) => ({
      file: relative(srcDir, file),
      uses: adminAccesses(readFileSync(file, 'utf8')),
    }))
    .filter(({ file, uses }) => uses.length > 0 && !(file in SERVICE_PATHS));
  expect(offenders).toEqual([]);
});

test('every named service path still uses it (the list stays short and true)', () => {
  for (const file of Object.keys(SERVICE_PATHS)) {
    expect(adminAccesses(readFileSync(join(srcDir, file), 'utf8')), file).not.toEqual([]);
  }
});

test('the scan sees each way of reaching it, and ignores comments and sql`` tags', () => {
  expect(adminAccesses('await db.admin.select().from(items);')).toEqual(['.admin']);
  expect(adminAccesses("const a = db['admin'];")).toEqual(["['admin']"]);
  expect(adminAccesses('await deps.db.sql`select 1`;')).toEqual(['.sql']);
  expect(adminAccesses('await tx.execute(sql`select 1`);')).toEqual([]);
  expect(adminAccesses('await migrationStatus(db.sql, dir);')).toEqual(['.sql']);
  expect(adminAccesses('db.replicaSql.map(f);')).toEqual(['.replicaSql']);
  expect(adminAccesses('// the benchmark uses db.admin\n/* db.sql */')).toEqual([]);
});
