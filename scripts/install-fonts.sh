#!/usr/bin/env bash
# Make sure a Chinese (CJK) font is installed, for the charts and PDFs of
# `luoshi report`. Idempotent: does nothing when fontconfig already knows a
# Chinese TrueType font (PDFs need one; Noto CJK alone is OpenType/CFF).
#   fonts-wqy-zenhei  TrueType collection: reportlab can embed it in PDFs
#   fonts-noto-cjk    OpenType/CFF: the nicest for charts (matplotlib)
# Installs both with apt-get when run as root (as on CI); otherwise says what to
# install and exits 0, so `make setup` still works (the report tests then fail
# with a message naming the package).
set -euo pipefail
if command -v fc-list >/dev/null 2>&1 \
  && fc-list :lang=zh file | grep -qiE 'wqy-(zen|micro)hei|uming|ukai|DroidSansFallback'; then
  exit 0
fi
packages="fonts-wqy-zenhei fonts-noto-cjk"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-fonts: no Chinese TrueType font found; install one, e.g. sudo apt-get install $packages" >&2
  exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "install-fonts: installing $packages" >&2
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages; } >"$log" 2>&1 \
  || { cat "$log" >&2; echo "install-fonts: could not install $packages" >&2; exit 1; }
command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
