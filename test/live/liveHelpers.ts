import WebSocket from 'ws';
import type { TestKefu, Caller } from '../helpers/testKefu.ts';

export type Msg = { event: string; ticket_id?: number; id?: number; [k: string]: any };

/** A WebSocket client that keeps every message it receives and can wait for one. */
export interface LiveClient {
  ws: WebSocket;
  messages: Msg[];
  /** Resolves with the first message (already received or coming) that matches, within `ms`. */
  next(match: (m: Msg) => boolean, ms?: number): Promise<Msg>;
  send(m: object): void;
  close(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

export function connect(url: string, o: { headers?: Record<string, string>; origin?: string } = {}): Promise<LiveClient> {
  const ws = new WebSocket(url, o);
  const messages: Msg[] = [];
  const waiters: Array<{ match: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  ws.on('message', (data: unknown) => {
    const m = JSON.parse(String(data)) as Msg;
    messages.push(m);
    for (const w of [...waiters])
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: String(reason) })),
  );
  const client: LiveClient = {
    ws,
    messages,
    closed,
    next: (match, ms = 5000) => {
      const hit = messages.find(match);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = {
          match,
          resolve: (m: Msg) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching message within ${ms} ms; got ${JSON.stringify(messages)}`));
        }, ms);
        waiters.push(w);
      });
    },
    send: (m) => ws.send(JSON.stringify(m)),
    close: async () => {
      if (ws.readyState === WebSocket.OPEN) ws.close();
      await closed;
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (req: { destroy(): void }, res: { statusCode: number }) => {
      req.destroy(); // with this listener, ending the refused request is ours to do
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
    });
    ws.once('error', reject);
  });
}

/** Connects and waits for `ready` (replay done). */
export async function connectReady(url: string, o: { headers?: Record<string, string>; origin?: string } = {}) {
  const c = await connect(url, o);
  await c.next((m) => m.event === 'ready');
  return c;
}

/** Refused at the upgrade: the HTTP status. */
export async function refusedWith(url: string, o: { headers?: Record<string, string>; origin?: string } = {}): Promise<number> {
  try {
    const c = await connect(url, o);
    await c.close();
    return 101;
  } catch (e) {
    return (e as { status?: number }).status ?? -1;
  }
}

export interface Desk {
  base: string;
  orgA: number;
  orgB: number;
  agent: { id: number; token: string; cookie: string; caller: Caller };
  agent2: { id: number; token: string };
  custA: { id: number; token: string; cookie: string; caller: Caller };
  custB: { id: number; token: string };
}

const PASSWORD = 'Live-pass-12345';

/** Two organizations, two agents, a customer in each; a token and (for some) a session cookie each. */
export async function makeDesk(k: TestKefu, base: string): Promise<Desk> {
  const org = async (name: string) => (await k.admin.post('/api/v1/organizations', { name })).body.id as number;
  const orgA = await org('Alpha Live');
  const orgB = await org('Bravo Live');
  const person = async (o: { name: string; email: string; role: string; organization_id?: number }) => {
    const r = await k.admin.post('/api/v1/people', { ...o, password: PASSWORD });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    const login = await k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: o.email, password: PASSWORD },
      remoteAddress: `10.7.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    });
    const cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
    const session = await k.signIn(o.email, PASSWORD);
    const token = (await session.post('/api/v1/tokens', { name: 'live' })).body.token as string;
    return { id: r.body.id as number, token, cookie, caller: k.as(token) };
  };
  return {
    base,
    orgA,
    orgB,
    agent: await person({ name: 'Agent Ann', email: 'ann@desk.test', role: 'agent' }),
    agent2: await person({ name: 'Agent Bo', email: 'bo@desk.test', role: 'agent' }),
    custA: await person({ name: 'Cust Alpha', email: 'cust@alpha.test', role: 'customer', organization_id: orgA }),
    custB: await person({ name: 'Cust Bravo', email: 'cust@bravo.test', role: 'customer', organization_id: orgB }),
  };
}

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
