// The portal's settings that depend on where the local stack listens, derived from the stack's READY line,
// so that a port override (PORTAL_OIDC_PORT, ...) reaches every setting that names that port. infra/local/run
// evaluates its output; test/portal-env.test.mjs checks that every local URL in appsettings.json is covered.
import { fileURLToPath } from 'node:url';

export function portalEnv(ready) {
  const oidc = ready.oidc.replace(/\/$/, '');
  return {
    Portal__Mode: 'Local',
    Portal__Aws__DynamoDbServiceUrl: ready.dynamodb,
    Portal__Aws__S3ServiceUrl: ready.s3,
    Portal__Aws__CognitoServiceUrl: ready.cognito,
    Portal__Aws__SqsServiceUrl: ready.sqs,
    Portal__Aws__SnsServiceUrl: ready.sns,
    Portal__Auth__Authority: oidc,
    Portal__Tokens__TokenEndpoint: `${oidc}/oauth2/token`,
  };
}

// `node portal-env.mjs '<READY json>'` prints one `export NAME='value'` line per setting, for bash.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = portalEnv(JSON.parse(process.argv[2]));
  for (const [name, value] of Object.entries(env)) console.log(`export ${name}='${value.replaceAll("'", "'\\''")}'`);
}
