import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState.tsx';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useChannels } from '../api/plans.ts';
import { localName } from '../components/sla.ts';
import type { Channel } from '../api/types.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useCalendars } from './adminApi.ts';

/** Images the server takes (docs/contact-page.md): PNG, JPEG or WebP up to 192 KiB. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const IMAGE_MAX = 192 * 1024;

/** Admin › Channels: each channel's contact, what it is for, its hours (a calendar) and an image (a QR code), as the contact page shows them. */
export function ChannelSettings() {
  const { t } = useTranslation();
  const channels = useChannels();
  return (
    <section className="section" aria-labelledby="channel-settings-title">
      <h2 id="channel-settings-title">{t('admin.channel_settings.title')}</h2>
      <p className="muted">{t('admin.channel_settings.intro')}</p>
      <QueryView query={channels}>
        {(p) =>
          p.data.length === 0 ? (
            <EmptyState title={t('admin.channel_settings.empty_title')}>
              <p>{t('admin.channel_settings.empty_body')}</p>
              <Link className="btn btn-sm" to="/admin/sla">
                {t('admin.channel_settings.to_presets')}
              </Link>
            </EmptyState>
          ) : (
            <div className="stack">
              {p.data.map((c) => (
                <ChannelForm key={c.key} channel={c} />
              ))}
            </div>
          )
        }
      </QueryView>
    </section>
  );
}

function ChannelForm({ channel: c }: { channel: Channel }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const calendars = useCalendars();
  const [contact, setContact] = useState(c.contact ?? '');
  const [purposeEn, setPurposeEn] = useState(c.purposes?.en ?? '');
  const [purposeZh, setPurposeZh] = useState(c.purposes?.['zh-CN'] ?? '');
  const [calendarId, setCalendarId] = useState(c.calendar_id == null ? '' : String(c.calendar_id));
  const [image, setImage] = useState<string | null | undefined>(undefined);
  const [imageError, setImageError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api.patch(`/channels/${c.key}`, {
        contact: contact.trim(),
        purpose: { en: purposeEn.trim(), 'zh-CN': purposeZh.trim() },
        calendar_id: calendarId === '' ? null : Number(calendarId),
        ...(image !== undefined ? { image } : {}),
      }),
    onSuccess: () => {
      setImage(undefined);
      void qc.invalidateQueries({ queryKey: ['channels'] });
      void qc.invalidateQueries({ queryKey: ['contact-page'] });
    },
  });
  const pick = (file: File | undefined) => {
    setImageError(null);
    if (!file) return;
    if (!IMAGE_TYPES.includes(file.type)) return setImageError(t('admin.channel_settings.image_type'));
    if (file.size > IMAGE_MAX) return setImageError(t('admin.channel_settings.image_size', { max: IMAGE_MAX / 1024 }));
    const r = new FileReader();
    r.onload = () => setImage(String(r.result));
    r.readAsDataURL(file);
  };
  const shown = image === undefined ? c.image : image;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-label={c.name} data-testid={`channel-form-${c.key}`}>
      <h3>{c.name}</h3>
      {save.error ? <ErrorBanner error={save.error} /> : null}
      {c.reachable === false && (
        <p className="notice notice-warn small" role="note" data-testid={`channel-hidden-${c.key}`}>
          {t('admin.channel_settings.hidden_without_contact')}
        </p>
      )}
      <Field label={t('admin.channel_settings.contact')} hint={t('admin.channel_settings.contact_hint')}>
        {(p) => <input {...p} maxLength={500} value={contact} onChange={(e) => setContact(e.target.value)} />}
      </Field>
      <Field label={t('admin.channel_settings.purpose_en')}>
        {(p) => <input {...p} maxLength={2000} value={purposeEn} onChange={(e) => setPurposeEn(e.target.value)} />}
      </Field>
      <Field label={t('admin.channel_settings.purpose_zh')}>
        {(p) => <input {...p} maxLength={2000} value={purposeZh} onChange={(e) => setPurposeZh(e.target.value)} />}
      </Field>
      <Field label={t('admin.channel_settings.hours')}>
        {(p) => (
          <select {...p} value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
            <option value="">{t('admin.channel_settings.always_open')}</option>
            {(calendars.data ?? []).map((cal) => (
              <option key={cal.id} value={String(cal.id)}>
                {localName(cal, i18n.language)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('admin.channel_settings.image')} hint={t('admin.channel_settings.image_hint')} error={imageError ?? undefined}>
        {(p) => <input {...p} type="file" accept={IMAGE_TYPES.join(',')} onChange={(e) => pick(e.target.files?.[0])} />}
      </Field>
      {shown && (
        <div className="row-gap">
          <img src={shown} alt={t('kf.channel.image_alt', { name: c.name })} width={96} height={96} style={{ objectFit: 'contain' }} />
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setImage(null)}>
            {t('admin.channel_settings.remove_image')}
          </button>
        </div>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? t('common.working') : t('admin.channel_settings.save')}
        </button>
        {save.isSuccess && <span className="muted small"> {t('admin.channel_settings.saved')}</span>}
      </div>
    </form>
  );
}
