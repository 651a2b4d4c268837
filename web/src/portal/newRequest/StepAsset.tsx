import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { Asset, Organization } from '../../api/types.ts';
import { QueryView } from '../../components/QueryView.tsx';

/** Support covers what the organization owns: pick the domain or product this is about. */
export function StepAsset({
  org,
  value,
  noAsset,
  onChange,
}: {
  org: Organization | null;
  value: Asset | null;
  noAsset: boolean;
  onChange: (a: Asset | null, none: boolean) => void;
}) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['assets', org?.id],
    enabled: !!org,
    queryFn: () => api.get<Page<Asset>>(`/organizations/${org!.id}/assets`, { limit: 100 }),
  });
  return (
    <QueryView query={q}>
      {(page) => (
        <fieldset className="choice-list">
          <legend className="sr-only">{t('new.step.asset')}</legend>
          {page.data.map((a) => (
            <label key={a.id} className={`choice${value?.id === a.id ? ' selected' : ''}`}>
              <input type="radio" name="asset" checked={value?.id === a.id} onChange={() => onChange(a, false)} />
              <span className="choice-title mono">{a.name}</span>
              <span className="choice-desc">{t(`new.asset.kind.${a.kind}`)}</span>
            </label>
          ))}
          <label className={`choice${noAsset ? ' selected' : ''}`}>
            <input type="radio" name="asset" checked={noAsset} onChange={() => onChange(null, true)} />
            <span className="choice-title">{t('new.asset.general')}</span>
            <span className="choice-desc">{t('new.asset.general_desc')}</span>
          </label>
        </fieldset>
      )}
    </QueryView>
  );
}
