// oidc-provider configured to look like an Amazon Cognito user pool to the portal:
// Cognito-named claims, JWT access tokens without `aud`, refresh tokens without offline_access and
// not repeated on refresh, PKCE (S256) always required, consent implied for these first-party app clients.
import crypto from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

import { idTokenClaims } from './user-directory.mjs';

// oidc-provider only signs JWT access tokens for a resource server; this one stands for
// "the user pool". It never shows: the `aud` it would carry is removed (see withoutAudience).
export const ACCESS_TOKEN_RESOURCE = 'urn:portal-local:cognito';

const COGNITO_REFRESH_TOKEN_TTL = 30 * 24 * 60 * 60; // Cognito's default: 30 days.

function scopeList(value) {
  return String(value ?? '').split(' ').filter(Boolean);
}

/**
 * Cognito client credentials: a `scope` parameter narrows the client's allowed scopes, any scope
 * outside them is invalid_scope, no `scope` means all allowed scopes.
 */
function applyClientCredentialsScopePolicy(ctx, client) {
  const { params } = ctx.oidc;
  const allowed = scopeList(client.scope);
  const requested = scopeList(params.scope);
  if (requested.length === 0) {
    params.scope = allowed.join(' ');
    return;
  }
  const refused = requested.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    throw new errors.InvalidScope('requested scope is not allowed for this client', refused.join(' '));
  }
}

/**
 * oidc-provider refuses to sign a JWT access token without `aud`, and Cognito's access tokens
 * have none. A non-enumerable `aud` passes that check and is skipped by JSON.stringify,
 * so the signed payload carries no `aud`.
 */
function withoutAudience(payload) {
  Object.defineProperty(payload, 'aud', {
    value: ACCESS_TOKEN_RESOURCE, enumerable: false, writable: true, configurable: true,
  });
}

/**
 * Cognito's /oauth2/revoke: a confidential client authenticates with Basic only, and just the presented refresh
 * token dies. oidc-provider would also revoke its grant, i.e. every refresh token of that hosted-UI session, so the
 * token is destroyed here and the grant revocation skipped (false). An unknown token never gets here: 200.
 */
async function revokeLikeCognito(ctx, client, token) {
  if (ctx.oidc.params.client_secret) {
    throw new errors.InvalidClientAuth('a confidential client sends its secret as Basic authorization here');
  }
  if (token.clientId !== client.clientId) {
    throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
  }
  await token.destroy();
  return false;
}

/** First-party app clients: consent is implied, as with a Cognito app client. */
async function grantForFirstPartyClient(ctx) {
  const { provider, client, session, account, params } = ctx.oidc;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  let grant = grantId ? await provider.Grant.find(grantId) : undefined;
  if (!grant || grant.accountId !== account.accountId) {
    grant = new provider.Grant({ clientId: client.clientId, accountId: account.accountId });
  }
  const allowed = scopeList(client.scope);
  const scopes = scopeList(params.scope).filter((scope) => allowed.includes(scope)).join(' ');
  grant.addOIDCScope(scopes);
  grant.addResourceScope(ACCESS_TOKEN_RESOURCE, scopes);
  await grant.save();
  return grant;
}

export function createCognitoProvider({ issuer, jwks, users, clients, accessTokenTtl, idTokenTtl }) {
  const configuration = {
    clients: clients.providerMetadata(),
    jwks,
    // Fresh per start: sessions live in memory, so a restart signs everyone out anyway.
    cookies: {
      keys: [crypto.randomBytes(32).toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: ['openid', ...clients.allScopes().filter((scope) => scope !== 'openid')],
    claims: {
      openid: ['sub', 'cognito:username', 'cognito:groups', 'token_use'],
      email: ['email', 'email_verified'],
      profile: [],
    },
    // Cognito puts the scope's claims in the id_token; there is no userinfo round trip here.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Cognito's sign-out is GET /logout (cognito-logout.mjs), not RP-initiated logout.
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
      revocation: { enabled: true, allowedPolicy: revokeLikeCognito },
      // Not part of Cognito; off so discovery does not advertise them.
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => ACCESS_TOKEN_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo(ctx, resource, client) {
          if (resource !== ACCESS_TOKEN_RESOURCE) {
            throw new errors.InvalidTarget('this user pool issues access tokens only for itself: send no resource parameter');
          }
          if (ctx.oidc.route === 'token' && ctx.oidc.params.grant_type === 'client_credentials') {
            applyClientCredentialsScopePolicy(ctx, client);
          }
          return {
            scope: client.scope,
            accessTokenFormat: 'jwt',
            accessTokenTTL: accessTokenTtl,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    formats: {
      customizers: {
        jwt(ctx, token, jwt) {
          // Cognito's access token header has just kid and alg.
          jwt.header = { typ: undefined };
          withoutAudience(jwt.payload);
          jwt.payload.token_use = 'access';
          const user = token.accountId ? users.findBySub(token.accountId) : undefined;
          if (user) {
            jwt.payload.username = user.username;
            if (user.groups.length > 0) jwt.payload['cognito:groups'] = [...user.groups];
          }
        },
      },
    },
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      IdToken: idTokenTtl,
      RefreshToken: COGNITO_REFRESH_TOKEN_TTL,
    },
    // Cognito issues a refresh token with every code grant, no offline_access needed,
    // keeps it valid after the hosted-UI session ends, and does not rotate it by default.
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    rotateRefreshToken: () => false,
    loadExistingGrant: grantForFirstPartyClient,
    // Cognito's hosted-UI paths, so the portal builds the same URLs for both.
    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      jwks: '/.well-known/jwks.json',
      revocation: '/oauth2/revoke',
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // A disabled user gets no tokens and keeps no session; a token or session from before the user's global
    // sign-out (AdminUserGlobalSignOut) is refused, as Cognito revokes them. Claims are read live, so group
    // changes show in the next tokens.
    async findAccount(ctx, sub, token) {
      const user = users.activeBySub(sub, token?.iat);
      if (!user) return undefined;
      return { accountId: sub, claims: async () => idTokenClaims(user) };
    },
    renderError(ctx, out) {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${out.error}: ${out.error_description ?? ''}\n`;
    },
  };

  const provider = new Provider(issuer, configuration);
  // Plain http on 127.0.0.1: ctx.secure stays false, so cookies are not marked Secure.
  provider.proxy = false;
  // The hosted-UI session of a user who was disabled or signed out everywhere since ends: the next authorize asks
  // for the password again (oidc-provider itself cannot continue a session whose account is gone).
  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/oauth2/authorize')) {
      const session = await provider.Session.get(ctx);
      if (session.accountId && !users.activeBySub(session.accountId, session.loginTs)) await session.destroy();
    }
    return next();
  });
  // Cognito answers a refresh with new id and access tokens only (the refresh token stays valid);
  // oidc-provider repeats the unrotated refresh token, so drop it.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'token' && ctx.oidc.params?.grant_type === 'refresh_token' && ctx.body?.refresh_token) {
      delete ctx.body.refresh_token;
    }
  });
  return provider;
}
