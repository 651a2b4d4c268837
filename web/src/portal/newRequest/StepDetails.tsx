import { useTranslation } from 'react-i18next';
import { AttachmentPicker } from '../../components/AttachmentPicker.tsx';
import { Field } from '../../components/Field.tsx';
import { FREQUENCIES, TOOLS, type Draft } from './draft.ts';

type Set = (patch: Partial<Draft>) => void;

/** The structured details an engineer needs; every one is optional, all are worth giving. */
export function StepDetails({ d, set }: { d: Draft; set: Set }) {
  const { t } = useTranslation();
  const text = (k: 'steps' | 'expected' | 'actual' | 'errors', rows = 3, mono = false) => (
    <Field label={t(`new.details.${k}`)} hint={t(`new.details.${k}_hint`)}>
      {(p) => <textarea {...p} rows={rows} className={mono ? 'mono' : undefined} value={d[k]} onChange={(e) => set({ [k]: e.target.value })} />}
    </Field>
  );
  return (
    <div className="details-form">
      <div className="row-2">
        <Field label={t('new.details.occurred')} hint={t('new.details.occurred_hint')}>
          {(p) => (
            <div className="input-suffix">
              <input {...p} type="datetime-local" value={d.occurredAt} onChange={(e) => set({ occurredAt: e.target.value })} />
              <span className="suffix">UTC</span>
            </div>
          )}
        </Field>
        <Field label={t('new.details.frequency')}>
          {(p) => (
            <select {...p} value={d.frequency} onChange={(e) => set({ frequency: e.target.value })}>
              <option value="">{t('common.choose')}</option>
              {FREQUENCIES.map((f) => <option key={f} value={f}>{t(`new.frequency.${f}`)}</option>)}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('new.details.zone')} hint={t('new.details.zone_hint')}>
        {(p) => <input {...p} className="mono" value={d.zone} onChange={(e) => set({ zone: e.target.value })} />}
      </Field>
      {text('steps', 4)}
      <div className="row-2">
        {text('expected')}
        {text('actual')}
      </div>
      <Field label={t('new.details.urls')} hint={t('new.details.urls_hint')}>
        {(p) => <textarea {...p} rows={2} className="mono" value={d.urls} onChange={(e) => set({ urls: e.target.value })} />}
      </Field>
      {text('errors', 3, true)}
      <fieldset className="fieldset">
        <legend>{t('new.details.files')}</legend>
        <p className="hint">{t('new.details.files_hint')}</p>
        <AttachmentPicker files={d.files} onChange={(files) => set({ files })} label={t('new.details.add_files')} />
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('new.details.outputs')}</legend>
        <p className="hint">{t('new.details.outputs_hint')}</p>
        {d.outputs.map((o, i) => (
          <div key={i} className="output-block">
            <Field label={t('new.details.output_of', { tool: t(`new.tool.${o.tool}`) })}>
              {(p) => <textarea {...p} rows={6} className="mono" spellCheck={false} value={o.text}
                onChange={(e) => set({ outputs: d.outputs.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })} />}
            </Field>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => set({ outputs: d.outputs.filter((_, j) => j !== i) })}>{t('common.remove')}</button>
          </div>
        ))}
        <div className="btn-row">
          {TOOLS.map((tool) => (
            <button key={tool} type="button" className="btn btn-sm" onClick={() => set({ outputs: [...d.outputs, { tool, text: '' }] })}>
              + {t(`new.tool.${tool}`)}
            </button>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
