import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

// `npm test` on a machine without the system packages the tests use: it must stop at once and name them
// (or install them, as root with apt-get). KEFU_SYSTEM_CHECK_ROOT makes the check look at a fake machine.
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const fakeMachine = (files: string[]) => {
  const d = mkdtempSync(join(tmpdir(), 'kefu-system-'));
  dirs.push(d);
  for (const f of files) {
    mkdirSync(join(d, dirname(f)), { recursive: true });
    writeFileSync(join(d, f), '');
    chmodSync(join(d, f), 0o755);
  }
  return d;
};
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      out += s;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`timed out: ${out}`));
    }, 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, out, ms: Date.now() - t0 });
    });
  });
}
/** The check looks at the fake machine only, apt-get included (none unless the fake machine has one). */
const env = (fakeRoot: string): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, KEFU_SYSTEM_CHECK_ROOT: fakeRoot };
  delete e.KEFU_CHROMIUM;
  return e;
};

it('`npm test` on a machine lacking Chromium, CJK fonts, Dovecot and oathtool, where it cannot install them (no apt-get), stops at once and names them', async () => {
  const bare = fakeMachine([]);
  const r = await run(join(dirname(process.execPath), 'npm'), ['test'], env(bare));
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('kefu: the tests need these system packages, which are missing: chromium fonts-noto-cjk dovecot-imapd oathtool');
  expect(r.out).toContain('sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk dovecot-imapd oathtool');
  expect(r.out).not.toMatch(/RUN\s+v\d/); // no test ran: vitest never started
  expect(r.ms).toBeLessThan(30_000);
});

it.skipIf(process.getuid?.() !== 0)('as root with apt-get, installs the missing packages itself and goes on', async () => {
  const bare = fakeMachine(['usr/bin/apt-get']);
  const log = join(bare, 'apt.log');
  // A stand-in for apt-get that "installs" by creating the files the check looks for on the fake machine.
  writeFileSync(
    join(bare, 'usr/bin/apt-get'),
    `#!/bin/sh
echo "apt-get $*" >> ${JSON.stringify(log)}
[ "$1" = install ] || exit 0
mkdir -p "$KEFU_SYSTEM_CHECK_ROOT/usr/bin" "$KEFU_SYSTEM_CHECK_ROOT/usr/sbin" "$KEFU_SYSTEM_CHECK_ROOT/usr/share/fonts/opentype/noto"
for f in usr/bin/chromium usr/sbin/dovecot usr/bin/oathtool usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc; do touch "$KEFU_SYSTEM_CHECK_ROOT/$f"; chmod +x "$KEFU_SYSTEM_CHECK_ROOT/$f"; done
`,
  );
  const r = await run(process.execPath, ['scripts/ensure-system.mjs'], env(bare));
  expect(r.out).toContain('kefu: installing system packages the tests need: chromium fonts-noto-cjk dovecot-imapd oathtool');
  expect(r.code).toBe(0);
  expect(readFileSync(log, 'utf8')).toBe(
    'apt-get update -qq\napt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk dovecot-imapd oathtool\n',
  );
});

it('names only what is missing, and passes silently when everything is there', async () => {
  const some = fakeMachine(['usr/bin/chromium', 'usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc']);
  const partial = await run(process.execPath, ['scripts/ensure-system.mjs'], env(some));
  expect(partial.code).toBe(1);
  expect(partial.out).toContain('missing: dovecot-imapd oathtool\n');

  const full = fakeMachine([
    'usr/bin/chromium',
    'usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    'usr/sbin/dovecot',
    'usr/bin/oathtool',
  ]);
  expect(await run(process.execPath, ['scripts/ensure-system.mjs'], env(full))).toMatchObject({ code: 0, out: '' });
  // CI's installer is the same check.
  expect(await run('/bin/bash', ['.ci/install-system.sh'], env(full))).toMatchObject({ code: 0, out: '' });
});
