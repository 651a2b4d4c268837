import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client.ts';
import type { AttachmentMeta } from '../../api/types.ts';
import { listOf } from '../adminApi.ts';

/** Shapes of the email API (server/http/routes/email.ts), as the admin screens use them. */
export interface EmailSettings {
  smtp_url: string | null;
  smtp_source: 'setting' | 'environment' | null;
  delivery: 'smtp' | 'outbox_only';
  from_name: string | null;
}
export interface SupportAddress {
  id: number;
  email: string;
  name: string | null;
  is_default: boolean;
  /** The group its new tickets go to; null: none. */
  group_id: number | null;
}
export interface Mailbox {
  id: number;
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  has_password: boolean;
  folder: string;
  after_fetch: 'seen' | 'move';
  move_to: string | null;
  poll_seconds: number;
  active: boolean;
  last_poll_at: string | null;
  last_success_at: string | null;
  /** The IMAP library's or the server's own words. */
  last_error: string | null;
  /** What kind of failure that was, said in the admin's language. */
  last_error_kind: 'refused' | 'host_not_found' | 'timeout' | 'tls' | 'auth' | 'private_address' | 'other' | null;
  failing_since: string | null;
}
/** What "Check now" found (POST /mailboxes/:id/poll). */
export interface PollResult {
  fetched: number;
  stored: number;
  skipped: number;
  error: string | null;
  error_kind: Mailbox['last_error_kind'];
  error_message: string | null;
}
export interface OutboxMail {
  id: number;
  kind: string;
  ticket_id: number | null;
  from: string;
  to: string[];
  cc: string[] | null;
  reply_to: string | null;
  subject: string;
  text: string | null;
  html: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** The files that go out with the mail (a public reply's attachments). */
  attachments: AttachmentMeta[];
}

export const useEmailSettings = () => useQuery({ queryKey: ['email-settings'], queryFn: () => api.get<EmailSettings>('/email/settings') });
export const useSupportAddresses = () =>
  useQuery({ queryKey: ['support-addresses'], queryFn: () => api.get<Page<SupportAddress>>('/support-addresses').then(listOf) });
export const useMailboxes = () => useQuery({ queryKey: ['mailboxes'], queryFn: () => api.get<Page<Mailbox>>('/mailboxes').then(listOf) });

/** http(s) links in a mail's text: verification, password-reset and guest links an admin may pass on by hand. */
export function linksIn(text: string | null): string[] {
  return [...new Set(text?.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])];
}

/** A plain-text view of an HTML-only mail (never rendered as HTML here). */
export function textOf(m: Pick<OutboxMail, 'text' | 'html'>): string {
  if (m.text) return m.text;
  if (!m.html) return '';
  const doc = new DOMParser().parseFromString(m.html, 'text/html');
  doc.querySelectorAll('a[href]').forEach((a) => {
    a.textContent = `${a.textContent} (${a.getAttribute('href')})`;
  });
  return doc.body.textContent ?? '';
}
