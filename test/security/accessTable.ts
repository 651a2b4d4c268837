/**
 * Who may call each operation of the API: the expectation the authorization matrix
 * (matrix.test.ts) checks every operation against. A new route needs a line here.
 * - `public`: no credentials; `person`: anyone signed in (customers too); `staff`: agents and admins; `admin`: admins.
 * - `scoped`: the operation acts on one record of organization A (a ticket, the organization, its
 *   customer, an attachment); a customer of another organization must be refused.
 */
export interface Access {
  level: 'public' | 'person' | 'staff' | 'admin';
  scoped?: boolean;
}
const pub: Access = { level: 'public' };
const person: Access = { level: 'person' };
const own: Access = { level: 'person', scoped: true };
const staff: Access = { level: 'staff' };
const admin: Access = { level: 'admin' };

export const ACCESS: Record<string, Access> = {
  'GET /api/v1/health': pub,
  'GET /api/v1/ready': pub,
  'GET /metrics': admin, // Prometheus text; also the KEFU_METRICS_TOKEN bearer secret (docs/operations.md, Metrics)
  'POST /api/v1/auth/login': pub,
  'POST /api/v1/auth/logout': pub, // ending no session is harmless
  'GET /api/v1/me': person,
  'GET /api/v1/live': person, // WebSocket (docs/live.md); a plain GET answers 426, the matrix checks the gate in front of it
  'GET /api/v1/auth/setup': pub,
  'POST /api/v1/auth/setup': pub,
  'POST /api/v1/auth/password': pub,
  'POST /api/v1/auth/signup': pub,
  'POST /api/v1/auth/verify-email': pub,
  'POST /api/v1/auth/verify-email/resend': person,
  'POST /api/v1/auth/password-reset': pub,
  'POST /api/v1/me/password': person,
  'GET /api/v1/me/signature': staff,
  'PUT /api/v1/me/signature': staff,
  'GET /api/v1/me/sessions': person,
  'DELETE /api/v1/me/sessions/{id}': person,
  'POST /api/v1/tokens': person,
  'GET /api/v1/tokens': person,
  'DELETE /api/v1/tokens/{id}': person,
  'POST /api/v1/people': staff,
  'GET /api/v1/people': person, // customers: their own organization's people
  'GET /api/v1/people/{id}': own,
  'PATCH /api/v1/people/{id}': own,
  'POST /api/v1/people/{id}/invitation': staff, // agents for customers only (403 for staff accounts); the link is answered to admins only
  'POST /api/v1/people/{id}/password-reset': staff, // agents for customers only; mails the link, never answers it
  'DELETE /api/v1/people/{id}/lock': staff, // agents for customers only
  'POST /api/v1/organizations': staff,
  'GET /api/v1/organizations': person,
  'GET /api/v1/organizations/{id}': own,
  'PATCH /api/v1/organizations/{id}': staff,
  'POST /api/v1/organizations/{id}/assets': staff,
  'GET /api/v1/organizations/{id}/assets': own,
  'DELETE /api/v1/organizations/{id}/assets/{assetId}': staff,
  'POST /api/v1/groups': admin,
  'GET /api/v1/groups': staff,
  'GET /api/v1/groups/{id}': staff,
  'PATCH /api/v1/groups/{id}': admin,
  'DELETE /api/v1/groups/{id}': admin,
  'GET /api/v1/groups/{id}/deletion-preview': admin,
  'POST /api/v1/tickets': person,
  'GET /api/v1/tickets': person,
  'GET /api/v1/tickets/{id}': own,
  'PATCH /api/v1/tickets/{id}': own,
  'POST /api/v1/tickets/{id}/merge': staff,
  'GET /api/v1/tickets/{id}/links': staff,
  'POST /api/v1/tickets/{id}/links': staff,
  'DELETE /api/v1/tickets/{id}/links/{other_id}': staff,
  'POST /api/v1/tickets/{id}/split': staff,
  'POST /api/v1/tickets/{id}/snooze': staff,
  'GET /api/v1/settings/lifecycle': staff,
  'PATCH /api/v1/settings/lifecycle': admin,
  'POST /api/v1/tickets/bulk': staff, // each ticket through updateTicket/mergeTickets (docs/views.md)
  'GET /api/v1/views': staff,
  'POST /api/v1/views': staff, // shared: admins only
  'GET /api/v1/views/{id}': staff,
  'PATCH /api/v1/views/{id}': staff, // one's own; shared views: admins only
  'DELETE /api/v1/views/{id}': staff,
  'POST /api/v1/views/{id}/pin': staff,
  'DELETE /api/v1/views/{id}/pin': staff,
  'GET /api/v1/views/{id}/tickets': staff,
  'GET /api/v1/tickets/{id}/messages': own,
  'POST /api/v1/tickets/{id}/messages': own,
  'GET /api/v1/tickets/{id}/events': staff,
  'POST /api/v1/diagnostics': person, // customers: their organization's assets only (404 otherwise); a typed domain is staff only
  'GET /api/v1/tickets/{id}/diagnostics': staff,
  'GET /api/v1/attachments/{id}': own,
  'GET /api/v1/messages/{id}/html': own, // the message as a sandboxed document; internal notes: staff
  'POST /api/v1/calendars/preview': staff,
  'GET /api/v1/calendars': staff,
  'POST /api/v1/calendars': admin,
  'GET /api/v1/calendars/{id}': staff,
  'PUT /api/v1/calendars/{id}': admin,
  'DELETE /api/v1/calendars/{id}': admin,
  'GET /api/v1/sla-policies': staff,
  'POST /api/v1/sla-policies': admin,
  'GET /api/v1/sla-policies/{id}': staff,
  'PATCH /api/v1/sla-policies/{id}': admin,
  'DELETE /api/v1/sla-policies/{id}': admin,
  'GET /api/v1/sla/settings': staff,
  'PATCH /api/v1/sla/settings': admin,
  'GET /api/v1/presets': person, // names and descriptions of the built-in presets
  'POST /api/v1/presets/{name}/apply': admin,
  'GET /api/v1/plans': person,
  'POST /api/v1/plans': admin,
  'GET /api/v1/plans/{id}': person,
  'PATCH /api/v1/plans/{id}': admin,
  'GET /api/v1/organizations/{id}/plan-history': own,
  'GET /api/v1/channels': person,
  'PATCH /api/v1/channels/{key}': admin,
  'GET /api/v1/services': person,
  'GET /api/v1/ticket-form': person, // customers: their own organization's form
  'PUT /api/v1/services/{key}': admin,
  'POST /api/v1/organizations/{id}/purchases': admin,
  'GET /api/v1/organizations/{id}/purchases': own,
  'POST /api/v1/tickets/{id}/consume-incident': own,
  'GET /api/v1/me/security': person,
  'GET /api/v1/me/support-code': person,
  'POST /api/v1/me/support-app': person,
  'DELETE /api/v1/me/support-app': person,
  'POST /api/v1/me/support-app/confirm': person,
  'POST /api/v1/me/2fa': person,
  'DELETE /api/v1/me/2fa': person,
  'POST /api/v1/me/2fa/confirm': person,
  'POST /api/v1/me/2fa/recovery-codes': person,
  'DELETE /api/v1/people/{id}/2fa': admin,
  'DELETE /api/v1/people/{id}/sessions': admin,
  'GET /api/v1/people/{id}/sessions': staff, // agents for customers only (403 for staff accounts); the IP address for admins only
  'GET /api/v1/people/{id}/merge-preview': staff, // customers: 404; same refusals as the merge
  'POST /api/v1/people/{id}/merge': staff, // customers only, same organization; merging away an account with a password needs an admin (docs/people.md)
  'POST /api/v1/tickets/{id}/verify': staff,
  'GET /api/v1/tickets/{id}/verification': own,
  'GET /api/v1/audit-log': admin,
  'GET /api/v1/audit-log/export': admin,
  'GET /api/v1/security/settings': admin,
  'PATCH /api/v1/security/settings': admin,
  'GET /api/v1/support-addresses': admin,
  'POST /api/v1/support-addresses': admin,
  'PATCH /api/v1/support-addresses/{id}': admin,
  'DELETE /api/v1/support-addresses/{id}': admin,
  'GET /api/v1/mailboxes': admin,
  'POST /api/v1/mailboxes': admin,
  'GET /api/v1/mailboxes/{id}': admin,
  'PATCH /api/v1/mailboxes/{id}': admin,
  'DELETE /api/v1/mailboxes/{id}': admin,
  'GET /api/v1/webhooks': admin,
  'POST /api/v1/webhooks': admin,
  'GET /api/v1/webhooks/{id}': admin,
  'PATCH /api/v1/webhooks/{id}': admin,
  'DELETE /api/v1/webhooks/{id}': admin,
  'GET /api/v1/webhooks/{id}/deliveries': admin,
  'POST /api/v1/webhooks/{id}/test': admin,
  'POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver': admin,
  'POST /api/v1/mailboxes/{id}/poll': admin,
  'GET /api/v1/email/alerts': admin,
  'GET /api/v1/email/settings': admin,
  'PATCH /api/v1/email/settings': admin,
  'GET /api/v1/outbox': admin,
  'GET /api/v1/search': person, // customers: their own scope, public text only, no people or organizations (docs/search.md)
  'GET /api/v1/status': pub, // the status page (docs/status.md)
  'PUT /api/v1/status/components/{key}': staff, // status by staff; adding, renaming, moving: admins
  'POST /api/v1/status/incidents': staff,
  'POST /api/v1/status/incidents/{id}/updates': staff,
  'POST /api/v1/status/subscriptions': pub, // mails a confirmation link; same answer whatever the address
  'POST /api/v1/status/subscriptions/confirm': pub, // the mailed token is the credential
  'POST /api/v1/status/subscriptions/unsubscribe': pub, // the mailed token is the credential
  'GET /api/v1/kb/search': pub, // published help articles only (docs/help-center.md)
  'POST /api/v1/kb/articles/{id}/feedback': pub, // published articles only; rate-limited per address
  'GET /api/v1/kb/categories': pub, // category names are on the public pages
  'POST /api/v1/kb/categories': admin,
  'PATCH /api/v1/kb/categories/{id}': admin,
  'DELETE /api/v1/kb/categories/{id}': admin,
  'GET /api/v1/kb/articles': staff, // drafts included
  'POST /api/v1/kb/articles': staff, // agents: drafts; publishing: admins
  'GET /api/v1/kb/articles/{id}': staff,
  'PATCH /api/v1/kb/articles/{id}': staff, // agents: drafts; publishing, unpublishing, published articles: admins
  'DELETE /api/v1/kb/articles/{id}': staff, // agents: drafts; published: admins
  'POST /api/v1/kb/preview': staff,
  'GET /api/v1/ticket-fields': person, // customers: the active fields shown to customers (docs/custom-fields.md)
  'POST /api/v1/ticket-fields': admin,
  'PATCH /api/v1/ticket-fields/{id}': admin,
  'GET /api/v1/notifications': staff,
  'POST /api/v1/notifications/read': staff,
  'GET /api/v1/notifications/preferences': staff,
  'PATCH /api/v1/notifications/preferences': staff,
  'GET /api/v1/macros': staff,
  'POST /api/v1/macros': staff, // shared: true by admins only (403 for agents)
  'GET /api/v1/macros/{id}': staff, // another agent's personal macro is a 404
  'PATCH /api/v1/macros/{id}': staff,
  'DELETE /api/v1/macros/{id}': staff,
  'POST /api/v1/tickets/{id}/macros/{macro_id}': staff,
  'GET /api/v1/inbound': admin,
  'GET /api/v1/inbound/{id}/raw': admin,
  'POST /api/v1/inbound/{id}/reprocess': admin,
  'GET /api/v1/messages/{id}/source': staff,
  'DELETE /api/v1/tickets/{id}/guest-links': own,
  'GET /api/v1/guest/tickets/{token}': pub,
  'GET /api/v1/guest/tickets/{token}/attachments/{id}': pub,
  'DELETE /api/v1/guest/tickets/{token}': pub,
  'POST /api/v1/guest/tickets/{token}/messages': pub,
  'GET /api/v1/public/guest-form': pub,
  'GET /api/v1/public/contact': pub, // channels, hours and the default plan's view; a signed-in reader sees their plan
  'POST /api/v1/public/tickets': pub, // always 202 without the ticket: the private link goes only to the typed mailbox
  'GET /api/v1/settings/guest-tickets': admin,
  'PATCH /api/v1/settings/guest-tickets': admin,
  'GET /api/v1/export/tickets': admin,
  'POST /api/v1/import/tickets': admin,
  'GET /api/v1/backup': admin, // the local operator (`kefu backup`) only: admins' tokens and sessions get 403 too
  'GET /api/v1/reports/volume': staff, // group-limited agents: their scope's tickets only (docs/exports.md)
  'GET /api/v1/reports/agents': staff, // group-limited agents: their groups' members, counted over their scope
  'GET /api/v1/exports/tickets.csv': staff, // the ticket list's filters and scope; customers 403 (docs/exports.md)
  'GET /api/v1/exports/tickets.jsonl': staff,
  'GET /api/v1/reports/sla': staff, // group-limited agents: their groups' figures only (docs/reports.md)
  'GET /api/v1/reports/sla/tickets': staff, // group-limited agents: their groups' and their own tickets only
  'GET /api/v1/reports/response-times': staff,
  'GET /api/v1/reports/settings': staff,
  'PUT /api/v1/reports/settings': admin,
  'POST /api/v1/tickets/{id}/satisfaction': own, // the requester only: staff and colleagues 403, another organization 404 (docs/satisfaction.md)
  'GET /api/v1/public/satisfaction/{token}': pub, // the signed rating link: proves only "its requester may rate its ticket"; records nothing
  'POST /api/v1/public/satisfaction/{token}': pub,
  'GET /api/v1/reports/satisfaction': staff, // group-limited agents: ratings of their groups' and their own tickets only
  'GET /api/v1/settings/satisfaction': staff,
  'PATCH /api/v1/settings/satisfaction': admin,
};
