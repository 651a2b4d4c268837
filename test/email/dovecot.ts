import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from '../helpers/serverProcess.ts';

export interface Dovecot {
  port: number;
  user: string;
  pass: string;
  client(): Promise<ImapFlow>;
  append(raw: string | Buffer, folder?: string): Promise<void>;
  unseen(folder?: string): Promise<number[]>;
  count(folder: string): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A real Dovecot IMAP server for the tests: its own config, users and maildirs in a temp dir,
 * listening on a free loopback port. `dovecot -F` runs in the foreground as our child process.
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'kdv-'));
  chmodSync(dir, 0o777);
  mkdirSync(join(dir, 'mail'), { mode: 0o777 });
  chmodSync(join(dir, 'mail'), 0o777);
  const port = await freePort();
  const user = 'support@kefu.test';
  const pass = 'imap-secret-1';
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${pass}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = root
default_internal_group = root
default_login_user = nobody
first_valid_uid = 0
log_path = ${dir}/dovecot.log
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir}/mail/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
`,
  );
  let proc: ChildProcess | null = null;
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
  const d: Dovecot = {
    port,
    user,
    pass,
    async client() {
      const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
      c.on('error', () => {});
      await c.connect();
      return c;
    },
    async append(raw, folder = 'INBOX') {
      const c = await d.client();
      try {
        await c.append(folder, raw);
      } finally {
        await c.logout();
      }
    },
    async unseen(folder = 'INBOX') {
      const c = await d.client();
      try {
        const lock = await c.getMailboxLock(folder);
        try {
          return (await c.search({ seen: false }, { uid: true })) || [];
        } finally {
          lock.release();
        }
      } finally {
        await c.logout();
      }
    },
    async count(folder) {
      const c = await d.client();
      try {
        const st = await c.status(folder, { messages: true });
        return st ? (st.messages ?? 0) : 0;
      } finally {
        await c.logout();
      }
    },
    async start() {
      proc = spawn('/usr/sbin/dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
      const deadline = Date.now() + 15_000;
      while (!(await listening())) {
        if (Date.now() > deadline) throw new Error('dovecot did not start');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      const p = proc;
      proc = null;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
      while (await listening()) await new Promise((r) => setTimeout(r, 50));
    },
    async destroy() {
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await d.start();
  return d;
}
