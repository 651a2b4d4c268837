import { createSocket } from 'node:dgram';
import { parseIPv6 } from '../../server/domain/diagnostics/addresses.ts';

/** Records of one test name. */
export interface TestRecords {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  NS?: string[];
}

const TYPE = { A: 1, NS: 2, CNAME: 5, AAAA: 28 } as const;

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'ascii')])), Buffer.from([0])]);
}

function record(name: string, type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(1, 2); // IN
  head.writeUInt32BE(60, 4);
  head.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), head, rdata]);
}

function rdataOf(type: number, value: string): Buffer {
  if (type === TYPE.A) return Buffer.from(value.split('.').map(Number));
  if (type === TYPE.AAAA) {
    const g = parseIPv6(value)!;
    const b = Buffer.alloc(16);
    g.forEach((x, i) => b.writeUInt16BE(x, i * 2));
    return b;
  }
  return encodeName(value);
}

/**
 * A real (small) authoritative DNS server on UDP loopback for tests: A, AAAA, CNAME and NS from a
 * table; NXDOMAIN for names it does not know, an empty answer (NODATA) for a known name without
 * that type. Enough for node:dns `Resolver` pointed at it with KEFU_DIAG_DNS.
 */
export async function startDnsServer(
  zone: Record<string, TestRecords>,
): Promise<{ address: string; queries: string[]; close(): Promise<void> }> {
  const sock = createSocket('udp4');
  const queries: string[] = [];
  sock.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    let off = 12;
    const labels: string[] = [];
    while (off < msg.length && msg[off] !== 0) {
      const len = msg[off];
      labels.push(msg.subarray(off + 1, off + 1 + len).toString('ascii'));
      off += 1 + len;
    }
    off += 1;
    const qtype = msg.readUInt16BE(off);
    const question = msg.subarray(12, off + 4);
    const name = labels.join('.').toLowerCase();
    queries.push(`${name} ${qtype}`);
    const answers: Buffer[] = [];
    let rcode = 0;
    const rec = zone[name];
    if (!rec) rcode = 3;
    else {
      let target = name;
      let r: TestRecords | undefined = rec;
      if (r.CNAME && qtype !== TYPE.CNAME) {
        answers.push(record(name, TYPE.CNAME, rdataOf(TYPE.CNAME, r.CNAME)));
        target = r.CNAME;
        r = zone[target];
      }
      const values: string[] | undefined =
        qtype === TYPE.A
          ? r?.A
          : qtype === TYPE.AAAA
            ? r?.AAAA
            : qtype === TYPE.NS
              ? r?.NS
              : qtype === TYPE.CNAME && r?.CNAME
                ? [r.CNAME]
                : undefined;
      for (const v of values ?? []) answers.push(record(target, qtype, rdataOf(qtype, v)));
    }
    const head = Buffer.alloc(12);
    msg.copy(head, 0, 0, 2); // id
    head.writeUInt16BE(0x8000 | (msg.readUInt16BE(2) & 0x0100) | 0x0400 | 0x0080 | rcode, 2); // QR, RD copied, AA, RA, rcode
    head.writeUInt16BE(1, 4);
    head.writeUInt16BE(answers.length, 6);
    sock.send(Buffer.concat([head, question, ...answers]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((res) => sock.bind(0, '127.0.0.1', () => res()));
  return {
    address: `127.0.0.1:${sock.address().port}`,
    queries,
    close: () => new Promise<void>((res) => sock.close(() => res())),
  };
}
