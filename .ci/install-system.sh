#!/usr/bin/env bash
# System packages the test suite uses: Debian's Chromium (browser tests; never a downloaded browser),
# CJK fonts (readable screenshots), Dovecot (a real IMAP server for the mailbox tests), and oathtool
# (an independent TOTP implementation the security tests check codes against).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v oathtool >/dev/null 2>&1 || need+=(oathtool)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
