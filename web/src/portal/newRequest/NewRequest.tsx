import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, fileToAttachment, type Page } from '../../api/client.ts';
import { assetRunKey, type Diagnostic } from '../../api/diagnostics.ts';
import type { Asset, Organization, Ticket } from '../../api/types.ts';
import { useTicketForm } from '../../api/plans.ts';
import { useFieldText, useTicketFields } from '../../api/ticketFields.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Confirmation } from './Confirmation.tsx';
import { FormRefusal } from './FormRefusal.tsx';
import {
  composeBody,
  emptyDraft,
  missing,
  NOTHING_SENSITIVE,
  STEPS,
  stepsFor,
  toCustomFields,
  toFields,
  type Draft,
  type StepId,
} from './draft.ts';
import { StepAsset } from './StepAsset.tsx';
import { StepCategory } from './StepCategory.tsx';
import { StepChecking } from './StepChecking.tsx';
import { StepDetails } from './StepDetails.tsx';
import { StepOrganization } from './StepOrganization.tsx';
import { StepPriority } from './StepPriority.tsx';
import { StepReview } from './StepReview.tsx';
import { StepSummary } from './StepSummary.tsx';
import { NotEntitled } from '../../components/NotEntitled.tsx';
import { WillNotDo } from '../../components/WillNotDo.tsx';
import { ArticleSolved, ArticleSuggestions } from '../../components/ArticleSuggestions.tsx';
import type { ArticleHit } from '../../api/kb.ts';

/**
 * The guided submission: organization → asset → summary → checks → category → priority → details → review,
 * without the steps that do not apply to this customer (stepsFor).
 */
export function NewRequest() {
  const { t } = useTranslation();
  usePageTitle(t('portal.nav.new_request'));
  const qc = useQueryClient();
  const orgs = useQuery({
    queryKey: ['organizations', 'mine'],
    queryFn: () => api.get<Page<Organization>>('/organizations', { limit: 100 }),
  });
  const [d, setD] = useState<Draft>(emptyDraft);
  const [step, setStep] = useState<StepId>('organization');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Ticket | null>(null);
  // An article the customer said solved it ends the form without a ticket (docs/help-center.md).
  const [solved, setSolved] = useState<ArticleHit | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));

  // One organization: chosen for the customer. None: the organization and asset steps are skipped.
  const orgList = orgs.data?.data;
  useEffect(() => {
    if (orgList?.length === 1 && !d.organization) set({ organization: orgList[0] });
  }, [orgList, d.organization]);
  // The chosen account's assets (the asset step reads the same query): an account that owns nothing
  // has no asset step, and the checks are there only for a domain.
  const assets = useQuery({
    queryKey: ['assets', d.organization?.id],
    enabled: !!d.organization,
    queryFn: () => api.get<Page<Asset>>(`/organizations/${d.organization!.id}/assets`, { limit: 100 }),
  });
  const assetList = assets.data?.data;
  const steps = useMemo(
    () => stepsFor(d, { organizations: orgList?.length, assets: d.organization ? assetList : undefined }),
    [d, orgList, assetList],
  );
  useEffect(() => {
    // A step that stops applying while it is shown (the account's assets arrive empty): on to the next one that does.
    if (!steps.includes(step)) setStep(steps.find((s) => STEPS.indexOf(s) > STEPS.indexOf(step)) ?? steps[0]);
  }, [steps, step]);
  const index = steps.indexOf(step);
  // What the plan offers (categories, paid-incident cost, sensitive keys) comes from the server.
  const form = useTicketForm(d.organization?.id);
  const sensitive = form.data?.sensitive ?? NOTHING_SENSITIVE;
  // The custom fields the chosen category asks for (the desk defines them; a preset may).
  const categoryFields = useTicketFields(d.category, !!d.category);
  const fields = useMemo(() => (d.category ? (categoryFields.data?.data ?? []) : []), [d.category, categoryFields.data]);
  const text = useFieldText();
  const refused = form.data && !form.data.can_submit;
  // A plan that cannot take a ticket here says so from the first step, and the form goes no further.
  const problem = refused ? 'new.err.not_entitled' : missing(step, d, fields);

  const go = (to: number) => {
    setTried(false);
    setError(null);
    setStep(steps[to]);
    requestAnimationFrame(() => heading.current?.focus());
  };
  const next = () => {
    if (problem) {
      setTried(true);
      return;
    }
    go(index + 1);
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const attachments = await Promise.all(d.files.map(fileToAttachment));
      const tk = await api.post<Ticket>('/tickets', {
        subject: d.summary.trim(),
        body: composeBody(d, t, sensitive, fields, text),
        priority: d.priority || undefined,
        category: d.category || null,
        organization_id: d.organization?.id ?? undefined,
        asset_id: d.asset?.id ?? undefined,
        diagnostic_id: d.asset ? qc.getQueryData<Diagnostic>(assetRunKey(d.asset.id))?.id : undefined,
        fields: toFields(d),
        custom_fields: toCustomFields(d, fields),
        attachments,
      });
      setCreated(tk);
      qc.removeQueries({ queryKey: ['diagnostics'] });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      void qc.invalidateQueries({ queryKey: ['ticket-form'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (solved) {
    return (
      <main className="page page-narrow" id="main">
        <ArticleSolved article={solved} onBack={() => setSolved(null)} />
      </main>
    );
  }

  if (created) {
    return (
      <main className="page page-narrow" id="main">
        <Confirmation
          ticket={created}
          communityUrl={form.data?.community_url ?? null}
          onAnother={() => {
            setCreated(null);
            setD(emptyDraft());
            setStep(steps[0]);
          }}
        />
      </main>
    );
  }

  return (
    <main className="page page-narrow" id="main">
      <h1 className="sr-only">{t('portal.nav.new_request')}</h1>
      <QueryView query={orgs}>
        {() => (
          <div className="wizard">
            <ol className="steps" aria-label={t('new.progress')}>
              {steps.map((s, i) => (
                <li key={s} className={i < index ? 'done' : i === index ? 'current' : ''} aria-current={i === index ? 'step' : undefined}>
                  <span className="step-n" aria-hidden="true">
                    {i < index ? '✓' : i + 1}
                  </span>
                  <span className="step-label">{t(`new.step.${s}`)}</span>
                </li>
              ))}
            </ol>
            <form
              className="wizard-body"
              onSubmit={(e) => {
                e.preventDefault();
                if (step === 'review') void submit();
                else next();
              }}
            >
              <p className="muted step-count">{t('new.step_of', { n: index + 1, total: steps.length })}</p>
              <h2 ref={heading} tabIndex={-1}>
                {t(`new.title.${step}`)}
              </h2>
              <p className="muted">
                {step === 'details' && fields.some((f) => f.required) ? t('new.intro.details_required') : t(`new.intro.${step}`)}
              </p>
              {form.data && <FormRefusal form={form.data} />}
              {step === 'organization' && (
                <StepOrganization
                  orgs={orgList ?? []}
                  value={d.organization}
                  onChange={(o) => set({ organization: o, asset: null, noAsset: false, category: '', custom: {} })}
                />
              )}
              {step === 'asset' && (
                <StepAsset
                  org={d.organization}
                  value={d.asset}
                  noAsset={d.noAsset}
                  onChange={(asset, noAsset) => set({ asset, noAsset })}
                />
              )}
              {step === 'summary' && <StepSummary value={d.summary} onChange={(summary) => set({ summary })} />}
              {step === 'summary' && <ArticleSuggestions query={d.summary} onSolved={setSolved} />}
              {step === 'summary' && <WillNotDo planId={d.organization?.plan_id} />}
              {step === 'checking' && d.asset && <StepChecking asset={d.asset} />}
              {step === 'category' && (
                <QueryView query={form}>
                  {(f) => <StepCategory form={f} value={d.category} onChange={(category) => set({ category })} />}
                </QueryView>
              )}
              {step === 'priority' && <StepPriority value={d.priority} onChange={(priority) => set({ priority })} />}
              {step === 'details' && <StepDetails d={d} set={set} sensitive={sensitive} fields={fields} />}
              {step === 'review' && <QueryView query={form}>{(f) => <StepReview d={d} form={f} fields={fields} />}</QueryView>}
              {tried && problem && (
                <div className="field-msg" role="alert">
                  {t(problem)}
                </div>
              )}
              {error instanceof ApiError && error.code === 'not_entitled' ? (
                <NotEntitled error={error} />
              ) : error ? (
                <ErrorBanner error={error} />
              ) : null}
              <div className="wizard-nav">
                {index > 0 && (
                  <button type="button" className="btn" onClick={() => go(index - 1)}>
                    ← {t('common.back')}
                  </button>
                )}
                <span className="spacer" />
                {step === 'review' ? (
                  <button type="submit" className="btn btn-primary" disabled={busy}>
                    {busy ? t('common.sending') : t('new.submit')}
                  </button>
                ) : (
                  <button type="submit" className="btn btn-primary">
                    {t('common.next')} →
                  </button>
                )}
              </div>
            </form>
          </div>
        )}
      </QueryView>
    </main>
  );
}
