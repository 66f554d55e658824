#!/usr/bin/env bash
# Make sure the Chinese (CJK) fonts of `luoshi report` are installed. Idempotent:
# does nothing when fontconfig already knows a Song/Ming (宋体/明体) TrueType face,
# which PDFs are set in (reportlab embeds TrueType outlines only; Noto CJK is
# OpenType/CFF).
#   fonts-arphic-uming  AR PL UMing, a freely licensed Ming (Song-style) TrueType
#                       collection: the PDF body face, like 仿宋/宋体 in the Word version
#   fonts-wqy-zenhei    WenQuanYi Zen Hei, a TrueType sans
#   fonts-noto-cjk      OpenType/CFF: the nicest for charts (matplotlib)
# Installs them with apt-get when run as root (as on CI); otherwise says what to
# install and exits 0, so `make setup` still works (the report tests then fail
# with a message naming the package).
set -euo pipefail
if command -v fc-list >/dev/null 2>&1 \
  && fc-list :lang=zh file | grep -qiE 'uming|gbsn00lp'; then
  exit 0
fi
packages="fonts-arphic-uming fonts-wqy-zenhei fonts-noto-cjk"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-fonts: no Chinese Song/Ming TrueType font found; install one, e.g. sudo apt-get install $packages" >&2
  exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "install-fonts: installing $packages" >&2
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages; } >"$log" 2>&1 \
  || { cat "$log" >&2; echo "install-fonts: could not install $packages" >&2; exit 1; }
command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
