// What limits the Cognito admin API stand-in as Cognito limits it: request rates per operation category (the
// account's default quotas), and the daily email quota of Cognito's default email sender. Emails Cognito would send
// (the invitation with the temporary password) are written to an outbox file in the data folder instead.
import fs from 'node:fs';

// Cognito's default request rate quotas (requests per second) by category of the operations served here.
const CATEGORY_RPS = { UserCreation: 50, UserRead: 120, UserList: 30, UserUpdate: 25 };
export const CATEGORY = {
  AdminCreateUser: 'UserCreation',
  AdminGetUser: 'UserRead',
  AdminListGroupsForUser: 'UserRead',
  ListUsers: 'UserList',
  ListUsersInGroup: 'UserList',
  AdminAddUserToGroup: 'UserUpdate',
  AdminRemoveUserFromGroup: 'UserUpdate',
  AdminDisableUser: 'UserUpdate',
  AdminEnableUser: 'UserUpdate',
  AdminUserGlobalSignOut: 'UserUpdate',
};

/** Counts requests per category in the current second; `maxRps` (tests) caps every category's quota. */
export class RequestRates {
  #window = { second: -1, counts: new Map() };

  constructor(maxRps) {
    this.maxRps = maxRps;
  }

  /** True when one more request of the action's category fits in this second (and counts it). */
  admit(action, now = Date.now()) {
    const second = Math.floor(now / 1000);
    if (this.#window.second !== second) this.#window = { second, counts: new Map() };
    const category = CATEGORY[action];
    const used = this.#window.counts.get(category) ?? 0;
    if (used >= Math.min(CATEGORY_RPS[category], this.maxRps ?? Infinity)) return false;
    this.#window.counts.set(category, used + 1);
    return true;
  }
}

/** Cognito's default email sender allows a few emails a day (50 at the time of writing); the count is kept per UTC day. */
export class EmailOutbox {
  constructor({ file, perDay }) {
    this.file = file;
    this.perDay = perDay;
  }

  sentOn(day) {
    if (!fs.existsSync(this.file)) return 0;
    return fs.readFileSync(this.file, 'utf8').split('\n').filter((line) => line.startsWith(`{"at":"${day}`)).length;
  }

  /** Writes the email to the outbox; false when today's quota is used up (nothing written). */
  send({ to, subject, body }, now = new Date()) {
    const at = now.toISOString();
    if (this.sentOn(at.slice(0, 10)) >= this.perDay) return false;
    fs.appendFileSync(this.file, `${JSON.stringify({ at, to, subject, body })}\n`);
    return true;
  }
}
