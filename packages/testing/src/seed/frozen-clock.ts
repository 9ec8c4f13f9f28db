/** A clock that only moves when told to. */
export interface FrozenClock {
  now(): Date;
  /** `now()` as `YYYY-MM-DD`. */
  today(): string;
  advance(ms: number): Date;
  set(at: Date | string): Date;
}

/**
 * A frozen clock for time-dependent tests: build inputs (due dates, work dates, "3 days
 * from now") from it, and pass its `now()` to `seedFirm({ now })`, so a test gives the same
 * answer every day. It does not change the database's `now()`: for queries relative to the
 * server's clock (`overdue`, `dueWithin`), create data relative to `clock.now()` close to
 * real time, or pin the JS clock too with `vi.useFakeTimers({ now: clock.now(), toFake: ['Date'] })`.
 *
 * @example
 * ```ts
 * const clock = frozenClock('2026-11-24T09:00:00Z');
 * await t.tasks.create({ title: 'File', kind: 'deadline', dueAt: clock.advance(3 * 86_400_000).toISOString() });
 * ```
 */
export function frozenClock(at: Date | string = '2026-06-30T12:00:00Z'): FrozenClock {
  let current = new Date(at).getTime();
  if (Number.isNaN(current)) throw new TypeError(`frozenClock: not a date: ${String(at)}`);
  return {
    now: () => new Date(current),
    today: () => new Date(current).toISOString().slice(0, 10),
    advance(ms) {
      current += ms;
      return new Date(current);
    },
    set(to) {
      current = new Date(to).getTime();
      return new Date(current);
    },
  };
}
