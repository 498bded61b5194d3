// Cognito's sign-out endpoint: GET /logout?client_id=...&logout_uri=...
// Ends the hosted-UI session and redirects only to a logout URI registered for that client;
// anything else is a 400 that names the wrong parameter and redirects nowhere.
function refuse(ctx, message) {
  ctx.status = 400;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `${message}\n`;
}

export function cognitoLogout(provider, clients) {
  return async function logout(ctx, next) {
    if (ctx.path !== '/logout') return next();
    if (ctx.method !== 'GET') return next();

    const clientId = ctx.query.client_id;
    const logoutUri = ctx.query.logout_uri;
    if (typeof clientId !== 'string' || clientId === '') {
      return refuse(ctx, 'client_id is missing: send the app client id, e.g. /logout?client_id=portal-web&logout_uri=...');
    }
    const client = clients.find(clientId);
    if (!client || !client.logoutUris) {
      return refuse(ctx, `client_id "${clientId}" is not a web app client of this user pool.`);
    }
    if (typeof logoutUri !== 'string' || logoutUri === '') {
      return refuse(ctx, 'logout_uri is missing: send one of the client\'s sign-out URLs.');
    }
    if (!client.logoutUris.includes(logoutUri)) {
      return refuse(ctx, `logout_uri "${logoutUri}" is not a sign-out URL of client "${clientId}"; allowed: ${client.logoutUris.join(', ')}`);
    }

    const session = await provider.Session.get(ctx);
    if (!session.new) await session.destroy();
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', signed: true };
    ctx.cookies.set(provider.cookieName('session'), null, cookieOptions);
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(logoutUri);
  };
}
