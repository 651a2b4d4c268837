import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentMeta } from '../../api/types.ts';
import { Icon } from '../Icon.tsx';
import { formatBytes } from './bytes.ts';

/** Types the attachment route serves inline (server/modules/tickets/attachments.ts PREVIEWABLE). */
const IMAGE = /^image\/(png|jpeg|gif|webp|avif|bmp)$/i;
const PDF = /^application\/pdf$/i;

/**
 * A message's attachments: name, size, a thumbnail for images and a preview for PDFs (in the
 * browser's viewer, from our origin); other files only download (the server sends them as
 * `attachment`, never with a type that could run on our origin). `base`: where the files are served
 * (the guest page: through its private link); `linkable` false: names only.
 */
export function AttachmentList({
  attachments,
  linkable = true,
  base = '/api/v1/attachments',
}: {
  attachments: AttachmentMeta[];
  linkable?: boolean;
  base?: string;
}) {
  const { t, i18n } = useTranslation();
  const url = (id: number) => `${base}/${id}`;
  const [pdf, setPdf] = useState<number | null>(null);
  if (!attachments.length) return null;
  return (
    <ul className="attachments mail-attachments" aria-label={t('ticket.attachments')}>
      {attachments.map((a) => {
        const type = a.content_type.split(';')[0].trim();
        const image = IMAGE.test(type);
        const isPdf = PDF.test(type);
        const size = formatBytes(a.size, i18n.language);
        if (!linkable || a.id <= 0)
          return (
            <li key={a.id} className="att">
              <Icon name="clip" size={13} /> {a.filename} <span className="muted">{size}</span>
            </li>
          );
        return (
          <li key={a.id} className={`att${image ? ' att-image' : ''}${pdf === a.id ? ' att-open' : ''}`} data-testid="attachment">
            {image && (
              <a
                href={url(a.id)}
                target="_blank"
                rel="noopener"
                className="att-thumb"
                aria-label={t('mail.open_image', { name: a.filename })}
              >
                <img src={url(a.id)} alt={a.filename} loading="lazy" />
              </a>
            )}
            <span className="att-line">
              <a href={`${url(a.id)}?download=1`} download={a.filename} className="att-name">
                <Icon name="clip" size={13} /> {a.filename}
              </a>{' '}
              <span className="muted" data-testid="attachment-size">
                {size}
              </span>
              {isPdf && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    aria-expanded={pdf === a.id}
                    onClick={() => setPdf(pdf === a.id ? null : a.id)}
                  >
                    {pdf === a.id ? t('mail.hide_preview') : t('mail.preview')}
                  </button>
                  <a href={url(a.id)} target="_blank" rel="noopener" className="btn btn-ghost btn-sm">
                    {t('mail.open_tab')}
                  </a>
                </>
              )}
            </span>
            {isPdf && pdf === a.id && <iframe className="att-pdf" src={url(a.id)} title={t('mail.pdf_title', { name: a.filename })} />}
          </li>
        );
      })}
    </ul>
  );
}
