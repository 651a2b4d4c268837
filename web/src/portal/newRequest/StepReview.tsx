import { useTranslation } from 'react-i18next';
import type { TicketForm } from '../../api/plans.ts';
import { useFieldText, type TicketField } from '../../api/ticketFields.ts';
import { FIELD_LABEL } from '../../components/TicketFields.tsx';
import { composeBody, withheldKeys, type Draft } from './draft.ts';
import { priorityLabel } from '../../components/priority.ts';

/**
 * What support will receive: the message, what stays hidden until verification, and what submitting
 * costs. The asset line only when the asset step was walked (an account that owns nothing has none).
 */
export function StepReview({ d, form, fields }: { d: Draft; form: TicketForm; fields: TicketField[] }) {
  const { t } = useTranslation();
  const text = useFieldText();
  const held = withheldKeys(d, form.sensitive, fields);
  const heldLabel = (k: string) => {
    const f = fields.find((x) => x.key === k);
    return f ? text.label(f) : FIELD_LABEL[k] ? t(FIELD_LABEL[k]) : k;
  };
  return (
    <div className="review">
      {form.incident.consumes && (
        <p className="notice notice-warn" role="note" data-testid="incident-cost">
          {t('new.incident.cost', { n: form.incident.balance, left: form.incident.balance - 1 })}
        </p>
      )}
      <dl className="kv">
        <dt>{t('new.review.organization')}</dt>
        <dd>{d.organization?.name ?? t('new.review.none')}</dd>
        {(d.asset || d.noAsset) && (
          <>
            <dt>{t('new.review.asset')}</dt>
            <dd>{d.asset?.name ?? t('new.asset.general')}</dd>
          </>
        )}
        <dt>{t('new.review.summary')}</dt>
        <dd>{d.summary}</dd>
        <dt>{t('new.review.category')}</dt>
        <dd>{d.category ? t(`category.${d.category}.name`, { defaultValue: d.category }) : '—'}</dd>
        <dt>{t('new.review.priority')}</dt>
        <dd>{d.priority ? priorityLabel(t, d.priority) : '—'}</dd>
      </dl>
      <h3>{t('new.review.message')}</h3>
      <pre className="body-preview">{composeBody(d, t, form.sensitive, fields, text)}</pre>
      {held.length > 0 && (
        <div className="notice" role="note" data-testid="withheld-review">
          <strong>{t('new.review.withheld_title')}</strong>
          <p>{t('new.review.withheld_body')}</p>
          <ul>
            {held.map((k) => (
              <li key={k}>{heldLabel(k)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
