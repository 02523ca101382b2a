const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

/**
 * Nesting beyond this takes the careful path, which also finds cycles (the quick check has no
 * cycle detection of its own: it gives up at this depth instead).
 */
const MAX_QUICK_DEPTH = 64;

/**
 * True when `JSON.stringify(value)` writes exactly the value Snowflake should receive: strings,
 * finite numbers, booleans, null, and arrays and plain objects (prototype `Object.prototype` or
 * `null`, no `toJSON`) of those. Anything else (BigInt, binary, Date, NaN, ±Infinity, undefined,
 * toJSON, other objects) answers false and is left to the careful path, which converts or
 * refuses it. No allocation: this is the plain-row fast path.
 */
export function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // Finite numbers only (NaN - NaN and Infinity - Infinity are NaN), and not -0, which JSON
      // would write as 0.
      return value - value === 0 && (value !== 0 || 1 / value > 0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_QUICK_DEPTH) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === ARRAY_PROTOTYPE) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      // A hole reads as undefined, which is not plain: JSON would write null silently.
      if (!isPlainJson(items[i], depth + 1)) return false;
    }
    return true;
  }
  return isPlainObject(value, proto, depth);
}

/** The object half of {@link isPlainJson} (also used for the row itself, at depth 0). */
export function isPlainObject(value: object, proto: unknown, depth: number): boolean {
  if (proto !== OBJECT_PROTOTYPE && proto !== null) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return false;
  for (const key in record) {
    if (!isPlainJson(record[key], depth + 1)) return false;
  }
  return true;
}
