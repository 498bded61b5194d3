// The hosted-UI sign-in form. Plain HTML, no script, so Playwright and AngleSharp can drive it.
export const LOGIN_HEADING = 'Sign in to Portal (local Cognito)';
export const WRONG_CREDENTIALS = 'Incorrect username or password.';
// Cognito's NotAuthorizedException message while a user is locked out after repeated failures.
export const LOCKED_OUT = 'Password attempts exceeded';
// Cognito's NotAuthorizedException message for a disabled user's sign-in.
export const USER_DISABLED = 'User is disabled.';
export const NEW_PASSWORD_HEADING = 'Change your temporary password';

function escapeHtml(text) {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const LOGIN_FIELDS = (username) => `
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" required autofocus value="${escapeHtml(username)}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>`;

const NEW_PASSWORD_FIELDS = `
      <label for="newPassword">New password</label>
      <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required autofocus>
      <button type="submit">Change password and sign in</button>`;

export function renderLoginPage({ uid, clientId, username = '', error }) {
  return renderPage({ heading: LOGIN_HEADING, clientId, error, action: `/interaction/${uid}/login`, fields: LOGIN_FIELDS(username) });
}

/** Cognito's hosted UI asks a user who signed in with a temporary password for a permanent one. */
export function renderNewPasswordPage({ uid, clientId, error }) {
  return renderPage({ heading: NEW_PASSWORD_HEADING, clientId, error, action: `/interaction/${uid}/new-password`, fields: NEW_PASSWORD_FIELDS });
}

function renderPage({ heading, clientId, error, action, fields }) {
  const message = error ? `\n    <p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(heading)}</title>
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
    <h1>${escapeHtml(heading)}</h1>
    <p class="client">App client: ${escapeHtml(clientId)}</p>${message}
    <form method="post" action="${escapeHtml(action)}">${fields}
    </form>
  </main>
</body>
</html>
`;
}
