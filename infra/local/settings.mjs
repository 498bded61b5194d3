// Reads the stack's environment variables into one settings object.
// Every bad value fails with a message that names the variable to change.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const DEFAULT_ORIGINS = 'http://127.0.0.1:5080,http://localhost:5080';

export class SettingsError extends Error {}

function port(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  // 0 asks the OS for a free port; READY reports the real one.
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new SettingsError(`${name}="${raw}" is not a TCP port: use a whole number from 0 to 65535.`);
  }
  return value;
}

/** A whole number of at least 1, or undefined when unset. */
function count(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new SettingsError(`${name}="${raw}" is not a count: use a whole number, 1 or more.`);
  }
  return value;
}

function seconds(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new SettingsError(`${name}="${raw}" is not a lifetime: use a whole number of seconds, 1 or more.`);
  }
  return value;
}

function origins(env) {
  const raw = env.PORTAL_ORIGINS ?? DEFAULT_ORIGINS;
  const list = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (list.length === 0) {
    throw new SettingsError('PORTAL_ORIGINS is empty: give one or more origins such as "http://127.0.0.1:5080".');
  }
  return list.map((item) => {
    let url;
    try {
      url = new URL(item);
    } catch {
      throw new SettingsError(`PORTAL_ORIGINS entry "${item}" is not a URL: use scheme://host:port, e.g. "http://127.0.0.1:5080".`);
    }
    // An origin has no path: the redirect and logout URIs are built as {origin}/signin-oidc.
    if (url.origin !== item.replace(/\/$/, '') || !['http:', 'https:'].includes(url.protocol)) {
      throw new SettingsError(`PORTAL_ORIGINS entry "${item}" is not an origin: use only scheme://host:port, no path, e.g. "http://127.0.0.1:5080".`);
    }
    return url.origin;
  });
}

export function readSettings(env = process.env) {
  const dataDir = path.resolve(here, env.PORTAL_DATA_DIR || 'data');
  return {
    ports: {
      dynamodb: port(env, 'PORTAL_DYNAMODB_PORT', 4567),
      s3: port(env, 'PORTAL_S3_PORT', 4568),
      oidc: port(env, 'PORTAL_OIDC_PORT', 4569),
      cognito: port(env, 'PORTAL_COGNITO_PORT', 4570),
      // SQS and SNS share one port (fauxqs serves both).
      sqs: port(env, 'PORTAL_SQS_PORT', 4571),
    },
    origins: origins(env),
    dataDir,
    accessTokenTtl: seconds(env, 'PORTAL_OIDC_ACCESS_TOKEN_TTL', 3600),
    idTokenTtl: seconds(env, 'PORTAL_OIDC_ID_TOKEN_TTL', 3600),
    // Cognito's quotas, lowered by tests: every request-rate category capped at this many per second, and the
    // invitation emails a day (Cognito's default email sender allows 50).
    cognitoMaxRps: count(env, 'PORTAL_COGNITO_MAX_RPS', undefined),
    cognitoEmailsPerDay: count(env, 'PORTAL_COGNITO_EMAILS_PER_DAY', 50),
    exitWithStdin: env.PORTAL_STACK_EXIT_WITH_STDIN === '1',
    removeDataOnExit: env.PORTAL_STACK_REMOVE_DATA_ON_EXIT === '1',
    // DynamoDB Local keeps its tables in memory instead of SQLite files under the data folder: no disk writes per
    // request (benchmarks, throw-away test stacks); gone when the stack stops.
    dynamodbInMemory: env.PORTAL_DYNAMODB_IN_MEMORY === '1',
    usersFile: path.join(here, 'users.json'),
    clientsFile: path.join(here, 'clients.json'),
  };
}
