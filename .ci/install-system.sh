#!/usr/bin/env bash
# System packages the test suite uses: Debian's Chromium (browser tests; never a downloaded browser),
# CJK fonts (readable screenshots), Dovecot (a real IMAP server for the mailbox tests), and oathtool
# (an independent TOTP implementation the security tests check codes against).
# The list and the install live in scripts/ensure-system.mjs, which `npm test` also runs first.
set -euo pipefail
exec node "$(dirname "$0")/../scripts/ensure-system.mjs"
