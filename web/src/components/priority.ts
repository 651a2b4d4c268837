import type { TFunction } from 'i18next';

/** "P1 · Critical" / "P1 · 紧急": how every list, menu and chip names a priority. */
export const priorityLabel = (t: TFunction, p: string) => `${p} · ${t(`priority.${p}.name`)}`;
