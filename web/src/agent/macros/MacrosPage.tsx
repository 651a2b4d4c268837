import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { useCannedMigration } from '../ticket/canned.ts';
import { useGroups, useStaff } from '../ticket/useStaff.ts';
import { actionChips } from './actionChips.ts';
import { MacroEditor } from './MacroEditor.tsx';
import { MovedNotice } from './MovedNotice.tsx';
import { macroApi, useMacroRefresh, useMacros, type Macro } from './macroApi.ts';
import './macros.css';

/** The agent's macros (personal; admins also manage the shared ones): list, create, change, delete. */
export function MacrosPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  usePageTitle(t('macros.title'));
  const me = useMe().data;
  const macros = useMacros();
  const refresh = useMacroRefresh();
  const groups = useGroups().data;
  const staff = useStaff().data;
  const migration = useCannedMigration();
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const remove = async (m: Macro) => {
    if (!window.confirm(t('macros.confirm_delete', { name: m.name }))) return;
    setError(null);
    try {
      await macroApi.remove(m.id);
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <main className="page macros-page" id="main">
      <div className="page-head">
        <h1>{t('macros.title')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          {t('macros.new')}
        </button>
      </div>
      <p className="muted">{me?.role === 'admin' ? t('macros.intro_admin') : t('macros.intro')}</p>
      {migration.moved > 0 && <MovedNotice count={migration.moved} onDismiss={migration.dismiss} link={false} />}
      {editing && (
        <MacroEditor
          key={editing === 'new' ? 'new' : editing.id}
          macro={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSave={async (input) => {
            if (editing === 'new') await macroApi.create(input);
            else await macroApi.update(editing.id, input);
            await refresh();
            setEditing(null);
          }}
        />
      )}
      {error ? <ErrorBanner error={error} /> : null}
      <QueryView query={macros}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={t('macros.empty')}>{t('macros.empty_hint')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table macro-table">
                <thead>
                  <tr>
                    <th>{t('macros.col.name')}</th>
                    <th>{t('macros.col.kind')}</th>
                    <th>{t('macros.col.actions')}</th>
                    <th>{t('macros.col.uses')}</th>
                    <th>
                      <span className="sr-only">{t('macros.col.manage')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <strong>{m.name}</strong>
                        <div className="muted clamp macro-preview">{m.body[lang] || m.body.en || m.body['zh-CN']}</div>
                      </td>
                      <td>
                        <span className="badge subtle">{m.shared ? t('macros.shared') : t('macros.personal')}</span>
                      </td>
                      <td>
                        <ul className="chips">
                          {actionChips(m.actions, t, { groups, staff }).map((c) => (
                            <li key={c.key} className="chip chip-static">
                              {c.label}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="macro-uses">{t('macros.uses', { count: m.my_usage_count, total: m.usage_count })}</td>
                      <td className="macro-row-actions">
                        {m.can_edit && (
                          <>
                            <button
                              type="button"
                              className="btn btn-ghost btn-sm"
                              onClick={() => setEditing(m)}
                              aria-label={t('macros.edit_title', { name: m.name })}
                            >
                              {t('macros.edit')}
                            </button>
                            <button
                              type="button"
                              className="btn btn-ghost btn-sm"
                              onClick={() => void remove(m)}
                              aria-label={t('macros.delete', { name: m.name })}
                            >
                              {t('common.delete')}
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </main>
  );
}
