// The Cognito Identity Provider admin API stand-in (`cognito-idp`, AWS JSON 1.1): POST / with
// X-Amz-Target: AWSCognitoIdentityProviderService.<Action>, over the same user directory the sign-in uses.
// Errors are Cognito's: HTTP 400, body {"__type": Code, "message": ...}, header X-Amzn-ErrorType.
// The Authorization header must be present and shaped like SigV4 for cognito-idp; its signature is not verified.
import crypto from 'node:crypto';

import { CATEGORY } from './admin-quotas.mjs';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY_BYTES = 64 * 1024;
const MAX_LIMIT = 60;
// ListUsers can search these standard attributes only (custom attributes are not searchable).
const SEARCHABLE = {
  username: (u) => u.username,
  email: (u) => u.email,
  sub: (u) => u.sub,
  'cognito:user_status': (u) => u.status,
  status: (u) => (u.enabled ? 'Enabled' : 'Disabled'),
  phone_number: () => undefined,
  name: () => undefined,
  given_name: () => undefined,
  family_name: () => undefined,
  preferred_username: () => undefined,
};
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export class CognitoError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const invalid = (message) => new CognitoError('InvalidParameterException', message);
const validation = (field, constraint, value = '') =>
  invalid(`1 validation error detected: Value ${value}at '${field}' failed to satisfy constraint: ${constraint}`);

function text(body, field, { pattern, pretty = field } = {}) {
  const value = body[field];
  if (value === undefined || value === null) throw validation(pretty, 'Member must not be null', 'null ');
  if (typeof value !== 'string') throw new CognitoError('SerializationException', `${field} must be a string`);
  if (pattern && !pattern.test(value)) throw validation(pretty, `Member must satisfy regular expression pattern: ${pattern.source}`);
  return value;
}

function limitOf(body) {
  const limit = body.Limit ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw validation('limit', `Member must have value less than or equal to ${MAX_LIMIT}`, `'${limit}' `);
  }
  return limit === 0 ? MAX_LIMIT : limit;
}

// Pagination tokens are opaque to callers: where the page ended and what it listed.
const encodeToken = (position) => Buffer.from(JSON.stringify(position)).toString('base64url');
function decodeToken(token, scope) {
  if (token === undefined || token === null) return undefined;
  try {
    const position = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8'));
    if (position.scope === scope && typeof position.after === 'string') return position.after;
  } catch {
    // fall through: not one of ours
  }
  throw invalid('Invalid pagination token: start again without one.');
}

/** One page of `items` (sorted by `key`) after the token's position, and the token of the next page. */
function page(items, key, body, tokenField, scope) {
  const after = decodeToken(body[tokenField], scope);
  const limit = limitOf(body);
  const rest = after === undefined ? items : items.filter((item) => key(item) > after);
  const slice = rest.slice(0, limit);
  const more = rest.length > limit;
  return { slice, next: more ? encodeToken({ scope, after: key(slice.at(-1)) }) : undefined };
}

function parseFilter(filter) {
  if (filter === undefined || filter === null || filter === '') return () => true;
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(String(filter));
  if (!match) throw invalid('Error while parsing filter.');
  const [, attribute, operator, quoted] = match;
  const read = SEARCHABLE[attribute];
  if (!read) throw invalid(`Invalid search attribute: ${attribute}. Search one of: ${Object.keys(SEARCHABLE).join(', ')}.`);
  const wanted = quoted.replace(/\\(.)/g, '$1');
  const fold = attribute === 'status' ? (v) => v.toLowerCase() : (v) => v;
  return (user) => {
    const value = read(user);
    if (value === undefined) return false;
    return operator === '=' ? fold(value) === fold(wanted) : fold(value).startsWith(fold(wanted));
  };
}

const epochSeconds = (ms) => ms / 1000;
const attributes = (u) => [
  { Name: 'sub', Value: u.sub },
  { Name: 'email_verified', Value: String(u.emailVerified) },
  { Name: 'email', Value: u.email },
];
const userType = (u) => ({
  Username: u.username,
  Attributes: attributes(u),
  UserCreateDate: epochSeconds(u.createdAt),
  UserLastModifiedDate: epochSeconds(u.modifiedAt),
  Enabled: u.enabled,
  UserStatus: u.status,
});

function temporaryPassword() {
  // Conforms to the pool's policy: 12+ characters with upper, lower, digit and symbol.
  return `${crypto.randomBytes(9).toString('base64url')}Aa1!`;
}

function actions(users, outbox) {
  const pool = (body) => {
    const id = text(body, 'UserPoolId', { pretty: 'userPoolId', pattern: /^[\w-]+_[0-9a-zA-Z]+$/ });
    if (id !== users.userPoolId) throw new CognitoError('ResourceNotFoundException', `User pool ${id} does not exist.`);
  };
  const user = (body) => {
    pool(body);
    const found = users.find(text(body, 'Username', { pretty: 'username', pattern: USERNAME }));
    if (!found) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return found;
  };
  const group = (body) => {
    const name = text(body, 'GroupName', { pretty: 'groupName', pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u });
    const found = users.group(name);
    if (!found) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return found;
  };
  const groupType = (g) => ({
    GroupName: g.name,
    UserPoolId: users.userPoolId,
    Description: g.description,
    CreationDate: epochSeconds(g.createdAt),
    LastModifiedDate: epochSeconds(g.modifiedAt),
  });
  const update = (body, change) => {
    users.update(user(body).username, change);
    return {};
  };

  return {
    ListUsers(body) {
      pool(body);
      const matches = parseFilter(body.Filter);
      const { slice, next } = page(users.list().filter(matches), (u) => u.username, body, 'PaginationToken', `users:${body.Filter ?? ''}`);
      return { Users: slice.map(userType), ...(next ? { PaginationToken: next } : {}) };
    },
    AdminGetUser(body) {
      const { Attributes, ...rest } = userType(user(body));
      return { ...rest, UserAttributes: Attributes };
    },
    AdminListGroupsForUser(body) {
      const groups = user(body).groups.map((name) => users.group(name)).sort((a, b) => (a.name < b.name ? -1 : 1));
      const { slice, next } = page(groups, (g) => g.name, body, 'NextToken', `groups:${body.Username}`);
      return { Groups: slice.map(groupType), ...(next ? { NextToken: next } : {}) };
    },
    ListUsersInGroup(body) {
      pool(body);
      const { name } = group(body);
      const members = users.list().filter((u) => u.groups.includes(name));
      const { slice, next } = page(members, (u) => u.username, body, 'NextToken', `members:${name}`);
      return { Users: slice.map(userType), ...(next ? { NextToken: next } : {}) };
    },
    AdminAddUserToGroup(body) {
      const { name } = group(body);
      return update(body, (u) => { if (!u.groups.includes(name)) u.groups.push(name); });
    },
    AdminRemoveUserFromGroup(body) {
      const { name } = group(body);
      return update(body, (u) => { u.groups = u.groups.filter((g) => g !== name); });
    },
    AdminDisableUser: (body) => update(body, (u) => { u.enabled = false; }),
    AdminEnableUser: (body) => update(body, (u) => { u.enabled = true; }),
    // Revokes the user's refresh tokens and sign-in sessions: the directory refuses anything issued up to now.
    AdminUserGlobalSignOut: (body) => update(body, (u) => { u.signedOutAt = Math.floor(Date.now() / 1000); }),
    AdminCreateUser(body) {
      pool(body);
      const username = text(body, 'Username', { pretty: 'username', pattern: USERNAME });
      const given = Object.fromEntries((body.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
      const mediums = body.DesiredDeliveryMediums ?? ['SMS'];
      if (users.find(username)) throw new CognitoError('UsernameExistsException', 'User account already exists');
      if (!EMAIL.test(given.email ?? '')) throw invalid('Invalid email address format.');
      if (users.list().some((u) => u.email.toLowerCase() === given.email.toLowerCase())) {
        throw new CognitoError('AliasExistsException', 'An account with the given email already exists.');
      }
      if (!Array.isArray(mediums) || mediums.length !== 1 || mediums[0] !== 'EMAIL') {
        throw invalid('This user pool sends invitations by email only: set DesiredDeliveryMediums to ["EMAIL"].');
      }
      if (body.MessageAction !== undefined && body.MessageAction !== 'SUPPRESS') {
        throw invalid('MessageAction may only be SUPPRESS here (RESEND is not served by the stand-in).');
      }
      const password = body.TemporaryPassword ?? temporaryPassword();
      const invitation = {
        to: given.email,
        subject: 'Your temporary password',
        body: `Your username is ${username} and temporary password is ${password}.`,
      };
      if (body.MessageAction !== 'SUPPRESS' && !outbox.send(invitation)) {
        throw new CognitoError('LimitExceededException',
          'Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.');
      }
      return { User: userType(users.create({ username, email: given.email, temporaryPassword: password })) };
    },
  };
}

async function readBody(req) {
  let size = 0;
  const parts = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new CognitoError('SerializationException', 'The request body is too large.');
    parts.push(chunk);
  }
  try {
    const body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body;
  } catch {
    throw new CognitoError('SerializationException', 'The request body is not a JSON object.');
  }
}

function send(res, status, body, headers = {}) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(json),
    'x-amzn-RequestId': crypto.randomUUID(),
    ...headers,
  });
  res.end(json);
}

/** The request's action, or a Cognito error when it is not a signed cognito-idp call this stand-in serves. */
function actionOf(req, handlers) {
  const authorization = req.headers.authorization;
  if (!authorization) throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (!/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/cognito-idp\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.test(authorization)) {
    throw new CognitoError('IncompleteSignatureException', 'The Authorization header is not a SigV4 signature for the cognito-idp service.');
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  if (!Object.hasOwn(handlers, action)) throw new CognitoError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}.`);
  return action;
}

export function cognitoAdminApi({ users, rates, outbox, log = () => {} }) {
  const handlers = actions(users, outbox);
  return async function serve(req, res) {
    try {
      if (req.method !== 'POST' || req.url !== '/') throw new CognitoError('UnknownOperationException', 'POST / with X-Amz-Target.');
      const action = actionOf(req, handlers);
      const body = await readBody(req);
      if (!rates.admit(action)) throw new CognitoError('TooManyRequestsException', `Too many requests: the ${CATEGORY[action]} quota is used up for this second.`);
      send(res, 200, handlers[action](body));
    } catch (error) {
      if (!(error instanceof CognitoError)) {
        log(`cognito-idp: ${error.stack}`);
        send(res, 500, { __type: 'InternalErrorException', message: 'Internal error.' });
        return;
      }
      send(res, 400, { __type: error.code, message: error.message }, {
        'x-amzn-ErrorType': `${error.code}:`,
        'x-amzn-ErrorMessage': error.message,
      });
    }
  };
}
