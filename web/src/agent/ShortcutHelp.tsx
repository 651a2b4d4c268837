import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal.tsx';

const KEYS: Array<[string, string]> = [
  ['j / k', 'agent.keys.move'],
  ['o / Enter', 'agent.keys.open'],
  ['r', 'agent.keys.reply'],
  ['n', 'agent.keys.note'],
  ['x / Shift + x', 'agent.keys.select'],
  ['m', 'agent.keys.macro'],
  ['/', 'agent.keys.search'],
  ['a', 'agent.keys.assign_me'],
  ['s', 'agent.keys.solve'],
  ['u', 'agent.keys.back'],
  ['Ctrl + Enter', 'agent.keys.send'],
  ['?', 'agent.keys.help'],
];

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onClose={onClose} title={t('agent.keys.title')}>
      <table className="keys">
        <tbody>
          {KEYS.map(([k, label]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
