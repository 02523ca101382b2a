import { isPlainJson } from './is-plain-json.js';
import { binaryString, dateString, nonFiniteString } from './scalar-strings.js';
import type { ValueSite } from './scalar-strings.js';
import { unsupportedValue } from './unsupported-value.js';

/** State of one careful encoding: where we are (for errors), what encloses us (for cycles). */
export interface WriteContext extends ValueSite {
  /** Objects and arrays enclosing the current value. */
  readonly ancestors: object[];
}

const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

/** `"key":` texts of the column names seen (rows repeat their keys); bounded. */
const KEY_TEXT = new Map<string, string>();
const MAX_CACHED_KEYS = 4096;

function keyText(key: string): string {
  let text = KEY_TEXT.get(key);
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`;
    if (KEY_TEXT.size < MAX_CACHED_KEYS) KEY_TEXT.set(key, text);
  }
  return text;
}

/** A number's JSON text: -0 keeps its sign (JSON.stringify drops it), specials become text. */
function numberText(value: number): string {
  if (value - value !== 0) return `"${nonFiniteString(value)}"`;
  return value === 0 && 1 / value < 0 ? '-0' : JSON.stringify(value);
}

/**
 * Writes one value as Snowflake should receive it: BigInt → its exact digits, binary →
 * `binaryInputFormat` text, Date → ISO 8601 with `+00:00`, NaN/±Infinity → 'NaN'/'inf'/'-inf',
 * undefined → null, `toJSON()` honoured, plain subtrees through `JSON.stringify`; anything the
 * official SDK does not document is refused. `key` is what `toJSON(key)` receives, as in JSON.
 */
export function writeValue(
  ctx: WriteContext,
  value: unknown,
  key: string,
  viaToJSON = false,
): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      // The official SDK accepts undefined; it is sent as null (see the README's type table).
      return 'null';
    case 'object':
      break;
    default:
      throw unsupportedValue(ctx.rowIndex, ctx.path, value);
  }
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return JSON.stringify(binaryString(ctx, value));
  if (value instanceof Date) return `"${dateString(ctx, value)}"`;
  if (!viaToJSON && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const replaced: unknown = (value as { toJSON(key: string): unknown }).toJSON(key);
    return writeValue(ctx, replaced, key, true);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === ARRAY_PROTOTYPE) return writeArray(ctx, value as unknown[]);
  if (proto === OBJECT_PROTOTYPE || proto === null) {
    return writeObject(ctx, value as Record<string, unknown>);
  }
  throw unsupportedValue(ctx.rowIndex, ctx.path, value);
}

export function enter(ctx: WriteContext, value: object): void {
  if (ctx.ancestors.includes(value)) {
    throw unsupportedValue(
      ctx.rowIndex,
      ctx.path,
      value,
      'a circular reference (the value contains itself)',
    );
  }
  ctx.ancestors.push(value);
}

function writeArray(ctx: WriteContext, items: unknown[]): string {
  enter(ctx, items);
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    ctx.path.push(i);
    out += `,${isPlainJson(item, 0) ? JSON.stringify(item) : writeValue(ctx, item, String(i))}`;
    ctx.path.pop();
  }
  ctx.ancestors.pop();
  return `[${out.slice(1)}]`;
}

/**
 * Writes a plain object (the row itself too), keys in the order `JSON.stringify` uses. Scalars
 * are written inline; only nested values pay for the path bookkeeping that errors need.
 */
export function writeObject(ctx: WriteContext, record: Record<string, unknown>): string {
  enter(ctx, record);
  let out = '';
  for (const key in record) {
    const item = record[key];
    let text: string;
    switch (typeof item) {
      case 'string':
        text = JSON.stringify(item);
        break;
      case 'boolean':
        text = item ? 'true' : 'false';
        break;
      case 'bigint':
        text = item.toString();
        break;
      case 'number':
        text = numberText(item);
        break;
      default:
        ctx.path.push(key);
        text = isPlainJson(item, 1) ? JSON.stringify(item) : writeValue(ctx, item, key);
        ctx.path.pop();
    }
    out += out === '' ? `{${keyText(key)}${text}` : `,${keyText(key)}${text}`;
  }
  ctx.ancestors.pop();
  return out === '' ? '{}' : `${out}}`;
}
