/**
 * Statements on PGlite in one or two calls into its WebAssembly instead of six.
 *
 * `PGlite.query` sends Parse, Describe, Bind, Describe, Execute and Sync as six calls, each a pass of
 * PostgreSQL's main loop plus PGlite's JavaScript around it, and parses and plans the text every
 * time. Here a statement marked `prepare` (the hot, fixed ones; the same flag keeps a prepared
 * statement per connection on node-postgres) is parsed once under a name and then run with one call
 * (Bind, Describe, Execute, Sync); any other statement takes two (Parse and Describe of the unnamed
 * statement, then the rest). Parameters are serialized by the types PostgreSQL inferred, and rows
 * parsed by the result's types, with PGlite's own serializers and parsers, as `PGlite.query` does.
 *
 * Callers hold PGlite's query mutex (see `openPglite`), as `PGlite.query` does, so nothing else
 * reaches the protocol between two calls of one statement.
 */
import type { PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';

interface Message {
  name: string;
  dataTypeIDs?: number[];
  fields?: Array<{ name: string; dataTypeID: number } | string | null>;
}

/** A statement parsed under a name: its parameters' types, to serialize values by. */
interface Prepared {
  name: string;
  paramTypes: number[];
}

/** More distinct prepared texts than this and the least recently used one is closed. */
const MAX_PREPARED = 256;

export function pgliteStatements(pg: PGlite) {
  const prepared = new Map<string, Prepared>();
  let counter = 0;

  const exec = async (parts: Buffer[]) => (await pg.execProtocolStream(Buffer.concat(parts), { syncToFs: false })) as unknown as Message[];

  const paramTypesOf = (messages: Message[]) => messages.find((m) => m.name === 'parameterDescription')?.dataTypeIDs ?? [];

  const values = (params: unknown[], types: number[]) =>
    params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const s = pg.serializers[types[i]];
      return s ? s(v) : String(v);
    });

  const rowsOf = <T>(messages: Message[]): T[] => {
    const rows: T[] = [];
    let fields: Array<{ name: string; dataTypeID: number }> = [];
    for (const m of messages) {
      if (m.name === 'rowDescription') fields = m.fields as typeof fields;
      else if (m.name === 'dataRow') {
        const row: Record<string, unknown> = {};
        const raw = m.fields as Array<string | null>;
        for (let i = 0; i < fields.length; i++) {
          const v = raw[i];
          const f = fields[i];
          const parse = pg.parsers[f.dataTypeID];
          row[f.name] = v === null ? null : parse ? parse(v, f.dataTypeID) : v;
        }
        rows.push(row as T);
      }
    }
    return rows;
  };

  const run = (statement: string, params: unknown[], types: number[]) =>
    exec([
      serialize.bind({ statement, values: values(params, types) }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]);

  async function forget(text: string, p: Prepared) {
    prepared.delete(text);
    await exec([serialize.close({ type: 'S', name: p.name }), serialize.sync()]);
  }

  async function preparedFor(text: string): Promise<Prepared> {
    const hit = prepared.get(text);
    if (hit) {
      // Most recently used last: the Map's first key is the one to close when it is full.
      prepared.delete(text);
      prepared.set(text, hit);
      return hit;
    }
    if (prepared.size >= MAX_PREPARED) await forget(...(prepared.entries().next().value as [string, Prepared]));
    const name = `k${++counter}`;
    const described = await exec([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]);
    const p = { name, paramTypes: paramTypesOf(described) };
    prepared.set(text, p);
    return p;
  }

  return {
    async query<T>(text: string, params: unknown[] = [], prepare = false): Promise<T[]> {
      if (prepare) {
        const p = await preparedFor(text);
        try {
          return rowsOf<T>(await run(p.name, params, p.paramTypes));
        } catch (e) {
          // A table the statement reads changed its columns since it was parsed (a migration run by
          // this process): PostgreSQL refuses the old result type, so parse it again, once.
          if ((e as { code?: string }).code !== '0A000' || prepared.get(text) !== p) throw e;
          await forget(text, p);
          const again = await preparedFor(text);
          return rowsOf<T>(await run(again.name, params, again.paramTypes));
        }
      }
      const described = await exec([serialize.parse({ text }), serialize.describe({ type: 'S' }), serialize.sync()]);
      return rowsOf<T>(await run('', params, paramTypesOf(described)));
    },
  };
}
