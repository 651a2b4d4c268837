-- Response-time percentiles by plan × priority (the reports screen's default; adr/0005-report-queries.md,
-- addendum of 2026-12-05): stopped clocks in the report's grouping order, so the percentiles are
-- computed group after group straight from the index, with no sort of the whole period first. Written
-- when a clock stops (met or breached), never on ticket creation, whose clocks are running.
create index sla_outcomes_group_stopped_idx on sla_outcomes (plan_id, priority, metric, kind, stopped_at)
  include (business_ms, started_at) where status in ('met', 'breached');
