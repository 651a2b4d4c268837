import type { ChannelKey } from '../../domain/entitlement/entitlement.ts';

/**
 * The link a channel's contact opens, or null when it is plain text (a WeChat group number): a
 * phone number dials (`tel:`), an address writes (`mailto:`), a web address opens. Only these
 * schemes, so an admin's typo cannot become a `javascript:` link on the contact page.
 */
export function contactHref(key: ChannelKey, contact: string): string | null {
  const c = contact.trim();
  if (!c) return null;
  if (/^https?:\/\/[^\s<>"]+$/i.test(c)) return c;
  if (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(c)) return `mailto:${c}`;
  if ((key === 'phone' || key === 'emergency_phone') && /^\+?[\d\s()-]{5,30}$/.test(c)) return `tel:${c.replace(/[\s()-]/g, '')}`;
  return null;
}

/** Images an admin may attach to a channel (a QR code): PNG, JPEG or WebP as a data URL, at most 192 KiB decoded. */
export const CHANNEL_IMAGE = { maxBytes: 192 * 1024, pattern: /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/ };
