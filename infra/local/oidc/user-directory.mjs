// The Cognito user pool stand-in: users.json, looked up by username (sign-in) or sub (tokens).
import crypto from 'node:crypto';
import fs from 'node:fs';

function sameText(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** As Cognito: after this many failed sign-ins in a row a user is locked out for 1 s, doubling per further failure. */
export const FAILURES_BEFORE_LOCKOUT = 5;
const MAX_LOCKOUT_MS = 15 * 60 * 1000;

export class UserDirectory {
  #byUsername = new Map();
  #bySub = new Map();
  /** username -> { failures, lockedUntil } (in memory, like the stand-in's sessions). */
  #attempts = new Map();

  constructor(users) {
    for (const user of users) {
      for (const field of ['username', 'password', 'sub', 'email']) {
        if (typeof user[field] !== 'string' || user[field] === '') {
          throw new Error(`users.json: user ${JSON.stringify(user.username ?? '?')} needs a non-empty "${field}".`);
        }
      }
      if (!Array.isArray(user.groups)) {
        throw new Error(`users.json: user "${user.username}" needs "groups": an array, [] for none.`);
      }
      this.#byUsername.set(user.username, user);
      this.#bySub.set(user.sub, user);
    }
  }

  static fromFile(file) {
    return new UserDirectory(JSON.parse(fs.readFileSync(file, 'utf8')).users);
  }

  /** The user when username and password match, else undefined. */
  verifyPassword(username, password) {
    const user = this.#byUsername.get(username);
    return user && sameText(user.password, password) ? user : undefined;
  }

  /**
   * A sign-in attempt with Cognito's lockout: `{ user }`, `{ wrong: true }`, or `{ locked: true }` while the
   * username is locked out (even a right password is refused then). Unknown usernames are counted the same,
   * so the answers do not tell which usernames exist.
   */
  signIn(username, password, now = Date.now()) {
    const attempts = this.#attempts.get(username) ?? { failures: 0, lockedUntil: 0 };
    if (now < attempts.lockedUntil) return { locked: true };
    const user = this.verifyPassword(username, password);
    if (user) {
      this.#attempts.delete(username);
      return { user };
    }
    attempts.failures += 1;
    if (attempts.failures >= FAILURES_BEFORE_LOCKOUT) {
      attempts.lockedUntil = now + Math.min(1000 * 2 ** (attempts.failures - FAILURES_BEFORE_LOCKOUT), MAX_LOCKOUT_MS);
    }
    this.#attempts.set(username, attempts);
    return { wrong: true };
  }

  findBySub(sub) {
    return this.#bySub.get(sub);
  }
}

/**
 * Claims Cognito puts in an id_token. `cognito:groups` is left out when the user has no
 * groups, as Cognito does; email_verified is true for these seeded users.
 */
export function idTokenClaims(user) {
  return {
    sub: user.sub,
    'cognito:username': user.username,
    ...(user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
    email: user.email,
    email_verified: true,
    token_use: 'id',
  };
}
