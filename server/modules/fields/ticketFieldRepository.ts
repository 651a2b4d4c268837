import type { Queryable } from '../../db/client.ts';
import type { FieldType } from '../../domain/customFields/customFields.ts';

export interface TicketFieldRow {
  id: number;
  key: string;
  label: { en: string; 'zh-CN': string };
  type: FieldType;
  options: string[];
  option_labels: Record<string, { en: string; 'zh-CN': string }>;
  categories: string[];
  required: boolean;
  visible_to_customers: boolean;
  sensitive: boolean;
  active: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
}

export interface TicketFieldValues {
  label: { en: string; 'zh-CN': string };
  type: FieldType;
  options: string[];
  option_labels: Record<string, { en: string; 'zh-CN': string }>;
  categories: string[];
  required: boolean;
  visible_to_customers: boolean;
  sensitive: boolean;
  active: boolean;
  position: number;
}

const COLUMNS = `id, key, label, type, options, option_labels, categories, required, visible_to_customers, sensitive, active, position, created_at, updated_at`;

/** The only place the SQL of ticket field definitions lives. A desk has tens of them: they are read whole. */
/** The columns $2…$12 of an insert and an update, in the same order. */
const columnValues = (v: TicketFieldValues) => [
  JSON.stringify(v.label),
  v.type,
  JSON.stringify(v.options),
  JSON.stringify(v.option_labels),
  v.categories,
  v.required,
  v.visible_to_customers,
  v.sensitive,
  v.active,
  v.position,
];

export const ticketFieldRepository = {
  async all(q: Queryable): Promise<TicketFieldRow[]> {
    return q.query<TicketFieldRow>(`select ${COLUMNS} from ticket_fields order by position, id`);
  },
  async byId(q: Queryable, id: number): Promise<TicketFieldRow | null> {
    return (await q.query<TicketFieldRow>(`select ${COLUMNS} from ticket_fields where id = $1`, [id]))[0] ?? null;
  },
  async byKey(q: Queryable, key: string): Promise<TicketFieldRow | null> {
    return (await q.query<TicketFieldRow>(`select ${COLUMNS} from ticket_fields where key = $1`, [key]))[0] ?? null;
  },
  /** Inserts, or (presets) updates the definition with that key; answers the id. */
  async upsert(q: Queryable, key: string, v: TicketFieldValues, o: { update: boolean }): Promise<number | null> {
    const r = await q.query<{ id: number }>(
      `insert into ticket_fields (key, label, type, options, option_labels, categories, required, visible_to_customers, sensitive, active, position)
       values ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11)
       on conflict (key) do ${
         o.update
           ? `update set label = excluded.label, type = excluded.type, options = excluded.options, option_labels = excluded.option_labels,
              categories = excluded.categories, required = excluded.required, visible_to_customers = excluded.visible_to_customers,
              sensitive = excluded.sensitive, active = excluded.active, position = excluded.position, updated_at = now()`
           : 'nothing'
       }
       returning id`,
      [key, ...columnValues(v)],
    );
    return r[0]?.id ?? null;
  },
  async update(q: Queryable, id: number, v: TicketFieldValues): Promise<void> {
    await q.query(
      `update ticket_fields set label = $2, type = $3, options = $4, option_labels = $5, categories = $6::text[], required = $7,
         visible_to_customers = $8, sensitive = $9, active = $10, position = $11, updated_at = now() where id = $1`,
      [id, ...columnValues(v)],
    );
  },
};
