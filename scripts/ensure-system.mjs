#!/usr/bin/env node
// System packages the test suite needs beyond Node: Debian's Chromium (browser tests; never a downloaded browser),
// CJK fonts (readable screenshots), Dovecot (a real IMAP server for the mailbox tests) and oathtool (an independent
// TOTP implementation the security tests check codes against). `npm test` runs this first: when some are missing and
// this user can install packages (root with apt-get), it installs them; otherwise it stops at once and names them.
// Used by .ci/install-system.sh too. KEFU_SYSTEM_CHECK_ROOT (tests only) looks for everything, apt-get included,
// under another root.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.env.KEFU_SYSTEM_CHECK_ROOT ?? '';
const onPath = (cmd) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((d) => join(d, cmd))
    .find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
const executable = (p) => {
  try {
    accessSync(root + p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const hasCjkFonts = () =>
  ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/noto'].some((d) => {
    try {
      return readdirSync(root + d).some((f) => /CJK/i.test(f));
    } catch {
      return false;
    }
  });

/** Debian package name → how the tests find it. */
export const SYSTEM_PACKAGES = [
  { pkg: 'chromium', present: () => (process.env.KEFU_CHROMIUM ? existsSync(process.env.KEFU_CHROMIUM) : executable('/usr/bin/chromium')) },
  { pkg: 'fonts-noto-cjk', present: hasCjkFonts },
  { pkg: 'dovecot-imapd', present: () => executable('/usr/sbin/dovecot') },
  { pkg: 'oathtool', present: () => executable('/usr/bin/oathtool') },
];

export const missingPackages = () => SYSTEM_PACKAGES.filter((p) => !p.present()).map((p) => p.pkg);

/** Returns 0 when everything is there (installing it if this user can), 1 after naming what to install. */
export function ensureSystem() {
  const need = missingPackages();
  if (!need.length) return 0;
  const aptGet = root ? (executable('/usr/bin/apt-get') ? `${root}/usr/bin/apt-get` : undefined) : onPath('apt-get');
  if (process.getuid?.() !== 0 || !aptGet) {
    process.stderr.write(
      `kefu: the tests need these system packages, which are missing: ${need.join(' ')}\n` +
        `Install them (Debian/Ubuntu), then run the tests again:\n  sudo apt-get install -y --no-install-recommends ${need.join(' ')}\n`,
    );
    return 1;
  }
  process.stderr.write(`kefu: installing system packages the tests need: ${need.join(' ')}…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync(aptGet, ['update', '-qq'], { stdio: ['ignore', 2, 'inherit'], env });
    execFileSync(aptGet, ['install', '-y', '-qq', '--no-install-recommends', ...need], { stdio: ['ignore', 2, 'inherit'], env });
  } catch (e) {
    process.stderr.write(
      `kefu: installing ${need.join(' ')} failed (${e.status != null ? `exit code ${e.status}` : e.message}); install them and run the tests again.\n`,
    );
    return 1;
  }
  const still = missingPackages();
  if (still.length) {
    process.stderr.write(`kefu: still missing after apt-get install: ${still.join(' ')}\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(ensureSystem());
