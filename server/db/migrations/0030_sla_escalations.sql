-- A ticket remembers its recorded SLA warnings and breaches in two lists (sla_state.escalations
-- {warned, breached}) instead of one: a warning at a due instant used to stand for the breach at the
-- same instant, so the breach was never recorded and the ticket was never looked at again.
-- States with the old single list keep it (read as warned); here the breaches already recorded are
-- copied into `breached` so that they are not recorded twice.
update tickets t
   set sla_state = jsonb_set(t.sla_state, '{escalations}', jsonb_build_object(
         'warned', coalesce(t.sla_state -> 'escalated', '[]'::jsonb),
         'breached', b.keys))
  from (select ticket_id,
               jsonb_agg(distinct (data ->> 'metric') || ':' || ((extract(epoch from (data ->> 'due_at')::timestamptz) * 1000)::bigint)::text) as keys
          from ticket_events
         where type = 'sla.breached' and data ? 'metric' and data ? 'due_at'
         group by ticket_id) b
 where b.ticket_id = t.id and t.sla_state is not null and not (t.sla_state ? 'escalations');

-- Tickets whose breach was swallowed lost their next check: look at every ticket with a running clock again.
update tickets set sla_check_at = sla_next_breach_at
 where sla_check_at is null and sla_next_breach_at is not null;
