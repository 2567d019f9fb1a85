/**
 * The limit the API is measured against: the same RLS read done by one Node process with
 * postgres.js and no HTTP. Each transaction is BEGIN READ ONLY, the claims and role, the page
 * select and COMMIT, written together on one connection (one round trip), as db.rls() does for a
 * one-statement read; `lanes` connections shared by `concurrency` loops.
 */
import postgres from 'postgres';

const PAGE = `select id, owner_id, org_id, title, body, done, created_at, updated_at,
                     created_at::text as sort_key
              from items where owner_id = $1 and org_id is null
              order by created_at desc, id desc limit 21`;

export interface RawRls {
  /** Transactions per second over `seconds`, with `concurrency` transactions in flight. */
  run(seconds: number, concurrency: number): Promise<number>;
  end(): Promise<void>;
}

export function rawRls(url: string, claims: object[], lanes = 2): RawRls {
  const clients = Array.from({ length: lanes }, () =>
    postgres(url, { max: 1, prepare: true, onnotice: () => {}, fetch_types: false }),
  );
  const claimsJson = claims.map((c) => JSON.stringify(c));
  const owners = claims.map((c) => (c as { sub: string }).sub);
  let next = 0;

  const transaction = () => {
    const i = next++ % claimsJson.length;
    const sql = clients[i % lanes]!;
    // Queued in one synchronous step: postgres.js writes them to the socket together.
    return Promise.all([
      sql.unsafe('begin read only'),
      sql.unsafe(
        "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
        [claimsJson[i]!],
      ),
      sql.unsafe(PAGE, [owners[i]!]),
      sql.unsafe('commit'),
    ]);
  };

  return {
    async run(seconds, concurrency) {
      const until = Date.now() + seconds * 1000;
      let done = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (Date.now() < until) {
            await transaction();
            done++;
          }
        }),
      );
      return done / seconds;
    },
    end: () => Promise.all(clients.map((c) => c.end())).then(() => {}),
  };
}
