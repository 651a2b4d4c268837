import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, type Page } from '../../api/client.ts';
import { planDisplayName } from '../../api/plans.ts';
import { useMe } from '../../api/session.ts';
import { PRIORITIES, STATUSES } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useGroups, useStaff } from '../ticket/useStaff.ts';
import { viewName, viewSlug, type QueueView } from '../views.ts';
import { filtersFromForm, formFromView, toggled, type ViewForm } from './viewForm.ts';
import '../search/search.css';
import './viewEditor.css';
import { priorityLabel } from '../../components/priority.ts';

const CHANNELS = ['web', 'email', 'api', 'chat', 'phone', 'emergency_phone'] as const;
const SLA = ['at_risk', 'breached'] as const;

/** May this person change this view: their own, or a shared one as an admin (docs/views.md). */
export function mayEditView(view: QueueView, me: { id: number | null; role: string } | null | undefined) {
  if (!me) return false;
  return view.shared ? me.role === 'admin' : me.id != null && view.owner_id === me.id;
}

/**
 * Create or edit a view: its name, filters and (admins) whether the team shares it. Saving counts it
 * at once; a new view opens. Deleting asks first.
 */
export function ViewEditor({ open, view, onClose }: { open: boolean; view: QueueView | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const groups = useGroups().data ?? [];
  const staff = useStaff().data ?? [];
  const plans =
    useQuery({
      queryKey: ['plan-names'],
      staleTime: 5 * 60_000,
      queryFn: () => api.get<Page<{ id: number; name: string; settings?: Record<string, unknown> }>>('/plans'),
    }).data?.data ?? [];
  const [form, setForm] = useState<ViewForm>(() => formFromView(null));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const admin = me?.role === 'admin';

  useEffect(() => {
    if (!open) return;
    setForm(view ? { ...formFromView(view), name: viewName(t, view) } : formFromView(null));
    setConfirmDelete(false);
    save.reset();
    remove.reset();
  }, [open, view?.id]);

  const save = useMutation({
    mutationFn: () => {
      const name = form.name.trim();
      const filters = filtersFromForm(form, view?.filters ?? {});
      if (!view) return api.post<QueueView>('/views', { name, filters, shared: form.shared });
      // A built-in view keeps speaking the reader's language unless it was really renamed.
      const renamed = name !== viewName(t, view);
      return api.patch<QueueView>(`/views/${view.id}`, {
        ...(renamed ? { name } : {}),
        filters,
        ...(admin ? { shared: form.shared } : {}),
      });
    },
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: ['views'] });
      await qc.invalidateQueries({ queryKey: ['queue'] });
      onClose();
      if (!view) navigate(`/agent/queue/${viewSlug(saved)}`);
    },
  });
  const remove = useMutation({
    mutationFn: () => api.del(`/views/${view!.id}`),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['views'] });
      onClose();
      navigate('/agent');
    },
  });

  const set = <K extends keyof ViewForm>(k: K, v: ViewForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const checks = (
    k: 'status' | 'priority' | 'channel' | 'sla' | 'group' | 'assignee' | 'plan',
    legend: string,
    options: Array<[string, ReactNode]>,
  ) => (
    <fieldset className="sp-checks">
      <legend>{legend}</legend>
      {options.map(([v, label]) => (
        <label key={v}>
          <input type="checkbox" checked={form[k].includes(v)} onChange={() => set(k, toggled(form[k], v))} /> {label}
        </label>
      ))}
    </fieldset>
  );
  const otherAssignee = form.assignee.find((a) => /^\d+$/.test(a)) ?? '';
  const error = save.error ?? remove.error;

  return (
    <Modal open={open} onClose={onClose} title={view ? t('agent.view_editor.edit_title') : t('agent.view_editor.new_title')}>
      <form
        className="view-editor"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {error ? <ErrorBanner error={error} /> : null}
        <Field label={t('agent.view_editor.name')}>
          {(p) => <input {...p} required maxLength={100} value={form.name} onChange={(e) => set('name', e.target.value)} autoFocus />}
        </Field>
        <p className="muted view-editor-intro">{t('agent.view_editor.intro')}</p>
        <div className="sp-grid">
          {checks(
            'status',
            t('search.status'),
            STATUSES.map((s) => [s, t(`status.${s}`)]),
          )}
          {checks(
            'priority',
            t('search.priority'),
            PRIORITIES.map((p) => [p, priorityLabel(t, p)]),
          )}
          {checks('group', t('search.group'), [
            ['mine', t('agent.view_editor.my_groups')],
            ['none', t('search.no_group')],
            ...groups.map((g): [string, string] => [String(g.id), g.name]),
          ])}
          <fieldset className="sp-checks">
            <legend>{t('search.assignee')}</legend>
            {(
              [
                ['me', t('search.me')],
                ['none', t('search.unassigned')],
              ] as const
            ).map(([v, label]) => (
              <label key={v}>
                <input type="checkbox" checked={form.assignee.includes(v)} onChange={() => set('assignee', toggled(form.assignee, v))} />{' '}
                {label}
              </label>
            ))}
            <select
              aria-label={t('agent.view_editor.other_assignee')}
              value={otherAssignee}
              onChange={(e) =>
                set('assignee', [...form.assignee.filter((a) => !/^\d+$/.test(a)), ...(e.target.value ? [e.target.value] : [])])
              }
            >
              <option value="">{t('agent.view_editor.other_assignee')}</option>
              {staff.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name}
                </option>
              ))}
            </select>
          </fieldset>
          {checks(
            'channel',
            t('search.channel'),
            CHANNELS.map((c) => [c, t(`channel_label.${c}`)]),
          )}
          {plans.length > 0 &&
            checks(
              'plan',
              t('search.plan'),
              plans.map((p) => [String(p.id), planDisplayName(p, i18n.language)]),
            )}
          {checks(
            'sla',
            t('agent.view_editor.sla'),
            SLA.map((s) => [s, t(`agent.view_editor.sla_${s}`)]),
          )}
          <div className="sp-field">
            <Field label={t('search.tags')} hint={t('agent.view_editor.tags_hint')}>
              {(p) => <input {...p} value={form.tags} onChange={(e) => set('tags', e.target.value)} />}
            </Field>
            <Field label={t('agent.view_editor.created_days')}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={3650}
                  value={form.createdDays}
                  onChange={(e) => set('createdDays', e.target.value)}
                />
              )}
            </Field>
            <Field label={t('agent.view_editor.updated_days')}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={3650}
                  value={form.updatedDays}
                  onChange={(e) => set('updatedDays', e.target.value)}
                />
              )}
            </Field>
          </div>
        </div>
        {admin && (
          <label className="view-editor-shared">
            <input type="checkbox" checked={form.shared} onChange={(e) => set('shared', e.target.checked)} />{' '}
            {t('agent.view_editor.shared')}
          </label>
        )}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending || !form.name.trim()}>
            {save.isPending ? t('agent.view_editor.saving') : t('agent.view_editor.save')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('agent.view_editor.cancel')}
          </button>
          <span className="spacer" />
          {view &&
            (confirmDelete ? (
              <>
                <span role="alert">{t('agent.view_editor.delete_confirm', { name: form.name })}</span>
                <button type="button" className="btn btn-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
                  {t('agent.view_editor.delete_yes')}
                </button>
              </>
            ) : (
              <button type="button" className="btn btn-ghost" onClick={() => setConfirmDelete(true)}>
                {t('agent.view_editor.delete')}
              </button>
            ))}
        </div>
      </form>
    </Modal>
  );
}
