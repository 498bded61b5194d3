// Cognito's POST /oauth2/revoke on the stand-in: a revoked refresh token is refused afterwards (invalid_grant),
// an unknown token is a 200 (RFC 7009 §2.2), and only the client the token was issued to may revoke it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { BrowserSession } from '../fixtures/browser-session.mjs';
import { REDIRECT_URI, WEB_CLIENT, basicAuth, signIn, tokenRequest } from '../fixtures/code-flow.mjs';
import { stackForSuite } from '../fixtures/stack-process.mjs';

const REVOKE_PATH = '/oauth2/revoke';
const ADMIN = { username: 'admin', password: 'Admin-Passw0rd!' };

async function revoke(oidc, form, headers = { authorization: basicAuth(WEB_CLIENT.id, WEB_CLIENT.secret) }) {
  const response = await fetch(new URL(REVOKE_PATH, oidc), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
}

describe('refresh token revocation (Cognito /oauth2/revoke)', () => {
  const stack = stackForSuite();

  async function tokens(session = new BrowserSession()) {
    const { callback, verifier } = await signIn(session, stack.oidc, ADMIN);
    const { status, body } = await tokenRequest(stack.oidc, {
      grant_type: 'authorization_code', code: callback.searchParams.get('code'), redirect_uri: REDIRECT_URI, code_verifier: verifier,
    });
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  }

  const refresh = (refreshToken) => tokenRequest(stack.oidc, { grant_type: 'refresh_token', refresh_token: refreshToken });

  test('discovery advertises the revocation endpoint', async () => {
    const discovery = await (await fetch(new URL('/.well-known/openid-configuration', stack.oidc))).json();
    assert.equal(discovery.revocation_endpoint, `${stack.oidc}${REVOKE_PATH}`);
  });

  test('a revoked refresh token is refused with invalid_grant', async () => {
    const { refresh_token: refreshToken } = await tokens();
    assert.equal((await refresh(refreshToken)).status, 200);

    const revoked = await revoke(stack.oidc, { token: refreshToken });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.text, '');

    const refused = await refresh(refreshToken);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_grant');
    // Revoking again is still a 200: the token is simply unknown now.
    assert.equal((await revoke(stack.oidc, { token: refreshToken })).status, 200);
  });

  test('only that refresh token is revoked: other sign-ins of the user, even from the same browser, keep theirs', async () => {
    const browser = new BrowserSession();
    const first = await tokens(browser);
    const sameBrowser = await tokens(browser); // no form: the hosted-UI session signs in again
    const elsewhere = await tokens();
    assert.equal((await revoke(stack.oidc, { token: first.refresh_token })).status, 200);
    assert.equal((await refresh(first.refresh_token)).body.error, 'invalid_grant');
    assert.equal((await refresh(sameBrowser.refresh_token)).status, 200);
    assert.equal((await refresh(elsewhere.refresh_token)).status, 200);
  });

  test('an unknown token is a 200, as RFC 7009 says', async () => {
    const response = await revoke(stack.oidc, { token: 'not-a-token-this-pool-issued', token_type_hint: 'refresh_token' });
    assert.equal(response.status, 200);
    assert.equal(response.text, '');
  });

  test('another client may not revoke the web client\'s refresh token, and a wrong secret is invalid_client', async () => {
    const { refresh_token: refreshToken } = await tokens();
    const foreign = await revoke(stack.oidc, { token: refreshToken }, { authorization: basicAuth('orders-writer', 'orders-writer-secret') });
    assert.equal(foreign.status, 400);
    const wrongSecret = await revoke(stack.oidc, { token: refreshToken }, { authorization: basicAuth(WEB_CLIENT.id, 'not-the-secret') });
    assert.equal(wrongSecret.status, 401);
    assert.equal(wrongSecret.body.error, 'invalid_client');
    assert.equal((await refresh(refreshToken)).status, 200, 'the refused revocations left the token alone');
  });

  test('a confidential client authenticates with Basic, as Cognito requires here; a posted secret is invalid_client', async () => {
    const { refresh_token: refreshToken } = await tokens();
    const posted = await revoke(stack.oidc, { token: refreshToken, client_id: WEB_CLIENT.id, client_secret: WEB_CLIENT.secret }, {});
    assert.equal(posted.status, 401);
    assert.equal(posted.body.error, 'invalid_client');
    assert.equal((await refresh(refreshToken)).status, 200);
  });

  test('an access token (a JWT) cannot be revoked: unsupported_token_type, as in Cognito', async () => {
    const { access_token: accessToken } = await tokens();
    const response = await revoke(stack.oidc, { token: accessToken });
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'unsupported_token_type');
  });
});
