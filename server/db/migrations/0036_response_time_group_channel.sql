-- Response-time percentiles by group × channel (adr/0005-report-queries.md, addendum of 2026-12-05,
-- evening): as sla_outcomes_group_stopped_idx does for plan × priority, the stopped clocks in that
-- grouping's order, so a year of a dense desk is read group after group from the index instead of
-- gathered and sorted per group (1.2-1.3 s at 1,000,000 tickets in one year). Written when a clock
-- stops, never on ticket creation.
create index sla_outcomes_group_channel_stopped_idx on sla_outcomes (group_id, channel, metric, kind, stopped_at)
  include (business_ms, started_at) where status in ('met', 'breached');
