const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_MS = 86_400_000;

/**
 * `Date#toISOString()` with `+00:00` in place of `Z`, for a valid time in epoch ms. Written out
 * by hand because `toISOString` costs about three times as much and Dates are common columns;
 * years outside 0000–9999 fall back to it (its expanded `±YYYYYY` form).
 */
export function formatUtcIso(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Civil date from a day count (Howard Hinnant's days_from_civil, inverted).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return `${new Date(ms).toISOString().slice(0, -1)}+00:00`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const y = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${y}-${TWO[month] as string}-${TWO[day] as string}T${TWO[hours] as string}:${TWO[minutes] as string}:${TWO[seconds] as string}.${THREE[millis] as string}+00:00`;
}
