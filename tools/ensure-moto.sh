#!/usr/bin/env bash
# The S3 tests need moto's server (and boto3) in the python3 on PATH. Tries a
# user install when they are missing (PyPI may be unreachable: then says so).
set -euo pipefail
if python3 -c 'import moto.server, boto3, flask' >/dev/null 2>&1; then
  exit 0
fi
echo "moto's server or boto3 is missing for $(command -v python3); trying: python3 -m pip install --user 'moto[server]' boto3" >&2
if python3 -m pip install --user --quiet 'moto[server]' boto3 >&2; then
  exit 0
fi
echo "error: the S3 tests need moto's server: install it with  python3 -m pip install 'moto[server]' boto3" >&2
exit 1
