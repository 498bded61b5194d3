// The Cognito app clients stand-in: clients.json turned into oidc-provider client metadata.
// Web clients get redirect/logout URIs from PORTAL_ORIGINS; machine clients only do client credentials.
import fs from 'node:fs';

function requireFields(entry, fields, kind) {
  for (const field of fields) {
    if (entry[field] === undefined || entry[field] === '') {
      throw new Error(`clients.json: ${kind} ${JSON.stringify(entry.clientId ?? '?')} needs "${field}".`);
    }
  }
  if (!Array.isArray(entry.scopes) || entry.scopes.length === 0) {
    throw new Error(`clients.json: ${kind} "${entry.clientId}" needs "scopes": a non-empty array.`);
  }
}

export class AppClients {
  #byId;

  constructor({ webClients = [], machineClients = [] }, origins) {
    this.web = webClients.map((entry) => {
      requireFields(entry, ['clientId', 'clientSecret', 'redirectPath', 'logoutPath'], 'web client');
      return {
        clientId: entry.clientId,
        clientSecret: entry.clientSecret,
        scopes: entry.scopes,
        redirectUris: origins.map((origin) => `${origin}${entry.redirectPath}`),
        logoutUris: origins.map((origin) => `${origin}${entry.logoutPath}`),
      };
    });
    this.machine = machineClients.map((entry) => {
      requireFields(entry, ['clientId', 'clientSecret'], 'machine client');
      return { clientId: entry.clientId, clientSecret: entry.clientSecret, scopes: entry.scopes };
    });
    this.#byId = new Map([...this.web, ...this.machine].map((client) => [client.clientId, client]));
  }

  static fromFile(file, origins) {
    return new AppClients(JSON.parse(fs.readFileSync(file, 'utf8')), origins);
  }

  find(clientId) {
    return this.#byId.get(clientId);
  }

  /** Every scope any client may hold: oidc-provider only refuses scopes it knows about. */
  allScopes() {
    return [...new Set([...this.#byId.values()].flatMap((client) => client.scopes))];
  }

  isWebClient(clientId) {
    return this.web.some((client) => client.clientId === clientId);
  }

  providerMetadata() {
    // The registered method is only a default: oidc-provider, like Cognito, takes the secret as basic or
    // post from any secret client (the portal's OIDC handler posts it).
    const web = this.web.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: client.redirectUris,
      // Not used by Cognito's /logout (handled in cognito-logout.mjs) but kept valid for oidc-provider.
      post_logout_redirect_uris: client.logoutUris,
      scope: client.scopes.join(' '),
      require_auth_time: true,
    }));
    const machine = this.machine.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: client.scopes.join(' '),
    }));
    return [...web, ...machine];
  }
}
