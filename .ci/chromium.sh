#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing, and prints its path.
set -euo pipefail
for name in chromium chromium-browser google-chrome; do
  if p=$(command -v "$name"); then echo "$p"; exit 0; fi
done
echo "chromium.sh: installing Debian's chromium" >&2
export DEBIAN_FRONTEND=noninteractive
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq chromium >&2
command -v chromium
