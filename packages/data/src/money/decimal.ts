/**
 * Exact decimal arithmetic for money strings (as PostgreSQL's numeric returns them): an amount
 * as an integer count of its smallest unit, never a float.
 */

/** `"12.5"` with 2 places → `1250n`; `"-0.0001"` with 4 places → `-1n`. Extra decimals are cut. */
export function toUnits(amount: string, places: number): bigint {
  const negative = amount.trim().startsWith('-');
  const [whole = '0', frac = ''] = amount.trim().replace(/^[-+]/, '').split('.');
  const units = BigInt(whole || '0') * 10n ** BigInt(places) + BigInt(frac.padEnd(places, '0').slice(0, places) || '0');
  return negative ? -units : units;
}

/** `"12.5"` → `1250n` cents (an amount of the SDK: at most two decimals). */
export function toCents(amount: string): bigint {
  return toUnits(amount, 2);
}

/** `1250n` cents → `"12.50"`; `-5n` → `"-0.05"`. */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
