#!/usr/bin/env bash
# Installs Snowflake's official Python SDK (PyPI `snowpipe-streaming`) into a venv under the
# cache directory, once, and prints the venv's python on stdout (progress goes to stderr).
# Used by packages/sdk-parity through SNOWPIPE_OFFICIAL_SDK_PYTHON. Idempotent and bounded.
set -euo pipefail

SDK_VERSION="1.9.1"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/snowpipe-ts/py-sdk/venv"
PY="${VENV}/bin/python"

installed_version() {
  "${PY}" -c 'import importlib.metadata as m; print(m.version("snowpipe-streaming"))' 2>/dev/null || true
}

command -v openssl >/dev/null || { echo "openssl is required to make the test CA" >&2; exit 1; }
if [ ! -x "${PY}" ]; then
  echo "creating ${VENV}" >&2
  timeout 120 python3 -m venv "${VENV}" >&2
fi
if [ "$(installed_version)" != "${SDK_VERSION}" ]; then
  echo "installing snowpipe-streaming==${SDK_VERSION}" >&2
  timeout 600 "${PY}" -m pip install --quiet --disable-pip-version-check \
    "snowpipe-streaming==${SDK_VERSION}" >&2
fi
timeout 60 "${PY}" -c 'from snowflake.ingest.streaming import StreamingIngestClient' >&2
echo "${PY}"
