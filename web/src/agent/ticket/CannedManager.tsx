import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { cannedStore, useCanned } from './canned.ts';

export function CannedManager({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const list = useCanned();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  return (
    <Modal open={open} onClose={onClose} title={t('canned.manage')}>
      <p className="hint">{t('canned.stored_locally')}</p>
      <ul className="canned-list">
        {list.map((c) => (
          <li key={c.id}>
            <div><strong>{c.title}</strong><div className="muted clamp">{c.body}</div></div>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => cannedStore.remove(c.id)} aria-label={t('canned.delete', { title: c.title })}>{t('common.delete')}</button>
          </li>
        ))}
        {list.length === 0 && <li className="muted">{t('canned.none')}</li>}
      </ul>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); if (!title.trim() || !body.trim()) return; cannedStore.add(title.trim(), body); setTitle(''); setBody(''); }}>
        <h3>{t('canned.new')}</h3>
        <Field label={t('canned.title')}>{(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}</Field>
        <Field label={t('canned.body')} hint={t('canned.placeholders', { requester: '{requester}', agent: '{agent}' })}>{(p) => <textarea {...p} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />}</Field>
        <div className="btn-row"><button type="submit" className="btn btn-primary">{t('canned.save')}</button></div>
      </form>
    </Modal>
  );
}
