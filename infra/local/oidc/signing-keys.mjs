// The provider's RS256 signing key lives in {data}/oidc-jwks.json: made once, reused after,
// so tokens and the portal's cached JWKS stay valid across restarts (as Cognito's keys do).
import crypto from 'node:crypto';
import fs from 'node:fs';

function createJwks() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' }] };
}

export function loadOrCreateJwks(file) {
  if (fs.existsSync(file)) {
    const jwks = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) {
      throw new Error(`${file} holds no keys: delete it and the stack makes a new RS256 key.`);
    }
    return jwks;
  }
  const jwks = createJwks();
  // Written with mode 0600 and renamed into place so a crash never leaves half a key file.
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(jwks, null, 2), { mode: 0o600 });
  fs.renameSync(temporary, file);
  return jwks;
}
