/** What replaces a secret-looking value (the OpenTelemetry semconv convention). */
export const REDACTED = 'REDACTED';

/** Values that look like a credential: a JWT, a `Bearer …` header or a PEM block. */
export const SECRET_VALUE = /eyJ[\w-]+\.[\w-]+\.|^\s*bearer\s|-----BEGIN/i;
