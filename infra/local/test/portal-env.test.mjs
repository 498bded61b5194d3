// infra/local/run points the portal at the stack through portal-env.mjs: every appsettings.json value that
// names a local stack port must be overridden there, or a non-default port leaves it on the default one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { portalEnv } from '../portal-env.mjs';

const appsettings = JSON.parse(fs.readFileSync(new URL('../../../appsettings.json', import.meta.url), 'utf8'));
const READY = {
  dynamodb: 'http://127.0.0.1:14567', s3: 'http://127.0.0.1:14568', oidc: 'http://127.0.0.1:14569', cognito: 'http://127.0.0.1:14570',
  sqs: 'http://127.0.0.1:14571', sns: 'http://127.0.0.1:14571',
};

/** Every leaf of the settings as [`Portal__Tokens__TokenEndpoint`, value], as environment variables name them. */
function leaves(node, path = []) {
  if (node === null || typeof node !== 'object') return [[path.join('__'), String(node)]];
  return Object.entries(node).flatMap(([key, value]) => leaves(value, [...path, key]));
}

test('every appsettings value that names a local stack port follows the ports of the running stack', () => {
  const env = portalEnv(READY);
  const local = leaves(appsettings).filter(([, value]) => /127\.0\.0\.1:45\d\d|localhost:45\d\d/.test(value));
  assert.ok(local.length >= 5, `expected the local endpoints in appsettings.json, found ${local.length}`);
  for (const [name, value] of local) {
    assert.ok(name in env, `${name} (${value} in appsettings.json) is not overridden by portal-env.mjs`);
    const port = new URL(value).port;
    assert.ok(!env[name].includes(`:${port}`), `${name} still uses the default port ${port}: ${env[name]}`);
  }
  assert.equal(env.Portal__Tokens__TokenEndpoint, 'http://127.0.0.1:14569/oauth2/token');
  assert.equal(env.Portal__Aws__CognitoServiceUrl, 'http://127.0.0.1:14570');
  assert.equal(env.Portal__Aws__SqsServiceUrl, 'http://127.0.0.1:14571');
  assert.equal(env.Portal__Aws__SnsServiceUrl, 'http://127.0.0.1:14571');
});

test('the command line prints bash exports that survive quoting', () => {
  const script = fileURLToPath(new URL('../portal-env.mjs', import.meta.url));
  const out = execFileSync(process.execPath, [script, JSON.stringify(READY)], { encoding: 'utf8' });
  assert.match(out, /^export Portal__Auth__Authority='http:\/\/127\.0\.0\.1:14569'$/m);
  assert.match(out, /^export Portal__Tokens__TokenEndpoint='http:\/\/127\.0\.0\.1:14569\/oauth2\/token'$/m);
});
