/**
 * Is a mail's From proven? Only by an `Authentication-Results` header (RFC 8601) that our own
 * receiving server added: the TOPMOST such header (the last hop, our MTA, adds it on top and must
 * remove forged ones carrying its authserv-id), whose authserv-id is in the trusted list
 * (`KEFU_TRUSTED_AUTHSERV_IDS`), saying `dmarc=pass` for the From domain, or `dkim=pass` with a
 * signing domain (header.d, else the domain of header.i) equal to the From domain or a parent of it.
 * Anything else, including every header below the topmost, proves nothing.
 */
export function authenticatedByTrustedServer(headers: string[], trusted: string[], fromAddress: string): boolean {
  const top = headers[0];
  const fromDomain = domainOf(fromAddress);
  if (!top || !trusted.length || !fromDomain) return false;
  const parts = stripComments(top)
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  const authserv = (parts[0] ?? '').split(/[ \t]/)[0].toLowerCase();
  if (!trusted.map((t) => t.toLowerCase()).includes(authserv)) return false;
  for (const resinfo of parts.slice(1)) {
    const [head, ...rest] = resinfo.split(/[ \t]/).filter(Boolean);
    const [method, result] = (head ?? '').toLowerCase().split('=');
    const props = new Map(
      rest.map((p) => {
        const i = p.indexOf('=');
        return [
          p.slice(0, i).toLowerCase(),
          p
            .slice(i + 1)
            .replace(/^"|"$/g, '')
            .toLowerCase(),
        ] as const;
      }),
    );
    if (result !== 'pass') continue;
    if (method === 'dmarc' && props.get('header.from') === fromDomain) return true;
    if (method === 'dkim') {
      const signer = props.get('header.d') ?? domainOf(props.get('header.i') ?? '');
      if (signer && (fromDomain === signer || fromDomain.endsWith(`.${signer}`))) return true;
    }
  }
  return false;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(at + 1) : '').trim().toLowerCase().replace(/\.$/, '');
}

/** Drops (comments), which may hold anything, including `;` and `=`. Not nested (RFC 5322 allows it; our MTA's never are). */
function stripComments(s: string): string {
  let out = '';
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}
