/** A conversion outcome: the stored value, or why the row is rejected (no customer data in it). */
export type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `text` as sign, digits and a power of ten, or undefined when it is not a decimal number. */
function parseDecimal(
  text: string,
): { negative: boolean; digits: bigint; exponent: number } | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const whole = m[2] as string;
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return undefined;
  const exponent = Number(m[4] ?? '0') - fraction.length;
  return { negative: m[1] === '-', digits: BigInt(`${whole}${fraction}` || '0'), exponent };
}

/**
 * NUMBER(p,s): a JSON number or numeric string, rounded half away from zero to `scale` digits
 * (Snowflake rounds on conversion to a smaller scale); more than `precision - scale` integer
 * digits is out of range. Stored as its exact decimal text with `scale` fraction digits.
 */
export function toNumber(text: string, precision: number, scale: number): Converted {
  const d = parseDecimal(text);
  if (!d) return { ok: false, reason: 'numeric value is not recognized' };
  let scaled: bigint;
  const shift = d.exponent + scale;
  if (d.digits === 0n) scaled = 0n;
  else if (shift >= 0) {
    if (shift > precision) return { ok: false, reason: 'numeric value out of range' };
    scaled = d.digits * 10n ** BigInt(shift);
  } else if (-shift > 80) {
    scaled = 0n;
  } else {
    const divisor = 10n ** BigInt(-shift);
    scaled = d.digits / divisor;
    if ((d.digits % divisor) * 2n >= divisor) scaled += 1n;
  }
  if (scaled >= 10n ** BigInt(precision)) {
    return { ok: false, reason: 'numeric value out of range' };
  }
  let digits = scaled.toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return { ok: true, value: d.negative && scaled !== 0n ? `-${digits}` : digits };
}

const SPECIAL: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
};

/**
 * FLOAT: a JSON number, a numeric string, or one of Snowflake's special values 'NaN', 'inf',
 * '-inf' (case-insensitive). A number beyond the double range is out of range.
 */
export function toFloat(text: string, fromString: boolean): Converted {
  if (fromString) {
    const special = SPECIAL[text.trim().toLowerCase()];
    if (special !== undefined) return { ok: true, value: special };
    if (!parseDecimal(text)) return { ok: false, reason: 'numeric value is not recognized' };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, reason: 'numeric value out of range' };
  return { ok: true, value };
}
