import type { Db, Queryable } from './client.ts';

/**
 * Runs two read-only queries over one snapshot of the database, on two PostgreSQL connections at once
 * when it can (two cores for two long sorts; adr/0005-report-queries.md): the first transaction
 * exports its snapshot (`pg_export_snapshot`) and the second imports it, so both see exactly the same
 * rows. The first never waits for the second: if the second has not imported the snapshot by the time
 * the first is done with its own query (no free connection, say), the first runs the second query
 * itself, and the second, if it starts at all, stops. On the embedded database, or inside a caller's
 * transaction, both run one after the other in one transaction.
 */
export async function inOneSnapshot<A, B>(
  db: Db,
  a: (q: Queryable) => Promise<A>,
  b: (q: Queryable) => Promise<B>,
  setup: (q: Queryable) => Promise<unknown> = async () => undefined,
): Promise<[A, B]> {
  if (db.kind !== 'pg' || db.bound)
    return db.tx(async (q) => {
      await setup(q);
      return [await a(q), await b(q)] as [A, B];
    });

  let publish!: (id: string | null) => void;
  const snapshot = new Promise<string | null>((resolve) => (publish = resolve));
  let state: 'waiting' | 'imported' | 'taken' = 'waiting';

  const first = db
    .tx(async (q) => {
      await q.query('set transaction isolation level repeatable read, read only');
      const [row] = await q.query<{ id: string }>('select pg_export_snapshot() as id');
      publish(row.id);
      await setup(q);
      const ra = await a(q);
      if (state !== 'waiting') return { ra };
      state = 'taken';
      return { ra, rb: { value: await b(q) } };
    })
    .finally(() => publish(null));

  const second: Promise<{ value: B } | null> = snapshot.then((id) =>
    id == null || state !== 'waiting'
      ? null
      : db
          .tx(async (q) => {
            if (state !== 'waiting') return null;
            await q.query('set transaction isolation level repeatable read, read only');
            await q.query(`set transaction snapshot '${id.replace(/'/g, "''")}'`);
            if (state !== 'waiting') return null;
            state = 'imported';
            await setup(q);
            return { value: await b(q) };
          })
          // A second that lost the race (the first ran its query itself) may fail: nothing depends on it.
          .catch((e: unknown) => {
            if (state === 'taken') return null;
            throw e;
          }),
  );
  second.catch(() => undefined); // awaited below when its answer is needed; never an unhandled rejection

  const { ra, rb } = await first;
  if (rb) return [ra, rb.value];
  const r2 = await second;
  if (!r2) throw new Error('inOneSnapshot: the second query neither ran nor was taken over');
  return [ra, r2.value];
}
