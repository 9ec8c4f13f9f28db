import bcrypt from 'bcryptjs';

/** A bcrypt hash of `password` with `cost` rounds. */
export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

const dummies = new Map<number, Promise<string>>();

/**
 * Compares a password with a hash; with `undefined` (an unknown email) it still spends the
 * time of one comparison against a dummy hash of the same cost, so the answer does not
 * reveal whether the email exists.
 */
export async function verifyPassword(password: string, hash: string | undefined, cost: number): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  let dummy = dummies.get(cost);
  if (!dummy) {
    dummy = bcrypt.hash('not-a-password-of-anyone', cost);
    dummies.set(cost, dummy);
  }
  await bcrypt.compare(password, await dummy);
  return false;
}

/** The cost (log2 rounds) a bcrypt hash was made with, or undefined for anything else. */
export function hashCost(hash: string): number | undefined {
  const match = /^\$2[aby]?\$(\d\d)\$/.exec(hash);
  return match ? Number(match[1]) : undefined;
}
