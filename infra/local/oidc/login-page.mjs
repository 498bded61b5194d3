// The hosted-UI sign-in form. Plain HTML, no script, so Playwright and AngleSharp can drive it.
export const LOGIN_HEADING = 'Sign in to Portal (local Cognito)';
export const WRONG_CREDENTIALS = 'Incorrect username or password.';
// Cognito's NotAuthorizedException message while a user is locked out after repeated failures.
export const LOCKED_OUT = 'Password attempts exceeded';

function escapeHtml(text) {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderLoginPage({ uid, clientId, username = '', error }) {
  const message = error ? `\n    <p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(LOGIN_HEADING)}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 4rem auto; padding: 0 1rem; }
    label { display: block; margin-top: 1rem; }
    input { width: 100%; box-sizing: border-box; padding: .4rem; }
    button { margin-top: 1.5rem; padding: .5rem 1rem; }
    .error { color: #b00020; }
    .client { color: #555; font-size: .9rem; }
  </style>
</head>
<body>
  <main>
    <h1>${escapeHtml(LOGIN_HEADING)}</h1>
    <p class="client">App client: ${escapeHtml(clientId)}</p>${message}
    <form method="post" action="/interaction/${escapeHtml(uid)}/login">
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" required autofocus value="${escapeHtml(username)}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
  </main>
</body>
</html>
`;
}
