#!/usr/bin/env bash
# Installs the Debian packages SalesMesh needs to build, test and run locally:
#   PostgreSQL 15, Redis, RabbitMQ (started by the AppHost/test fixtures as private child
#   processes), Tesseract OCR with Simplified Chinese, h2load (nghttp2-client), and Chromium +
#   chromedriver for browser tests (with Noto CJK fonts, so screenshots show Chinese text).
# Idempotent: installs only what is missing and says so when nothing is. Never starts a
# system service (the AppHost runs its own instances on private ports).
# Usage: scripts/prereqs.sh [--check]   (--check: report only, exit 1 if something is missing)
set -euo pipefail

# package -> a file that proves it is installed and usable
declare -A probe=(
  [postgresql]=/usr/lib/postgresql/15/bin/postgres
  [redis-server]=/usr/bin/redis-server
  [rabbitmq-server]=/usr/lib/rabbitmq/bin/rabbitmq-server
  [tesseract-ocr]=/usr/bin/tesseract
  [tesseract-ocr-chi-sim]="/usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata"
  [nghttp2-client]=/usr/bin/h2load
  [chromium]=/usr/bin/chromium
  [chromium-driver]=/usr/bin/chromedriver
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
)
order=(postgresql redis-server rabbitmq-server tesseract-ocr tesseract-ocr-chi-sim nghttp2-client chromium chromium-driver fonts-noto-cjk)

installed() {
  # dpkg status is the truth; the probe file catches half-removed packages.
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" && compgen -G "${probe[$1]}" >/dev/null
}

missing=()
for package in "${order[@]}"; do
  if installed "$package"; then
    echo "ok       $package"
  else
    echo "missing  $package"
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "All prerequisites are installed; nothing to do."
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "Missing: ${missing[*]}" >&2
  exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "Need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

# Debian's maintainer scripts would start the daemons on their default ports. A policy-rc.d
# that answers 101 ("action forbidden") stops that; restore whatever was there before.
policy=/usr/sbin/policy-rc.d
backup=""
if [[ -e $policy ]]; then
  backup=$(mktemp)
  "${sudo[@]}" cp -p "$policy" "$backup"
fi
restore_policy() {
  if [[ -n $backup ]]; then
    "${sudo[@]}" cp -p "$backup" "$policy"
    rm -f "$backup"
  else
    "${sudo[@]}" rm -f "$policy"
  fi
}
trap restore_policy EXIT
printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
"${sudo[@]}" chmod 755 "$policy"

echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

# Verify with the same probes: a package that "installed" but lacks its binary is a failure.
failed=()
for package in "${missing[@]}"; do
  installed "$package" || failed+=("$package")
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "Still missing after install: ${failed[*]}" >&2
  exit 1
fi
echo "Installed: ${missing[*]}"
