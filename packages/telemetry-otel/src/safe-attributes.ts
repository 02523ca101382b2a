import type { Attributes } from '@opentelemetry/api';
import type { OtelTelemetryAttributes } from './port-types.js';
import { REDACTED, SECRET_VALUE } from './secret-patterns.js';

/** Attribute keys that never carry anything but a credential. */
const SECRET_KEY =
  /authorization|password|passphrase|secret|private_?key|credential|cookie|bearer|jwt|(access|refresh|id|scoped|session|auth)_?token/i;
/** What a label such as `error.type` may look like: a code or class name, nothing free-form. */
const ERROR_TYPE = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Copies the client's attributes into OpenTelemetry attributes: drops `undefined` values, gives a
 * key without a namespace (no `.`) the `snowpipe.` prefix (`channel` → `snowpipe.channel`), drops
 * keys that name a credential and replaces values that look like one (a JWT, a `Bearer …`
 * header, a PEM block) with `REDACTED`. The port promises no secrets; this is defence in depth.
 */
export function safeAttributes(attributes: OtelTelemetryAttributes | undefined): Attributes {
  const out: Attributes = {};
  if (attributes === undefined) return out;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === undefined || SECRET_KEY.test(key)) continue;
    out[key.includes('.') ? key : `snowpipe.${key}`] =
      typeof value === 'string' && SECRET_VALUE.test(value) ? REDACTED : value;
  }
  return out;
}

/**
 * A bounded label (an `error.type`, a token kind, …): `value` when it looks like a code or class
 * name, else `_OTHER` (the semconv fallback). Never a message.
 */
export function safeLabel(value: string | undefined): string {
  if (value === undefined || !ERROR_TYPE.test(value) || SECRET_VALUE.test(value)) return '_OTHER';
  return value;
}

/**
 * `error.type` for an arbitrary thrown value: its string `code`, else its `name`, else `_OTHER`.
 * The message is never read: it may carry anything.
 */
export function errorTypeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && ERROR_TYPE.test(code)) return safeLabel(code);
    if (typeof name === 'string') return safeLabel(name);
  }
  return '_OTHER';
}
