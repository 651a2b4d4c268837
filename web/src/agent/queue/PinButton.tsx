import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { QueueView } from '../views.ts';

/** Makes this view the one /agent opens (POST/DELETE /views/{id}/pin). */
export function PinButton({ view }: { view: QueueView }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const pin = useMutation({
    mutationFn: () => (view.pinned ? api.del(`/views/${view.id}/pin`) : api.post(`/views/${view.id}/pin`)),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['views'] }),
  });
  return (
    <button type="button" className="btn btn-sm btn-ghost" aria-pressed={view.pinned} disabled={pin.isPending} onClick={() => pin.mutate()}>
      {view.pinned ? t('agent.unpin_view') : t('agent.pin_view')}
    </button>
  );
}
