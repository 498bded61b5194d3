// The Cognito user pool stand-in: its users and groups. users.json is the seed; with a state file (the data folder)
// every change is written there, so sign-in, the admin API and a restarted stack all see the same users.
import crypto from 'node:crypto';
import fs from 'node:fs';

/** As Cognito: after this many failed sign-ins in a row a user is locked out for 1 s, doubling per further failure. */
export const FAILURES_BEFORE_LOCKOUT = 5;
const MAX_LOCKOUT_MS = 15 * 60 * 1000;

export const DEFAULT_USER_POOL_ID = 'local_portal';

// The CDK pool's policy (infra/Portal.Infra/Identity/IdentityStack.cs): 12+ characters, upper, lower, digit, symbol.
const PASSWORD_RULES = [
  [(p) => p.length >= 12, 'Password not long enough'],
  [(p) => /[A-Z]/.test(p), 'Password must have uppercase characters'],
  [(p) => /[a-z]/.test(p), 'Password must have lowercase characters'],
  [(p) => /[0-9]/.test(p), 'Password must have numeric characters'],
  [(p) => /[^A-Za-z0-9]/.test(p), 'Password must have symbol characters'],
];

/** Cognito's InvalidPasswordException text for a password outside the policy, or undefined when it conforms. */
export function passwordPolicyProblem(password) {
  const broken = PASSWORD_RULES.find(([ok]) => !ok(String(password)));
  return broken ? `Password does not conform to policy: ${broken[1]}` : undefined;
}

function hashPassword(password) {
  const salt = crypto.randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${crypto.scryptSync(String(password), salt, 32).toString('base64')}`;
}

function passwordMatches(stored, password) {
  const [, salt, hash] = stored.split('$');
  const expected = Buffer.from(hash, 'base64');
  const actual = crypto.scryptSync(String(password), Buffer.from(salt, 'base64'), expected.length);
  return crypto.timingSafeEqual(expected, actual);
}

// Compared against when the username is unknown, so a wrong username costs as long as a wrong password.
const UNKNOWN_USER_HASH = hashPassword(crypto.randomBytes(16).toString('hex'));

function seedUser(user, now) {
  for (const field of ['username', 'password', 'sub', 'email']) {
    if (typeof user[field] !== 'string' || user[field] === '') {
      throw new Error(`users.json: user ${JSON.stringify(user.username ?? '?')} needs a non-empty "${field}".`);
    }
  }
  if (!Array.isArray(user.groups)) {
    throw new Error(`users.json: user "${user.username}" needs "groups": an array, [] for none.`);
  }
  return {
    username: user.username,
    sub: user.sub,
    email: user.email,
    emailVerified: true,
    passwordHash: hashPassword(user.password),
    status: 'CONFIRMED',
    enabled: true,
    groups: [...user.groups],
    createdAt: now,
    modifiedAt: now,
    signedOutAt: 0,
  };
}

export class UserDirectory {
  #byUsername = new Map();
  #groups = new Map();
  /** username -> { failures, lockedUntil } (in memory, like the stand-in's sessions). */
  #attempts = new Map();
  #stateFile;

  /** From seed users (plain passwords); groups the users name are created when not listed. */
  constructor(users, { userPoolId = DEFAULT_USER_POOL_ID, groups = [], stateFile, now = Date.now() } = {}) {
    this.userPoolId = userPoolId;
    this.#stateFile = stateFile;
    const seeded = users.map((user) => seedUser(user, now));
    const named = [...groups, ...seeded.flatMap((user) => user.groups.map((name) => ({ name })))];
    for (const group of named) {
      if (!this.#groups.has(group.name)) this.#groups.set(group.name, { description: '', ...group, createdAt: now, modifiedAt: now });
    }
    for (const user of seeded) this.#byUsername.set(user.username, user);
  }

  /** The pool as last saved in `stateFile`, else seeded from `seedFile` (users.json) and saved. */
  static open({ seedFile, stateFile }) {
    if (stateFile && fs.existsSync(stateFile)) {
      const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
      const directory = new UserDirectory([], { userPoolId: state.userPoolId, stateFile });
      for (const group of state.groups) directory.#groups.set(group.name, group);
      for (const user of state.users) directory.#byUsername.set(user.username, user);
      return directory;
    }
    const seed = JSON.parse(fs.readFileSync(seedFile, 'utf8'));
    const directory = new UserDirectory(seed.users, { userPoolId: seed.userPoolId, groups: seed.groups, stateFile });
    directory.save();
    return directory;
  }

  static fromFile(file) {
    return UserDirectory.open({ seedFile: file });
  }

  /** Writes the whole pool (write, then rename: a crash never leaves half a file). */
  save() {
    if (!this.#stateFile) return;
    const state = { userPoolId: this.userPoolId, groups: [...this.#groups.values()], users: [...this.#byUsername.values()] };
    fs.writeFileSync(`${this.#stateFile}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
    fs.renameSync(`${this.#stateFile}.tmp`, this.#stateFile);
  }

  /**
   * A sign-in attempt with Cognito's lockout: `{ user }`, `{ wrong: true }`, `{ locked: true }` while the username is
   * locked out (even a right password is refused then), or `{ disabled: true }` for the right password of a disabled
   * user. Unknown usernames are counted the same, so the answers do not tell which usernames exist.
   */
  signIn(username, password, now = Date.now()) {
    const attempts = this.#attempts.get(username) ?? { failures: 0, lockedUntil: 0 };
    if (now < attempts.lockedUntil) return { locked: true };
    const user = this.#byUsername.get(username);
    if (passwordMatches(user?.passwordHash ?? UNKNOWN_USER_HASH, password) && user) {
      this.#attempts.delete(username);
      return user.enabled ? { user } : { disabled: true };
    }
    attempts.failures += 1;
    if (attempts.failures >= FAILURES_BEFORE_LOCKOUT) {
      attempts.lockedUntil = now + Math.min(1000 * 2 ** (attempts.failures - FAILURES_BEFORE_LOCKOUT), MAX_LOCKOUT_MS);
    }
    this.#attempts.set(username, attempts);
    return { wrong: true };
  }

  /** The new password of a user who signed in with a temporary one (FORCE_CHANGE_PASSWORD). */
  setPermanentPassword(username, password, now = Date.now()) {
    const user = this.#byUsername.get(username);
    Object.assign(user, { passwordHash: hashPassword(password), status: 'CONFIRMED', modifiedAt: now });
    this.save();
  }

  findBySub(sub) {
    return [...this.#byUsername.values()].find((user) => user.sub === sub);
  }

  /** The user tokens may be issued for: enabled, and (for a token or session from before a global sign-out) not signed out. */
  activeBySub(sub, issuedAtSeconds) {
    const user = this.findBySub(sub);
    if (!user?.enabled) return undefined;
    return issuedAtSeconds !== undefined && issuedAtSeconds <= user.signedOutAt ? undefined : user;
  }

  find(username) {
    return this.#byUsername.get(username);
  }

  /** Every user, ordered by username (the order ListUsers pages in). */
  list() {
    return [...this.#byUsername.values()].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  group(name) {
    return this.#groups.get(name);
  }

  create({ username, email, temporaryPassword }, now = Date.now()) {
    const user = {
      username,
      sub: crypto.randomUUID(),
      email,
      emailVerified: true,
      passwordHash: hashPassword(temporaryPassword),
      status: 'FORCE_CHANGE_PASSWORD',
      enabled: true,
      groups: [],
      createdAt: now,
      modifiedAt: now,
      signedOutAt: 0,
    };
    this.#byUsername.set(username, user);
    this.save();
    return user;
  }

  /** Applies a change to one user and saves the pool. */
  update(username, change, now = Date.now()) {
    const user = this.#byUsername.get(username);
    change(user);
    user.modifiedAt = now;
    this.save();
    return user;
  }
}

/**
 * Claims Cognito puts in an id_token. `cognito:groups` is left out when the user has no
 * groups, as Cognito does.
 */
export function idTokenClaims(user) {
  return {
    sub: user.sub,
    'cognito:username': user.username,
    ...(user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
    email: user.email,
    email_verified: user.emailVerified,
    token_use: 'id',
  };
}
