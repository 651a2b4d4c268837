import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';

/**
 * Test certificates made with the openssl CLI at test time: a throwaway CA (handed to Kefu with
 * KEFU_DIAG_CA_FILE, so verification stays on) and leaf certificates with chosen names and dates.
 * OpenSSL 3.0's `x509` cannot set a start date, so leaves are signed with `openssl ca`, which can.
 */
export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'kefu-pki-'));
  readonly caFile = join(this.dir, 'ca.pem');
  private n = 0;

  constructor() {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    this.ssl([
      'req',
      '-x509',
      ...ec,
      '-keyout',
      join(this.dir, 'ca.key'),
      '-out',
      this.caFile,
      '-days',
      '3650',
      '-subj',
      '/CN=Kefu Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    mkdirSync(join(this.dir, 'new'));
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(join(this.dir, 'serial'), '1000\n');
    writeFileSync(
      join(this.dir, 'ca.cnf'),
      [
        '[ca]',
        'default_ca = d',
        '[d]',
        `database = ${join(this.dir, 'index.txt')}`,
        `new_certs_dir = ${join(this.dir, 'new')}`,
        `serial = ${join(this.dir, 'serial')}`,
        'default_md = sha256',
        'policy = p',
        'unique_subject = no',
        '[p]',
        'commonName = supplied',
      ].join('\n') + '\n',
    );
  }

  private ssl(args: string[]) {
    execFileSync('/usr/bin/openssl', args, { stdio: 'pipe' });
  }

  /** A key and certificate for `names`, valid from `start` to `end` (openssl times: YYYYMMDDHHMMSSZ). */
  leaf(names: string[], start: string, end: string): { key: string; cert: string } {
    const id = ++this.n;
    const key = join(this.dir, `l${id}.key`);
    const csr = join(this.dir, `l${id}.csr`);
    const out = join(this.dir, `l${id}.pem`);
    const ext = join(this.dir, `l${id}.ext`);
    writeFileSync(ext, `[e]\nbasicConstraints = CA:FALSE\nsubjectAltName = ${names.map((n) => `DNS:${n}`).join(',')}\n`);
    this.ssl([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      `/CN=${names[0]}`,
    ]);
    this.ssl([
      'ca',
      '-batch',
      '-notext',
      '-config',
      join(this.dir, 'ca.cnf'),
      '-cert',
      this.caFile,
      '-keyfile',
      join(this.dir, 'ca.key'),
      '-in',
      csr,
      '-out',
      out,
      '-startdate',
      start,
      '-enddate',
      end,
      '-extfile',
      ext,
      '-extensions',
      'e',
    ]);
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(out, 'utf8') };
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';

export interface Origins {
  httpsPort: number;
  httpPort: number;
  caFile: string;
  /** Connections accepted so far (HTTPS and HTTP): a refused run must leave this unchanged. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * HTTPS and HTTP origins on 127.0.0.1 serving the test domains by name (SNI and Host):
 * `ok.test` (valid certificate, 200), `expired.test` (expired certificate), `bad502.test` (502),
 * `loop.test` (`/` → `/a` → `/`), `toprivate.test` (redirects to `private.test`), `other.test` (a
 * certificate for `ok.test` only). Plain HTTP redirects everything to HTTPS.
 */
export async function startOrigins(now = new Date()): Promise<Origins> {
  const pki = new TestPki();
  const day = 86_400_000;
  const validFrom = stamp(new Date(now.getTime() - 30 * day));
  const validTo = stamp(new Date(now.getTime() + 90 * day));
  const ok = pki.leaf(['ok.test', 'bad502.test', 'loop.test', 'toprivate.test', 'www.ok.test'], validFrom, validTo);
  const expired = pki.leaf(['expired.test'], stamp(new Date(now.getTime() - 400 * day)), stamp(new Date(now.getTime() - 10 * day)));
  const contexts: Record<string, SecureContext> = {
    'expired.test': createSecureContext({ key: expired.key, cert: expired.cert }),
  };
  const fallback = createSecureContext({ key: ok.key, cert: ok.cert });
  let connections = 0;
  const handler: http.RequestListener = (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host === 'bad502.test') return res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
    if (host === 'loop.test') return res.writeHead(302, { location: req.url === '/' ? '/a' : 'https://loop.test/' }).end();
    if (host === 'toprivate.test') return res.writeHead(301, { location: 'https://private.test/' }).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>ok</h1>');
  };
  const secure = https.createServer(
    { key: ok.key, cert: ok.cert, SNICallback: (name, cb) => cb(null, contexts[name] ?? fallback) },
    handler,
  );
  const plain = http.createServer((req, res) => {
    res.writeHead(301, { location: `https://${(req.headers.host ?? '').replace(/:\d+$/, '')}${req.url}` }).end();
  });
  for (const s of [secure, plain]) s.on('connection', () => (connections += 1));
  await Promise.all([secure, plain].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
  return {
    httpsPort: (secure.address() as AddressInfo).port,
    httpPort: (plain.address() as AddressInfo).port,
    caFile: pki.caFile,
    connections: () => connections,
    async close() {
      for (const s of [secure, plain]) s.closeAllConnections();
      await Promise.all([secure, plain].map((s) => new Promise<void>((r) => s.close(() => r()))));
      pki.remove();
    },
  };
}

/** The test zone: every test domain on 127.0.0.1, `private.test` on 10.0.0.1. */
export const TEST_ZONE = {
  'ok.test': { A: ['127.0.0.1'], NS: ['ns1.kefu-dns.test', 'ns2.kefu-dns.test'] },
  'www.ok.test': { CNAME: 'ok.test' },
  'expired.test': { A: ['127.0.0.1'] },
  'bad502.test': { A: ['127.0.0.1'] },
  'loop.test': { A: ['127.0.0.1'] },
  'toprivate.test': { A: ['127.0.0.1'] },
  'other.test': { A: ['127.0.0.1'] },
  'private.test': { A: ['10.0.0.1'] },
  'nothing.test': { NS: ['ns1.kefu-dns.test'] },
  'nsgood.test': { A: ['127.0.0.1'], NS: ['ns1.kefu-dns.test', 'ns2.kefu-dns.test'] },
  'nsbad.test': { A: ['127.0.0.1'], NS: ['ns9.elsewhere.test'] },
};
