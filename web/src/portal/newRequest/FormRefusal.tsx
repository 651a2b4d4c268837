import { useTranslation } from 'react-i18next';
import { AlternativeLinks } from '../../components/NotEntitled.tsx';
import type { TicketForm } from '../../api/plans.ts';

/** The plan cannot take a ticket here at all (e.g. no help from a person and no paid incident left): why, and what to do instead. */
export function FormRefusal({ form }: { form: TicketForm }) {
  const { t } = useTranslation();
  if (form.can_submit) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="form-refusal">
      <div>
        <strong>{t('kf.not_entitled.title')}</strong>
        <p>{form.refusal?.message}</p>
        <div className="btn-row">
          <AlternativeLinks alternatives={form.alternatives} small />
        </div>
      </div>
    </div>
  );
}
