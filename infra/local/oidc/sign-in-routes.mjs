// The hosted-UI sign-in: GET /interaction/:uid shows the form, POST /interaction/:uid/login checks it.
// Koa middleware mounted with provider.use(): oidc-provider routes everything else.
import { LOCKED_OUT, LOGIN_HEADING, WRONG_CREDENTIALS, renderLoginPage } from './login-page.mjs';

const MAX_FORM_BYTES = 16 * 1024;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/;

async function readForm(req) {
  let size = 0;
  const parts = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    parts.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(parts).toString('utf8'));
}

function sendHtml(ctx, status, html) {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}

function sendExpired(ctx) {
  ctx.status = 400;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `${LOGIN_HEADING}: this sign-in attempt is unknown or expired. Go back to the portal and sign in again.\n`;
}

export function signInRoutes(provider, users) {
  return async function signIn(ctx, next) {
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const [, uid, login] = match;
    const isForm = !login && ctx.method === 'GET';
    const isSubmit = login && ctx.method === 'POST';
    if (!isForm && !isSubmit) return next();

    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      return sendExpired(ctx);
    }
    if (details.uid !== uid || details.prompt.name !== 'login') return sendExpired(ctx);
    const clientId = details.params.client_id;

    if (isForm) return sendHtml(ctx, 200, renderLoginPage({ uid, clientId }));

    const form = await readForm(ctx.req);
    const username = form.get('username') ?? '';
    const { user, locked } = users.signIn(username, form.get('password') ?? '');
    if (!user) {
      return sendHtml(ctx, 200, renderLoginPage({ uid, clientId, username, error: locked ? LOCKED_OUT : WRONG_CREDENTIALS }));
    }
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
      login: { accountId: user.sub, remember: true },
    }, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(returnTo);
  };
}
