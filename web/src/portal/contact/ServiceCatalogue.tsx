import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { useLocalized, useServices, useTicketForm } from '../../api/plans.ts';

/**
 * The paid on-demand services with their prices, how to buy one (seed 001: on the cloud marketplace
 * where the product was deployed, else through the customer success team), and the incidents the
 * organization has left. "Buy a paid incident" links here (#services).
 */
export function ServiceCatalogue() {
  const { t, i18n } = useTranslation();
  const loc = useLocalized();
  const services = useServices();
  const form = useTicketForm(undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  const { hash } = useLocation();
  const list = (services.data?.data ?? []).filter((s) => s.active);
  useEffect(() => {
    if (hash === '#services' && list.length && heading.current) {
      heading.current.scrollIntoView({ block: 'start' });
      heading.current.focus();
    }
  }, [hash, list.length]);
  if (!list.length) return null;
  // A plan with human support (paid product), or no plan at all (no organization): requests are free and
  // use no incident, so neither the "each request uses one" line nor a balance is true for this reader;
  // the services are for extra work.
  const included = !!form.data && form.data.can_submit && !form.data.incident.consumes;
  const price = (cents: number, currency: string) =>
    new Intl.NumberFormat(i18n.language, { style: 'currency', currency }).format(cents / 100);
  return (
    <section className="card" id="services" aria-labelledby="services-title" data-testid="service-catalogue">
      <h2 id="services-title" ref={heading} tabIndex={-1}>
        {t('kf.services.title')}
      </h2>
      <p className="muted">{t(included ? 'kf.services.intro_included' : 'kf.services.intro')}</p>
      {form.data?.organization_id != null && !included && (
        <p data-testid="my-incident-balance">
          <strong>{t('kf.services.balance', { n: form.data.incident.balance })}</strong>
        </p>
      )}
      <dl className="kv">
        {list.map((s) => (
          <div key={s.key} style={{ display: 'contents' }} data-testid={`service-${s.key}`}>
            <dt>
              <strong>{loc(s.name) || s.key}</strong>
              {s.counts_as_incident && <div className="muted small">{t('kf.services.counts')}</div>}
            </dt>
            <dd>
              <strong className="mono">{price(s.price_cents, s.currency)}</strong>
              {loc(s.description) && <div className="muted small">{loc(s.description)}</div>}
            </dd>
          </div>
        ))}
      </dl>
      <h3>{t('kf.services.how_title')}</h3>
      <ol>
        <li>{t('kf.services.how_marketplace')}</li>
        <li>{t('kf.services.how_other')}</li>
        <li>{t(included ? 'kf.services.how_recorded_included' : 'kf.services.how_recorded')}</li>
      </ol>
    </section>
  );
}
