import type { TicketFieldRow } from './ticketFieldRepository.ts';

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : (d ?? null));

export function presentTicketField(r: TicketFieldRow) {
  return {
    id: r.id,
    key: r.key,
    label: r.label,
    type: r.type,
    options: r.options,
    option_labels: r.option_labels,
    categories: r.categories,
    required: r.required,
    visible_to_customers: r.visible_to_customers,
    sensitive: r.sensitive,
    active: r.active,
    position: r.position,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}
