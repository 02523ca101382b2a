import { isPlainJson } from './is-plain-json.js';
import { binaryString, dateString, nonFiniteString } from './scalar-strings.js';
import { enter, writeObject } from './write-value.js';
import type { WriteContext } from './write-value.js';
import { unsupportedValue } from './unsupported-value.js';

const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

/** Thrown inside {@link convertRow} when a BigInt (or -0) sits below the top level: the writer takes over. */
const NESTED_BIGINT = new Error('a BigInt below the top level');

/**
 * The careful path for a row that is not plain. A spread copy of the row (V8 clones an object of
 * a known shape in one step) gets its special values replaced by what JSON should carry, and one
 * `JSON.stringify` writes it. A top-level BigInt has no such stand-in: its property is set to
 * undefined (which JSON leaves out) and `"key":digits` is appended after the others, so BigInt
 * columns come last in the object (key order carries no meaning in a row). A BigInt nested
 * deeper sends the whole row through {@link writeObject}, which writes every value itself.
 */
export function convertRow(ctx: WriteContext, record: Record<string, unknown>): string {
  enter(ctx, record);
  const copy: Record<string, unknown> = { ...record };
  let tail = '';
  try {
    for (const key in copy) {
      const item = copy[key];
      if (typeof item === 'bigint' || (item === 0 && 1 / item < 0)) {
        // JSON.stringify cannot write either exactly (a BigInt throws, -0 loses its sign).
        copy[key] = undefined;
        tail += `,${JSON.stringify(key)}:${typeof item === 'bigint' ? item.toString() : '-0'}`;
      } else if (!isPlainJson(item, 1)) {
        ctx.path.push(key);
        copy[key] = convertValue(ctx, item, key, false);
        ctx.path.pop();
      }
    }
  } catch (error) {
    if (error !== NESTED_BIGINT) throw error;
    ctx.ancestors.length = 0;
    ctx.path.length = 0;
    return writeObject(ctx, record);
  }
  ctx.ancestors.pop();
  const text = JSON.stringify(copy);
  if (tail === '') return text;
  return text.length === 2 ? `{${tail.slice(1)}}` : `${text.slice(0, -1)}${tail}}`;
}

/** A nested value as what `JSON.stringify` should see (the same rules as `writeValue`). */
function convertValue(ctx: WriteContext, value: unknown, key: string, viaToJSON: boolean): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (value === 0 && 1 / value < 0) throw NESTED_BIGINT;
      return value - value === 0 ? value : nonFiniteString(value);
    case 'bigint':
      throw NESTED_BIGINT;
    case 'undefined':
      // The official SDK accepts undefined; it is sent as null (see the README's type table).
      return null;
    case 'object':
      break;
    default:
      throw unsupportedValue(ctx.rowIndex, ctx.path, value);
  }
  if (value === null) return null;
  if (ArrayBuffer.isView(value)) return binaryString(ctx, value);
  if (value instanceof Date) return dateString(ctx, value);
  if (!viaToJSON && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const replaced: unknown = (value as { toJSON(key: string): unknown }).toJSON(key);
    return convertValue(ctx, replaced, key, true);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== ARRAY_PROTOTYPE && proto !== OBJECT_PROTOTYPE && proto !== null) {
    throw unsupportedValue(ctx.rowIndex, ctx.path, value);
  }
  enter(ctx, value);
  let out: unknown;
  if (proto === ARRAY_PROTOTYPE) {
    const items = value as unknown[];
    const copy = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      ctx.path.push(i);
      copy[i] = isPlainJson(item, 0) ? item : convertValue(ctx, item, String(i), false);
      ctx.path.pop();
    }
    out = copy;
  } else {
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[k];
      ctx.path.push(k);
      copy[k] = isPlainJson(item, 0) ? item : convertValue(ctx, item, k, false);
      ctx.path.pop();
    }
    out = copy;
  }
  ctx.ancestors.pop();
  return out;
}
