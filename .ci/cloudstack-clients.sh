#!/usr/bin/env bash
# Installs the real CloudStack clients the test suite drives (test/cloudstack): the cs CLI,
# Apache Libcloud and the Go SDK, from Debian's packages, when they are missing.
set -uo pipefail
packages=(cs python3-cs python3-libcloud golang-go golang-github-xanzy-go-cloudstack-dev)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "cloudstack-clients: not root and no sudo: the CloudStack client tests will be skipped" >&2
  exit 0
fi
SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null || echo "cloudstack-clients: apt-get update failed" >&2
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
  echo "cloudstack-clients: could not install ${missing[*]}: those client tests will be skipped" >&2
exit 0
