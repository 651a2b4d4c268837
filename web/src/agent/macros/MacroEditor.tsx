import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import { PRIORITIES } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { useGroups, useStaff } from '../ticket/useStaff.ts';
import { MACRO_PLACEHOLDERS, MACRO_STATUSES, type Macro, type MacroActions, type MacroInput } from './macroApi.ts';
import { priorityLabel } from '../../components/priority.ts';

const tagList = (s: string) =>
  s
    .split(/[,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
/** A select's value for "no change" / "clear" / an id. */
const idValue = (v: number | null | undefined) => (v === undefined ? '' : v === null ? 'none' : String(v));
const fromIdValue = (v: string) => (v === '' ? undefined : v === 'none' ? null : Number(v));

/** Creates or changes a macro: name, the reply in both languages, the actions; admins may share it. */
export function MacroEditor({
  macro,
  onSave,
  onCancel,
}: {
  macro: Macro | null;
  onSave: (m: MacroInput) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const groups = useGroups().data ?? [];
  const staff = useStaff().data ?? [];
  const [name, setName] = useState(macro?.name ?? '');
  const [en, setEn] = useState(macro?.body.en ?? '');
  const [zh, setZh] = useState(macro?.body['zh-CN'] ?? '');
  const [a, setA] = useState<MacroActions>(macro?.actions ?? {});
  const [tagsAdd, setTagsAdd] = useState((macro?.actions.tags_add ?? []).join(', '));
  const [tagsRemove, setTagsRemove] = useState((macro?.actions.tags_remove ?? []).join(', '));
  const [shared, setShared] = useState(macro?.shared ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = error instanceof ApiError ? error.field : undefined;
  const errFor = (f: string) => (field === f ? (error as ApiError).message : undefined);
  const set = <K extends keyof MacroActions>(k: K, v: MacroActions[K] | undefined) =>
    setA((x) => {
      const y = { ...x };
      if (v === undefined) delete y[k];
      else y[k] = v;
      return y;
    });

  const submit = async () => {
    setBusy(true);
    setError(null);
    const actions: MacroActions = { ...a, tags_add: tagList(tagsAdd), tags_remove: tagList(tagsRemove) };
    try {
      await onSave({ name, body: { en, 'zh-CN': zh }, actions, ...(me?.role === 'admin' ? { shared } : {}) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card macro-editor"
      aria-label={macro ? t('macros.edit_title', { name: macro.name }) : t('macros.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{macro ? t('macros.edit_title', { name: macro.name }) : t('macros.new')}</h2>
      <Field label={t('macros.field.name')} error={errFor('name')}>
        {(p) => <input {...p} value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} />}
      </Field>
      <div className="macro-bodies">
        <Field label={t('macros.field.body_en')} error={errFor('body.en')}>
          {(p) => <textarea {...p} lang="en" rows={7} value={en} onChange={(e) => setEn(e.target.value)} />}
        </Field>
        <Field label={t('macros.field.body_zh')} error={errFor('body.zh-CN')}>
          {(p) => <textarea {...p} lang="zh-CN" rows={7} value={zh} onChange={(e) => setZh(e.target.value)} />}
        </Field>
      </div>
      <p className="hint">
        {t('macros.field.placeholders')}{' '}
        {MACRO_PLACEHOLDERS.map((x) => (
          <code key={x} className="macro-ph">{`{{${x}}}`}</code>
        ))}
      </p>
      <fieldset className="fieldset macro-actions">
        <legend>{t('macros.field.actions')}</legend>
        <p className="hint">{t('macros.field.actions_hint')}</p>
        <div className="macro-action-grid">
          <Field label={t('macros.field.status')} error={errFor('actions.status')}>
            {(p) => (
              <select
                {...p}
                value={a.status ?? ''}
                onChange={(e) => set('status', (e.target.value || undefined) as MacroActions['status'])}
              >
                <option value="">{t('macros.field.no_change')}</option>
                {MACRO_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('macros.field.priority')} error={errFor('actions.priority')}>
            {(p) => (
              <select
                {...p}
                value={a.priority ?? ''}
                onChange={(e) => set('priority', (e.target.value || undefined) as MacroActions['priority'])}
              >
                <option value="">{t('macros.field.no_change')}</option>
                {PRIORITIES.map((x) => (
                  <option key={x} value={x}>
                    {priorityLabel(t, x)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('macros.field.group')} error={errFor('actions.group_id')}>
            {(p) => (
              <select {...p} value={idValue(a.group_id)} onChange={(e) => set('group_id', fromIdValue(e.target.value))}>
                <option value="">{t('macros.field.no_change')}</option>
                <option value="none">{t('macros.action.no_group')}</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('macros.field.assignee')} error={errFor('actions.assignee_id')}>
            {(p) => (
              <select {...p} value={idValue(a.assignee_id)} onChange={(e) => set('assignee_id', fromIdValue(e.target.value))}>
                <option value="">{t('macros.field.no_change')}</option>
                <option value="none">{t('macros.action.unassign')}</option>
                {staff.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('macros.field.tags_add')} hint={t('macros.field.tags_hint')} error={errFor('actions.tags_add')}>
            {(p) => <input {...p} value={tagsAdd} onChange={(e) => setTagsAdd(e.target.value)} />}
          </Field>
          <Field label={t('macros.field.tags_remove')} hint={t('macros.field.tags_hint')} error={errFor('actions.tags_remove')}>
            {(p) => <input {...p} value={tagsRemove} onChange={(e) => setTagsRemove(e.target.value)} />}
          </Field>
        </div>
      </fieldset>
      {me?.role === 'admin' && (
        <label className="check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> {t('macros.field.shared')}
        </label>
      )}
      {error && !field ? <ErrorBanner error={error} /> : null}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
          {busy ? t('macros.saving') : t('macros.save')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('macros.cancel')}
        </button>
      </div>
    </form>
  );
}
