// Discovery and Cognito-shaped client-credentials tokens from the running stack.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { verifyJwt } from '../fixtures/jwt.mjs';
import { startStack } from '../fixtures/stack-process.mjs';
import { JWKS_PATH, TOKEN_PATH, tokenRequest } from '../fixtures/code-flow.mjs';

describe('OIDC discovery and client credentials', () => {
  let stack;
  let oidc;
  let jwks;

  before(async () => {
    stack = startStack();
    ({ oidc } = await stack.ready);
    jwks = await (await fetch(new URL(JWKS_PATH, oidc))).json();
  });
  after(() => stack?.stop());

  test('discovery names the endpoints and only S256 PKCE, issuer without trailing slash', async () => {
    const response = await fetch(new URL('/.well-known/openid-configuration', oidc));
    assert.equal(response.status, 200);
    const discovery = await response.json();
    assert.equal(discovery.issuer, oidc);
    assert.equal(discovery.authorization_endpoint, `${oidc}/oauth2/authorize`);
    assert.equal(discovery.token_endpoint, `${oidc}/oauth2/token`);
    assert.equal(discovery.jwks_uri, `${oidc}/.well-known/jwks.json`);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(discovery.response_types_supported, ['code']);
    assert.ok(discovery.grant_types_supported.includes('client_credentials'));
    assert.equal(discovery.revocation_endpoint, `${oidc}/oauth2/revoke`);
    assert.equal(discovery.userinfo_endpoint, undefined);
    assert.equal(discovery.end_session_endpoint, undefined);
  });

  test('JWKS publishes one RS256 signing key without private parts', () => {
    assert.equal(jwks.keys.length, 1);
    const [key] = jwks.keys;
    assert.equal(key.kty, 'RSA');
    assert.equal(key.alg, 'RS256');
    assert.equal(key.use, 'sig');
    assert.ok(key.kid);
    assert.equal(key.d, undefined);
  });

  test('orders-writer gets a signed JWT access token shaped like Cognito (no aud)', async () => {
    const { status, body } = await tokenRequest(oidc, { grant_type: 'client_credentials' }, { clientId: 'orders-writer', secret: 'orders-writer-secret' });
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    const { header, payload } = verifyJwt(body.access_token, jwks);
    assert.deepEqual(Object.keys(header).sort(), ['alg', 'kid']);
    assert.equal(payload.client_id, 'orders-writer');
    assert.equal(payload.sub, 'orders-writer');
    assert.equal(payload.scope, 'orders/read orders/write');
    assert.equal(payload.token_use, 'access');
    assert.equal(payload.iss, oidc);
    assert.equal('aud' in payload, false);
    assert.equal('username' in payload, false);
    assert.equal(payload.exp - payload.iat, 3600);
    assert.ok(payload.jti);
  });

  test('a scope parameter narrows the token to that scope, sent with client_secret_post', async () => {
    const response = await fetch(new URL(TOKEN_PATH, oidc), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders/write', client_id: 'orders-writer', client_secret: 'orders-writer-secret' }),
    });
    assert.equal(response.status, 200);
    const { payload } = verifyJwt((await response.json()).access_token, jwks);
    assert.equal(payload.scope, 'orders/write');
  });

  test('orders-reader asking for orders/write is refused with invalid_scope', async () => {
    const { status, body } = await tokenRequest(oidc, { grant_type: 'client_credentials', scope: 'orders/write' }, { clientId: 'orders-reader', secret: 'orders-reader-secret' });
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_scope');
    assert.equal(body.access_token, undefined);
  });

  test('an unknown scope is refused with invalid_scope', async () => {
    const { status, body } = await tokenRequest(oidc, { grant_type: 'client_credentials', scope: 'orders/read payroll/read' }, { clientId: 'orders-reader', secret: 'orders-reader-secret' });
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_scope');
  });

  test('token-job gets partner/read; a wrong secret is invalid_client', async () => {
    const good = await tokenRequest(oidc, { grant_type: 'client_credentials' }, { clientId: 'token-job', secret: 'token-job-secret' });
    assert.equal(good.status, 200);
    assert.equal(verifyJwt(good.body.access_token, jwks).payload.scope, 'partner/read');

    const bad = await tokenRequest(oidc, { grant_type: 'client_credentials' }, { clientId: 'token-job', secret: 'not-the-secret' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_client');
  });

  test('the web client may not use client credentials', async () => {
    const { status, body } = await tokenRequest(oidc, { grant_type: 'client_credentials' });
    assert.equal(status, 400);
    // oidc-provider's code for this is invalid_request (Cognito says unauthorized_client).
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /grant type is not allowed/);
    assert.equal(body.access_token, undefined);
  });
});
