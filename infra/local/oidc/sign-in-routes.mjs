// The hosted-UI sign-in: GET /interaction/:uid shows the form, POST /interaction/:uid/login checks it, and a user
// with a temporary password (FORCE_CHANGE_PASSWORD) chooses a permanent one at POST /interaction/:uid/new-password.
// Koa middleware mounted with provider.use(): oidc-provider routes everything else.
import {
  LOCKED_OUT, LOGIN_HEADING, USER_DISABLED, WRONG_CREDENTIALS, renderLoginPage, renderNewPasswordPage,
} from './login-page.mjs';
import { passwordPolicyProblem } from './user-directory.mjs';

const MAX_FORM_BYTES = 16 * 1024;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/new-password)?$/;

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

async function finish(ctx, provider, user) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
    login: { accountId: user.sub, remember: true },
  }, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

export function signInRoutes(provider, users) {
  // interaction uid -> username that proved its temporary password and must now choose a permanent one
  const mustChangePassword = new Map();
  return async function signIn(ctx, next) {
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const [, uid, step] = match;
    const isForm = !step && ctx.method === 'GET';
    const isSubmit = step && ctx.method === 'POST';
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
    if (step === '/new-password') {
      const user = users.find(mustChangePassword.get(uid));
      if (!user) return sendExpired(ctx);
      const problem = passwordPolicyProblem(form.get('newPassword') ?? '');
      if (problem) return sendHtml(ctx, 200, renderNewPasswordPage({ uid, clientId, error: problem }));
      users.setPermanentPassword(user.username, form.get('newPassword'));
      mustChangePassword.delete(uid);
      return finish(ctx, provider, user);
    }

    const username = form.get('username') ?? '';
    const { user, locked, disabled } = users.signIn(username, form.get('password') ?? '');
    if (!user) {
      const error = locked ? LOCKED_OUT : disabled ? USER_DISABLED : WRONG_CREDENTIALS;
      return sendHtml(ctx, 200, renderLoginPage({ uid, clientId, username, error }));
    }
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      mustChangePassword.set(uid, user.username);
      return sendHtml(ctx, 200, renderNewPasswordPage({ uid, clientId }));
    }
    return finish(ctx, provider, user);
  };
}
