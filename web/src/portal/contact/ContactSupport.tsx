import { useTranslation } from 'react-i18next';
import { useChannels } from '../../api/plans.ts';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { StatusFirst } from '../../status/StatusFirst.tsx';
import { ChannelCard } from './ChannelCard.tsx';
import { StandardHours, useContactPage, WillNotDo } from './ContactFacts.tsx';
import { ServiceCatalogue } from './ServiceCatalogue.tsx';
import { SupportCodeCard } from './SupportCodeCard.tsx';

/** Contact support: every channel with its hours and whether the plan includes it, the paid services, and the support code. */
export function ContactSupport() {
  const { t } = useTranslation();
  usePageTitle(t('kf.contact.title'));
  const channels = useChannels();
  const facts = useContactPage();
  return (
    <main className="page page-narrow" id="main">
      <h1>{t('kf.contact.title')}</h1>
      <p className="muted">{t('kf.contact.intro')}</p>
      <StatusFirst />
      {facts.data?.standard_hours && <StandardHours std={facts.data.standard_hours} />}
      <QueryView query={channels}>
        {(p) => (
          <div className="stack">
            {p.data.map((c) => (
              <ChannelCard key={c.key} channel={c} />
            ))}
          </div>
        )}
      </QueryView>
      {facts.data && <WillNotDo items={facts.data.will_not_do} />}
      <ServiceCatalogue />
      <SupportCodeCard />
    </main>
  );
}
