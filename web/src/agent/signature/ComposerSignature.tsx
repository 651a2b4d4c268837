import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal.tsx';
import { SignatureEditor } from './SignatureEditor.tsx';
import type { SignatureLang } from './useSignature.ts';

/**
 * Under the reply box: the signature that will be added to this public reply (in the requester's
 * language, else the other one), with a way to leave it out or edit it.
 */
export function ComposerSignature({
  signature,
  include,
  setInclude,
}: {
  signature: { text: string; lang: SignatureLang } | null;
  include: boolean;
  setInclude: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <div className="signature-preview" data-testid="composer-signature">
      <div className="signature-head">
        {signature ? (
          <label className="inline-label">
            <input
              type="checkbox"
              checked={include}
              onChange={(e) => setInclude(e.target.checked)}
              style={{ width: 'auto', minHeight: 0 }}
            />
            {t(signature.lang === 'en' ? 'signature.adds_en' : 'signature.adds_zh')}
          </label>
        ) : (
          <span>{t('signature.none')}</span>
        )}
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(true)}>
          {signature ? t('signature.edit') : t('signature.add')}
        </button>
      </div>
      {signature && include && <pre>{`-- \n${signature.text}`}</pre>}
      <Modal open={editing} onClose={() => setEditing(false)} title={t('signature.title')}>
        {editing && <SignatureEditor onSaved={() => setEditing(false)} />}
      </Modal>
    </div>
  );
}
