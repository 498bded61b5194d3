// The Cognito user pool stand-in: users.json, looked up by username (sign-in) or sub (tokens).
import crypto from 'node:crypto';
import fs from 'node:fs';

function sameText(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export class UserDirectory {
  #byUsername = new Map();
  #bySub = new Map();

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
