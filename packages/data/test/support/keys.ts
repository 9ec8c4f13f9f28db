import { randomBytes } from 'node:crypto';

/** A fresh key ring for a test: two AES keys and a blind-index key (base64). */
export function testKeys() {
  return {
    k1: randomBytes(32).toString('base64'),
    k2: randomBytes(32).toString('base64'),
    blindIndexKey: randomBytes(32).toString('base64'),
  };
}
