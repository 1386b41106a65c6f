#!/usr/bin/env bash
# Installs the Debian packages Boostburn builds and tests with, only when one
# is missing (apt-get runs only then; sudo when not root). Idempotent.
# Extra package names given as arguments are installed the same way
# (e.g. `tools/install-deps.sh gcovr` for make coverage; make fuzz passes
# clang and libclang-rt-14-dev, which holds libFuzzer and the sanitizer runtimes).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config make python3
  libsimdjson-dev libdeflate-dev libdeflate-tools libisal-dev zlib1g-dev libxxhash-dev
  libyaml-cpp-dev libyaml-dev libcli11-dev libfmt-dev libexpected-dev nlohmann-json3-dev
  libcurl4-openssl-dev libssl-dev libpugixml-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  "$@"
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# python3 may come from elsewhere (pyenv); the Debian packages are only needed
# when the python3 on PATH lacks them (the golden set reads YAML with PyYAML).
if command -v python3 >/dev/null 2>&1; then
  missing=("${missing[@]/python3}")
  if ! python3 -c 'import yaml' >/dev/null 2>&1; then
    missing+=(python3-yaml)
  fi
else
  missing+=(python3-yaml)
fi
read -r -a missing <<< "${missing[*]:-}"
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
echo "installing missing packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
