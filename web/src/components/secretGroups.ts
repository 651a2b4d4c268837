/** An authenticator key in groups of four, as people type it into an app ("ABCD EFGH …"). */
export const secretGroups = (s: string) => (s.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
