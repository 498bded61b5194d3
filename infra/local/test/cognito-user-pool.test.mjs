// The admin API and the hosted UI share one user pool: changes reach sign-in and tokens, survive a restart,
// and Cognito's quotas apply.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { cognitoIdp } from '../fixtures/aws-request.mjs';
import { BrowserSession } from '../fixtures/browser-session.mjs';
import { REDIRECT_URI, authorizeUrl, formAction, pkcePair, postLogin, signIn, tokenRequest } from '../fixtures/code-flow.mjs';
import { decodeJwt } from '../fixtures/jwt.mjs';
import { makeDataDir, startStack } from '../fixtures/stack-process.mjs';

const POOL = 'local_portal';
const VIEWER = { username: 'viewer', password: 'Viewer-Passw0rd!' };
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs in and redeems the code: the token answer (id, access and refresh tokens). */
async function tokensFor(oidc, user, session = new BrowserSession()) {
  const { callback, verifier } = await signIn(session, oidc, user);
  const { status, body } = await tokenRequest(oidc, {
    grant_type: 'authorization_code', code: callback.searchParams.get('code'), redirect_uri: REDIRECT_URI, code_verifier: verifier,
  });
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

async function loginAnswer(oidc, username, password) {
  const session = new BrowserSession();
  const { challenge } = pkcePair();
  const { response } = await session.follow(authorizeUrl(oidc, { challenge, state: 's', nonce: 'n' }), oidc);
  return postLogin(session, formAction(await response.text(), oidc), username, password);
}

const invitations = (dataDir) => fs.readFileSync(path.join(dataDir, 'cognito-outbox.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));

describe('one user pool for sign-in and the admin API', () => {
  const dataDir = makeDataDir();
  let stack;
  let oidc;
  let call;

  before(async () => {
    stack = startStack({ dataDir });
    const ready = await stack.ready;
    oidc = ready.oidc;
    call = (action, body) => cognitoIdp(ready.cognito, action, { UserPoolId: POOL, ...body });
  });
  after(() => stack?.stop());

  test('a group change shows in the cognito:groups of the next tokens, id and access', async () => {
    assert.equal('cognito:groups' in decodeJwt((await tokensFor(oidc, VIEWER)).id_token).payload, false);
    await call('AdminAddUserToGroup', { Username: 'viewer', GroupName: 'portal-admins' });
    const promoted = await tokensFor(oidc, VIEWER);
    assert.deepEqual(decodeJwt(promoted.id_token).payload['cognito:groups'], ['portal-admins']);
    assert.deepEqual(decodeJwt(promoted.access_token).payload['cognito:groups'], ['portal-admins']);

    await call('AdminRemoveUserFromGroup', { Username: 'viewer', GroupName: 'portal-admins' });
    const refreshed = await tokenRequest(oidc, { grant_type: 'refresh_token', refresh_token: promoted.refresh_token });
    assert.equal(refreshed.status, 200);
    assert.equal('cognito:groups' in decodeJwt(refreshed.body.id_token).payload, false, 'a refresh reads the pool anew');
  });

  test('a disabled user cannot sign in ("User is disabled.") nor refresh; enabled again, both work', async () => {
    const session = new BrowserSession();
    const before = await tokensFor(oidc, VIEWER, session);
    await call('AdminDisableUser', { Username: 'viewer' });
    const silent = await session.follow(authorizeUrl(oidc, { challenge: pkcePair().challenge, state: 's', nonce: 'n' }), oidc);
    assert.equal(silent.redirectedTo, undefined, 'the hosted-UI session of a disabled user ends');
    const refused = await loginAnswer(oidc, VIEWER.username, VIEWER.password);
    assert.equal(refused.status, 200);
    assert.match(await refused.text(), /User is disabled\./);
    assert.match(await (await loginAnswer(oidc, VIEWER.username, 'wrong-password')).text(), /Incorrect username or password\./,
      'a wrong password does not tell that the user is disabled');
    const refresh = await tokenRequest(oidc, { grant_type: 'refresh_token', refresh_token: before.refresh_token });
    assert.equal(refresh.status, 400);
    assert.equal(refresh.body.error, 'invalid_grant');

    await call('AdminEnableUser', { Username: 'viewer' });
    assert.equal((await tokenRequest(oidc, { grant_type: 'refresh_token', refresh_token: before.refresh_token })).status, 200);
    assert.equal((await loginAnswer(oidc, VIEWER.username, VIEWER.password)).status, 303);
  });

  test('AdminUserGlobalSignOut revokes the refresh tokens and the hosted-UI session issued before it', async () => {
    const session = new BrowserSession();
    const before = await tokensFor(oidc, VIEWER, session);
    await call('AdminUserGlobalSignOut', { Username: 'viewer' });
    const refresh = await tokenRequest(oidc, { grant_type: 'refresh_token', refresh_token: before.refresh_token });
    assert.equal(refresh.status, 400);
    assert.equal(refresh.body.error, 'invalid_grant');
    const again = await session.follow(authorizeUrl(oidc, { challenge: pkcePair().challenge, state: 's', nonce: 'n' }), oidc);
    assert.equal(again.redirectedTo, undefined, 'the hosted-UI session no longer signs in silently');
    assert.match(await again.response.text(), /Sign in to Portal/);

    await pause(1100); // tokens from the second of the sign-out count as revoked
    const fresh = await tokensFor(oidc, VIEWER);
    assert.equal((await tokenRequest(oidc, { grant_type: 'refresh_token', refresh_token: fresh.refresh_token })).status, 200);
  });

  test('a created user gets the invitation email, changes the temporary password at sign-in, and is CONFIRMED', async () => {
    const created = await call('AdminCreateUser', {
      Username: 'ines', DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [{ Name: 'email', Value: 'ines@portal.local' }, { Name: 'email_verified', Value: 'true' }],
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const mail = invitations(dataDir).find((m) => m.to === 'ines@portal.local');
    const [, temporary] = /temporary password is (\S+)\.$/.exec(mail.body);

    const weak = await loginAnswer(oidc, 'ines', temporary);
    const html = await weak.text();
    assert.match(html, /Change your temporary password/);
    const tooShort = await new BrowserSession().fetch(formAction(html, oidc), { method: 'POST' });
    assert.equal(tooShort.status, 400, 'the new-password step belongs to the attempt that proved the temporary password');

    const tokens = await tokensFor(oidc, { username: 'ines', password: temporary, newPassword: 'Ines-Passw0rd!2' });
    assert.equal(decodeJwt(tokens.id_token).payload['cognito:username'], 'ines');
    assert.equal((await call('AdminGetUser', { Username: 'ines' })).body.UserStatus, 'CONFIRMED');
    assert.equal((await loginAnswer(oidc, 'ines', 'Ines-Passw0rd!2')).status, 303);
  });

  test('a new password outside the pool\'s policy is refused with Cognito\'s message', async () => {
    await call('AdminCreateUser', {
      Username: 'jo', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'jo@portal.local' }],
    });
    const [, temporary] = /temporary password is (\S+)\.$/.exec(invitations(dataDir).find((m) => m.to === 'jo@portal.local').body);
    await assert.rejects(tokensFor(oidc, { username: 'jo', password: temporary, newPassword: 'short' }),
      /Password does not conform to policy: Password not long enough/);
  });

  test('changes survive a restart; users.json stays the seed', async () => {
    const seed = fs.readFileSync(new URL('../users.json', import.meta.url), 'utf8');
    await call('AdminDisableUser', { Username: 'jo' });
    await stack.stop();
    stack = startStack({ dataDir });
    const ready = await stack.ready;
    oidc = ready.oidc;
    call = (action, body) => cognitoIdp(ready.cognito, action, { UserPoolId: POOL, ...body });

    assert.equal((await call('AdminGetUser', { Username: 'jo' })).body.Enabled, false);
    assert.equal((await call('AdminGetUser', { Username: 'ines' })).body.UserStatus, 'CONFIRMED');
    assert.equal((await loginAnswer(oidc, 'ines', 'Ines-Passw0rd!2')).status, 303);
    assert.equal(fs.readFileSync(new URL('../users.json', import.meta.url), 'utf8'), seed);
  });
});

describe('Cognito\'s quotas', () => {
  let stack;
  let call;

  before(async () => {
    stack = startStack({ env: { PORTAL_COGNITO_MAX_RPS: '2', PORTAL_COGNITO_EMAILS_PER_DAY: '1' } });
    const { cognito } = await stack.ready;
    call = (action, body) => cognitoIdp(cognito, action, { UserPoolId: POOL, ...body });
  });
  after(() => stack?.stop());

  test('past the request rate of a category: TooManyRequestsException', async () => {
    // Six at once fit in at most two one-second windows of two each.
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('ListUsers', {})));
    const throttled = answers.filter((a) => a.body.__type === 'TooManyRequestsException');
    assert.ok(throttled.length >= 2, JSON.stringify(answers.map((a) => a.status)));
    assert.equal(throttled[0].status, 400);
    assert.match(throttled[0].body.message, /Too many requests/);
  });

  test('past the daily email quota: LimitExceededException, and no user is created', async () => {
    await pause(1100);
    const create = (Username) => call('AdminCreateUser', {
      Username, DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: `${Username}@portal.local` }],
    });
    assert.equal((await create('first')).status, 200);
    const second = await create('second');
    assert.equal(second.status, 400);
    assert.equal(second.body.__type, 'LimitExceededException');
    assert.match(second.body.message, /Exceeded daily email limit/);
    await pause(1100);
    assert.equal((await call('AdminGetUser', { Username: 'second' })).body.__type, 'UserNotFoundException');
  });
});
