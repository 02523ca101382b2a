#!/usr/bin/env bash
# Builds the test OpenTelemetry Collector (tools/otelcol: OTLP receiver, file exporter) once, from
# the Go module proxy, into the user's cache, and prints the binary's path. Idempotent: a cached
# binary built from the same go.mod/go.sum/main.go is reused.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${here}/tools/otelcol"
key="$(cat "${src}/go.mod" "${src}/go.sum" "${src}/main.go" | sha256sum | cut -c1-16)"
out="${XDG_CACHE_HOME:-$HOME/.cache}/snowpipe-ts/otelcol-${key}"
if [ ! -x "${out}/otelcol" ]; then
  mkdir -p "${out}"
  (cd "${src}" && go build -trimpath -o "${out}/otelcol.tmp" . >&2)
  mv "${out}/otelcol.tmp" "${out}/otelcol"
fi
echo "${out}/otelcol"
