import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../components/sla.ts';
import { api } from '../api/client.ts';
import type { SlaPolicy, SlaTarget } from '../api/types.ts';
import { errorText } from '../components/ErrorBanner.tsx';
import { formatMinutes } from '../components/format.ts';

/** One target of a policy in the matrix: shows "2 h"; click to change the minutes (saved with PATCH, open tickets recomputed). */
export function TargetEditor({ policy, target, calendar }: { policy: SlaPolicy; target: SlaTarget; calendar?: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [minutes, setMinutes] = useState(String(target.minutes));
  const save = useMutation({
    mutationFn: (m: number) =>
      api.patch<SlaPolicy>(`/sla-policies/${policy.id}`, {
        targets: policy.targets.map((x) => (x.metric === target.metric && x.priority === target.priority ? { ...x, minutes: m } : x)),
        recompute_open: true,
      }),
    onSuccess: () => {
      setEditing(false);
      void qc.invalidateQueries({ queryKey: ['sla-policies'] });
    },
  });
  const label = t('admin.sla.edit_target', {
    metric: t(`sla.metric_short.${target.metric}`),
    priority: target.priority,
    policy: localName(policy, i18n.language),
  });
  if (!editing) {
    return (
      <div className="target">
        <span className="muted">{t(`sla.metric_short.${target.metric}`)}</span>{' '}
        <button
          type="button"
          className="link"
          aria-label={label}
          title={label}
          onClick={() => {
            setMinutes(String(target.minutes));
            setEditing(true);
          }}
        >
          {formatMinutes(target.minutes, t)}
        </button>
        {calendar && <span className="muted small"> · {calendar}</span>}
      </div>
    );
  }
  return (
    <form
      className="target-edit"
      onSubmit={(e) => {
        e.preventDefault();
        const m = Number(minutes);
        if (m > 0) save.mutate(m);
      }}
    >
      <input
        type="number"
        min={1}
        aria-label={label}
        value={minutes}
        autoFocus
        onChange={(e) => setMinutes(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setEditing(false);
        }}
      />
      <span className="muted small">{t('time.minutes_unit')}</span>
      <button type="submit" className="btn btn-primary btn-sm" disabled={save.isPending}>
        {t('common.save')}
      </button>
      {save.isError && (
        <div className="field-msg" role="alert">
          {errorText(save.error, t)}
        </div>
      )}
    </form>
  );
}
