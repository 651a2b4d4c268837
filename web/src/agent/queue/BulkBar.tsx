import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import type { Ticket } from '../../api/types.ts';
import { staffOptionLabel, useGroups, useStaff } from '../ticket/useStaff.ts';
import { allViewTicketIds } from '../useQueue.ts';
import { runBulk, type BulkResult, type BulkUpdate } from './runBulk.ts';
import type { Selection } from './useSelection.ts';

const ACTIONS = ['assign', 'status', 'priority', 'group', 'add_tags', 'remove_tags', 'merge'] as const;
type Action = (typeof ACTIONS)[number];
const STATUSES = ['open', 'pending', 'on_hold', 'solved', 'closed'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const splitTags = (s: string) =>
  s
    .split(/[,，]/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Shown while tickets are selected: quick "assign to me" and "solve", and one change of any kind
 * (assignee, status, priority, group, tags, merge into a ticket by number). Big selections go in
 * calls of 100; the result names each ticket that failed and why.
 */
export function BulkBar({ slug, sel, tickets, total }: { slug: string; sel: Selection; tickets: Ticket[]; total: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe().data;
  const staff = useStaff();
  const groups = useGroups();
  const [action, setAction] = useState<Action>('status');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<{ ok: number; failed: Array<{ number: number | null; id: number; message: string }> } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (update: BulkUpdate) => {
    setProblem(null);
    setReport(null);
    try {
      const targets = sel.allMatching
        ? await allViewTicketIds(slug)
        : tickets.filter((tk) => sel.ids.has(tk.id)).map((tk) => ({ id: tk.id, number: tk.number }));
      setBusy({ done: 0, total: targets.length });
      const results: BulkResult[] = await runBulk(
        targets.map((x) => x.id),
        update,
        (done) => setBusy({ done, total: targets.length }),
      );
      const failed = results.filter((r) => !r.ok).map((r) => ({ id: r.id, number: r.number, message: r.error?.message ?? '' }));
      setReport({ ok: results.length - failed.length, failed });
      sel.keep(failed.map((f) => f.id));
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
      void qc.invalidateQueries({ queryKey: ['queue'] });
      void qc.invalidateQueries({ queryKey: ['views'] });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) {
      setProblem(t('agent.bulk.choose_value'));
      return;
    }
    if (action === 'assign') return run({ assignee_id: value === 'none' ? null : Number(value) });
    if (action === 'status') return run({ status: value });
    if (action === 'priority') return run({ priority: value });
    if (action === 'group') return run({ group_id: value === 'none' ? null : Number(value) });
    if (action === 'add_tags') return run({ add_tags: splitTags(value) });
    if (action === 'remove_tags') return run({ remove_tags: splitTags(value) });
    const number = Number(value.replace(/^#/, '').trim());
    const found =
      Number.isSafeInteger(number) && number > 0
        ? (await api.get<Page<Ticket>>('/tickets', { number, limit: 1 }).catch(() => null))?.data[0]
        : undefined;
    if (!found) {
      setProblem(t('agent.bulk.merge_not_found', { number: value.trim() }));
      return;
    }
    return run({ merge_into: found.id });
  };

  const count = sel.allMatching ? total : String(sel.ids.size);
  const field = (() => {
    const common = { id: 'bulk-value', value, onChange: (e: { target: { value: string } }) => setValue(e.target.value), disabled: !!busy };
    const choose = <option value="">{t('agent.bulk.choose')}</option>;
    if (action === 'assign')
      return (
        <select {...common}>
          {choose}
          {me?.id != null && <option value={me.id}>{t('agent.bulk.me')}</option>}
          {(staff.data ?? [])
            .filter((p) => p.id !== me?.id)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {staffOptionLabel(t, p)}
              </option>
            ))}
          <option value="none">{t('agent.bulk.nobody')}</option>
        </select>
      );
    if (action === 'status')
      return (
        <select {...common}>
          {choose}
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      );
    if (action === 'priority')
      return (
        <select {...common}>
          {choose}
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      );
    if (action === 'group')
      return (
        <select {...common}>
          {choose}
          {(groups.data ?? []).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
          <option value="none">{t('agent.no_group')}</option>
        </select>
      );
    if (action === 'merge') return <input {...common} inputMode="numeric" placeholder="#1000" autoComplete="off" />;
    return <input {...common} placeholder={t('agent.bulk.tags_placeholder')} autoComplete="off" />;
  })();

  if (!sel.someSelected && !report && !busy && !problem) return null;
  return (
    <section className="bulk-bar" aria-label={t('agent.bulk.bar')} data-testid="bulk-bar">
      {sel.someSelected && (
        <>
          <div className="bulk-row">
            <strong role="status">{sel.allMatching ? t('agent.bulk.selected_all', { count }) : t('agent.bulk.selected', { count })}</strong>
            {sel.pageSelected && !sel.allMatching && total !== String(tickets.length) && (
              <button type="button" className="btn btn-sm btn-ghost" onClick={sel.selectAllMatching}>
                {t('agent.bulk.select_all_matching', { count: total })}
              </button>
            )}
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              onClick={() => {
                sel.clear();
                setReport(null);
              }}
            >
              {t('agent.bulk.clear')}
            </button>
            <span className="spacer" />
            {me?.id != null && (
              <button type="button" className="btn btn-sm" disabled={!!busy} onClick={() => void run({ assignee_id: me.id })}>
                {t('agent.bulk.assign_me')}
              </button>
            )}
            <button type="button" className="btn btn-sm" disabled={!!busy} onClick={() => void run({ status: 'solved' })}>
              {t('agent.bulk.solve')}
            </button>
          </div>
          <form className="bulk-row" onSubmit={(e) => void submit(e)}>
            <label htmlFor="bulk-action">{t('agent.bulk.change')}</label>
            <select
              id="bulk-action"
              value={action}
              disabled={!!busy}
              onChange={(e) => {
                setAction(e.target.value as Action);
                setValue('');
                setProblem(null);
              }}
            >
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`agent.bulk.actions.${a}`)}
                </option>
              ))}
            </select>
            <label htmlFor="bulk-value">
              {t(
                action === 'merge'
                  ? 'agent.bulk.merge_label'
                  : action === 'add_tags' || action === 'remove_tags'
                    ? 'agent.bulk.tags_label'
                    : 'agent.bulk.to',
              )}
            </label>
            {field}
            <button type="submit" className="btn btn-sm btn-primary" disabled={!!busy}>
              {t('agent.bulk.apply')}
            </button>
          </form>
        </>
      )}
      <div aria-live="polite" className="bulk-report" data-testid="bulk-report">
        {busy && <p>{t('agent.bulk.working', { done: busy.done, total: busy.total })}</p>}
        {problem && (
          <p role="alert" className="bulk-problem">
            {problem}
          </p>
        )}
        {report && (
          <>
            <p className={report.failed.length ? 'bulk-problem' : 'bulk-ok'}>
              {report.failed.length
                ? t('agent.bulk.result_failed', {
                    ok: report.ok,
                    failed: report.failed.length,
                    details: report.failed
                      .slice(0, 3)
                      .map((f) => t('agent.bulk.failure', { number: f.number ?? f.id, message: f.message }))
                      .join(t('agent.bulk.separator')),
                  })
                : t('agent.bulk.result_ok', { ok: report.ok })}
            </p>
            {report.failed.length > 3 && (
              <ul className="bulk-failures">
                {report.failed.slice(3, 50).map((f) => (
                  <li key={f.id}>{t('agent.bulk.failure', { number: f.number ?? f.id, message: f.message })}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}
