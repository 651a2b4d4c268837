/**
 * SLA warnings and breaches the escalation job (slaJobs.ts, `sla.escalate`) recorded in this process
 * since it started, counted after their transaction committed. Read by the metrics
 * (`kefu_sla_warnings_total`, `kefu_sla_breaches_total`, server/http/metrics.ts): one count per
 * process, like the job registry; Prometheus adds up the instances.
 */
const counts = { warning: 0, breached: 0 };

export function recordEscalations(owed: ReadonlyArray<{ type: string }>) {
  for (const e of owed) {
    if (e.type === 'sla.warning') counts.warning++;
    else if (e.type === 'sla.breached') counts.breached++;
  }
}

export const escalationCounts = (): Readonly<typeof counts> => ({ ...counts });
