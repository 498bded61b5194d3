// What an attacker probing the sign-in stand-in found: no lockout after repeated wrong passwords, and pages
// that could be framed. Both now behave as Cognito's hosted UI does.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BrowserSession } from '../fixtures/browser-session.mjs';
import { authorizeUrl, formAction, pkcePair, postLogin } from '../fixtures/code-flow.mjs';
import { startStack } from '../fixtures/stack-process.mjs';
import { FAILURES_BEFORE_LOCKOUT, UserDirectory } from '../oidc/user-directory.mjs';

const VIEWER = { username: 'viewer', password: 'Viewer-Passw0rd!' };

async function loginForm(oidc) {
  const session = new BrowserSession();
  const { challenge } = pkcePair();
  const { response } = await session.follow(authorizeUrl(oidc, { challenge, state: 's', nonce: 'n' }), oidc);
  return { session, response, action: formAction(await response.clone().text(), oidc) };
}

describe('sign-in stand-in hardening', () => {
  let stack;
  let oidc;

  before(async () => {
    stack = startStack();
    ({ oidc } = await stack.ready);
  });
  after(() => stack?.stop());

  test('after five wrong passwords even the right one is refused until the lockout passes', async () => {
    for (let i = 0; i < FAILURES_BEFORE_LOCKOUT; i++) {
      const { session, action } = await loginForm(oidc);
      const wrong = await postLogin(session, action, VIEWER.username, 'wrong-password');
      assert.match(await wrong.text(), /Incorrect username or password\./);
    }

    const { session, action } = await loginForm(oidc);
    const locked = await postLogin(session, action, VIEWER.username, VIEWER.password);
    assert.equal(locked.status, 200);
    assert.match(await locked.text(), /Password attempts exceeded/);

    await new Promise((resolve) => setTimeout(resolve, 1100)); // the first lockout lasts 1 s
    const retry = await loginForm(oidc);
    const accepted = await postLogin(retry.session, retry.action, VIEWER.username, VIEWER.password);
    assert.equal(accepted.status, 303);
  });

  test('the login page and the provider\'s other answers refuse to be framed', async () => {
    const { response } = await loginForm(oidc);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);

    const discovery = await fetch(new URL('/.well-known/openid-configuration', oidc));
    assert.equal(discovery.headers.get('x-frame-options'), 'DENY');
  });
});

describe('lockout rules', () => {
  const directory = () => new UserDirectory([{ username: 'u', password: 'p', sub: 's', email: 'e', groups: [] }]);

  test('lockouts double with each further failure and a success resets the count', () => {
    const users = directory();
    for (let i = 0; i < FAILURES_BEFORE_LOCKOUT; i++) assert.deepEqual(users.signIn('u', 'x', 0), { wrong: true });
    assert.deepEqual(users.signIn('u', 'p', 999), { locked: true });
    assert.deepEqual(users.signIn('u', 'x', 1000), { wrong: true }); // sixth failure: locked for 2 s
    assert.deepEqual(users.signIn('u', 'p', 2999), { locked: true });
    assert.equal(users.signIn('u', 'p', 3000).user.username, 'u');
    assert.deepEqual(users.signIn('u', 'x', 3001), { wrong: true }); // counting starts again
    assert.equal(users.signIn('u', 'p', 3002).user.username, 'u');
  });

  test('unknown usernames are counted too, so answers do not reveal which exist', () => {
    const users = directory();
    for (let i = 0; i < FAILURES_BEFORE_LOCKOUT; i++) users.signIn('ghost', 'x', 0);
    assert.deepEqual(users.signIn('ghost', 'x', 10), { locked: true });
  });
});
