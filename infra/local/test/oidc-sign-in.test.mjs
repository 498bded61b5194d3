// The hosted-UI stand-in: code flow with PKCE, Cognito id_token claims, refresh, sign-out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BrowserSession } from '../fixtures/browser-session.mjs';
import {
  JWKS_PATH, LOGOUT_URI, REDIRECT_URI, WEB_CLIENT, authorizeUrl, formAction, pkcePair, postLogin, signIn, tokenRequest,
} from '../fixtures/code-flow.mjs';
import { decodeJwt, verifyJwt } from '../fixtures/jwt.mjs';
import { startStack } from '../fixtures/stack-process.mjs';

const ADMIN = { username: 'admin', password: 'Admin-Passw0rd!' };
const VIEWER = { username: 'viewer', password: 'Viewer-Passw0rd!' };

describe('sign-in through the Cognito stand-in', () => {
  let stack;
  let oidc;
  let jwks;

  before(async () => {
    stack = startStack({ env: { PORTAL_OIDC_ID_TOKEN_TTL: '600', PORTAL_OIDC_ACCESS_TOKEN_TTL: '900' } });
    ({ oidc } = await stack.ready);
    jwks = await (await fetch(new URL(JWKS_PATH, oidc))).json();
  });
  after(() => stack?.stop());

  test('authorize shows the plain login form', async () => {
    const session = new BrowserSession();
    const { challenge } = pkcePair();
    const { response, url } = await session.follow(authorizeUrl(oidc, { challenge, state: 's1', nonce: 'n1' }), oidc);
    assert.equal(response.status, 200);
    assert.match(url.pathname, /^\/interaction\/[\w-]+$/);
    const html = await response.text();
    assert.match(html, /<h1>Sign in to Portal \(local Cognito\)<\/h1>/);
    assert.match(html, /<input id="username" name="username" type="text"/);
    assert.match(html, /<input id="password" name="password" type="password"/);
    assert.match(html, /<button type="submit">Sign in<\/button>/);
    assert.doesNotMatch(html, /<script/i);
    assert.equal(formAction(html, oidc).pathname, `${url.pathname}/login`);
  });

  test('admin signs in: code, PKCE exchange, Cognito id_token and access token, refresh', async () => {
    const session = new BrowserSession();
    const { callback, showedForm } = await signIn(session, oidc, { ...ADMIN, state: 'state-123', nonce: 'nonce-456' });
    assert.equal(showedForm, true);
    assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT_URI);
    assert.equal(callback.searchParams.get('state'), 'state-123');
    const code = callback.searchParams.get('code');
    assert.ok(code);

    const wrongVerifier = await tokenRequest(oidc, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: pkcePair().verifier });
    assert.equal(wrongVerifier.status, 400);
    assert.equal(wrongVerifier.body.error, 'invalid_grant');
    // Signed in already: a second authorize returns a fresh code without the form.
    const second = await signIn(session, oidc, { ...ADMIN, state: 'state-123', nonce: 'nonce-456' });
    assert.equal(second.showedForm, false);

    const { status, body } = await tokenRequest(oidc, {
      grant_type: 'authorization_code', code: second.callback.searchParams.get('code'), redirect_uri: REDIRECT_URI, code_verifier: second.verifier,
    });
    assert.equal(status, 200, JSON.stringify(body));
    assert.ok(body.refresh_token, 'a refresh token comes with every code grant, as in Cognito');
    assert.equal(body.expires_in, 900);

    const id = verifyJwt(body.id_token, jwks).payload;
    assert.equal(id.iss, oidc);
    assert.equal(id.aud, WEB_CLIENT.id);
    assert.equal(id.sub, 'cb215d9c-8f4b-44bf-af65-981fc73fa3c2');
    assert.equal(id['cognito:username'], 'admin');
    assert.deepEqual(id['cognito:groups'], ['portal-admins']);
    assert.equal(id.email, 'admin@portal.local');
    assert.equal(id.email_verified, true);
    assert.equal(id.token_use, 'id');
    assert.equal(id.nonce, 'nonce-456');
    assert.equal(id.exp - id.iat, 600);
    assert.equal(typeof id.auth_time, 'number');

    const access = verifyJwt(body.access_token, jwks).payload;
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, WEB_CLIENT.id);
    assert.equal(access.sub, id.sub);
    assert.equal(access.username, 'admin');
    assert.equal(access.scope, 'openid email profile');
    assert.equal('aud' in access, false);
    assert.ok(access.jti);

    const refreshed = await tokenRequest(oidc, { grant_type: 'refresh_token', refresh_token: body.refresh_token });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.equal('refresh_token' in refreshed.body, false, 'Cognito sends no new refresh token on refresh');
    const newId = verifyJwt(refreshed.body.id_token, jwks).payload;
    assert.equal(newId['cognito:username'], 'admin');
    assert.equal(newId.token_use, 'id');
    assert.equal(verifyJwt(refreshed.body.access_token, jwks).payload.username, 'admin');
  });

  test('viewer has no groups, so the id_token has no cognito:groups claim', async () => {
    const session = new BrowserSession();
    const { callback, verifier } = await signIn(session, oidc, VIEWER);
    const { status, body } = await tokenRequest(oidc, {
      grant_type: 'authorization_code', code: callback.searchParams.get('code'), redirect_uri: REDIRECT_URI, code_verifier: verifier,
    });
    assert.equal(status, 200);
    const id = decodeJwt(body.id_token).payload;
    assert.equal(id['cognito:username'], 'viewer');
    assert.equal('cognito:groups' in id, false);
    assert.equal(id.email, 'viewer@portal.local');
  });

  test('authorize without code_challenge is refused back to the portal with invalid_request', async () => {
    const session = new BrowserSession();
    const { redirectedTo } = await session.follow(authorizeUrl(oidc, { state: 'no-pkce', nonce: 'n' }), oidc);
    assert.ok(redirectedTo, 'the error goes back to the registered redirect URI');
    assert.equal(`${redirectedTo.origin}${redirectedTo.pathname}`, REDIRECT_URI);
    assert.equal(redirectedTo.searchParams.get('error'), 'invalid_request');
    assert.match(redirectedTo.searchParams.get('error_description'), /PKCE/);
    assert.equal(redirectedTo.searchParams.get('code'), null);
  });

  test('plain PKCE is refused', async () => {
    const session = new BrowserSession();
    const url = authorizeUrl(oidc, { state: 's', nonce: 'n', extra: { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' } });
    const { redirectedTo } = await session.follow(url, oidc);
    assert.equal(redirectedTo.searchParams.get('error'), 'invalid_request');
    assert.equal(redirectedTo.searchParams.get('code'), null);
  });

  test('an unregistered redirect_uri gets an error page, not a redirect', async () => {
    const session = new BrowserSession();
    const { challenge } = pkcePair();
    const url = authorizeUrl(oidc, { challenge, state: 's', nonce: 'n', extra: { redirect_uri: 'http://evil.example/signin-oidc' } });
    const { response, redirectedTo } = await session.follow(url, oidc);
    assert.equal(redirectedTo, undefined);
    assert.equal(response.status, 400);
  });

  test('a wrong password re-renders the form with Cognito\'s message and issues no code', async () => {
    const session = new BrowserSession();
    const { challenge } = pkcePair();
    const { response } = await session.follow(authorizeUrl(oidc, { challenge, state: 's', nonce: 'n' }), oidc);
    const action = formAction(await response.text(), oidc);

    for (const [username, password] of [['admin', 'wrong-password'], ['nobody', 'Admin-Passw0rd!']]) {
      const posted = await postLogin(session, action, username, password);
      assert.equal(posted.status, 200);
      assert.equal(posted.headers.get('location'), null);
      const html = await posted.text();
      assert.match(html, /Incorrect username or password\./);
      assert.match(html, /<form method="post" action="\/interaction\/[\w-]+\/login">/);
    }
    // The same attempt still works with the right password afterwards.
    const good = await postLogin(session, action, ADMIN.username, ADMIN.password);
    assert.equal(good.status, 303);
  });

  test('/logout ends the session and redirects to the logout URI; the next authorize asks again', async () => {
    const session = new BrowserSession();
    await signIn(session, oidc, ADMIN);

    // While signed in, authorize goes straight back to the portal (no form).
    const { challenge } = pkcePair();
    const silent = await session.follow(authorizeUrl(oidc, { challenge, state: 's', nonce: 'n' }), oidc);
    assert.ok(silent.redirectedTo?.searchParams.get('code'), 'signed-in session skips the form');

    const logout = new URL('/logout', oidc);
    logout.searchParams.set('client_id', WEB_CLIENT.id);
    logout.searchParams.set('logout_uri', LOGOUT_URI);
    const response = await session.fetch(logout);
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), LOGOUT_URI);
    assert.equal(session.cookieNames().includes('_session'), false);

    const after = await session.follow(authorizeUrl(oidc, { challenge, state: 's', nonce: 'n' }), oidc);
    assert.equal(after.redirectedTo, undefined);
    assert.equal(after.response.status, 200);
    assert.match(await after.response.text(), /Sign in to Portal \(local Cognito\)/);
  });

  test('/logout with a wrong logout_uri or client_id is a 400 naming the parameter, with no redirect', async () => {
    const session = new BrowserSession();
    await signIn(session, oidc, ADMIN);
    const cases = [
      [{ client_id: WEB_CLIENT.id, logout_uri: 'http://evil.example/signed-out' }, /logout_uri/],
      [{ client_id: WEB_CLIENT.id, logout_uri: `${LOGOUT_URI}/extra` }, /logout_uri/],
      [{ client_id: WEB_CLIENT.id }, /logout_uri is missing/],
      [{ client_id: 'orders-writer', logout_uri: LOGOUT_URI }, /client_id/],
      [{ client_id: 'nope', logout_uri: LOGOUT_URI }, /client_id/],
      [{ logout_uri: LOGOUT_URI }, /client_id is missing/],
    ];
    for (const [params, message] of cases) {
      const url = new URL('/logout', oidc);
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      const response = await session.fetch(url);
      assert.equal(response.status, 400, JSON.stringify(params));
      assert.equal(response.headers.get('location'), null);
      assert.match(await response.text(), message);
    }
    // The session survived the refused sign-outs.
    const { challenge } = pkcePair();
    const still = await session.follow(authorizeUrl(oidc, { challenge, state: 's', nonce: 'n' }), oidc);
    assert.ok(still.redirectedTo?.searchParams.get('code'));
  });
});
