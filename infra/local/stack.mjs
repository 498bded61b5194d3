#!/usr/bin/env node
// Portal's local AWS stand-ins: DynamoDB Local (AWS's own emulator, Streams included; a Java child process), fauxqs (SQS
// and SNS on one port), s3rver (S3), an oidc-provider shaped like a Cognito user pool's hosted UI, and that pool's admin
// API (cognito-idp), both over one user directory. stdout carries exactly one line, `READY {...}` with the real
// endpoints; everything else goes to stderr. See README.md for the contract.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { lockDataFolder } from './data-folder-lock.mjs';
import { startDynamoDbLocal } from './dynamodb-server.mjs';
import { startMessaging } from './messaging-server.mjs';
import { createS3Server } from './s3-server.mjs';
import { EmailOutbox, RequestRates } from './oidc/admin-quotas.mjs';
import { AppClients } from './oidc/app-clients.mjs';
import { cognitoAdminApi } from './oidc/cognito-admin-api.mjs';
import { cognitoLogout } from './oidc/cognito-logout.mjs';
import { createCognitoProvider } from './oidc/cognito-provider.mjs';
import { signInRoutes } from './oidc/sign-in-routes.mjs';
import { loadOrCreateJwks } from './oidc/signing-keys.mjs';
import { UserDirectory } from './oidc/user-directory.mjs';
import { SettingsError, readSettings } from './settings.mjs';

const HOST = '127.0.0.1';
const SHUTDOWN_GRACE_MS = 5000;

class StartupError extends Error {}

const log = (message) => process.stderr.write(`[portal-local-stack] ${message}\n`);

function listen(server, port, service, envVar) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      reject(error.code === 'EADDRINUSE'
        ? new StartupError(`port ${port} for ${service} on ${HOST} is already in use: set ${envVar} to a free port (or stop what holds it).`)
        : error);
    };
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve(server.address().port);
    });
  });
}

function close(server) {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close((error) => {
      if (error) log(`closing a server: ${error.message}`);
      resolve();
    });
    // Keep-alive connections (browsers, SDK pools) would otherwise hold close() open.
    server.closeAllConnections();
  });
}

function oidcServer(settings, port, users) {
  const issuer = `http://${HOST}:${port}`;
  const clients = AppClients.fromFile(settings.clientsFile, settings.origins);
  const provider = createCognitoProvider({
    issuer,
    jwks: loadOrCreateJwks(path.join(settings.dataDir, 'oidc-jwks.json')),
    users,
    clients,
    accessTokenTtl: settings.accessTokenTtl,
    idTokenTtl: settings.idTokenTtl,
  });
  // No page of the sign-in stand-in may be framed (clickjacking of the login form), as Cognito's hosted UI refuses.
  provider.use(async (ctx, next) => {
    await next();
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', [ctx.response.get('Content-Security-Policy'), "frame-ancestors 'none'"].filter(Boolean).join('; '));
  });
  provider.use(cognitoLogout(provider, clients));
  provider.use(signInRoutes(provider, users));
  provider.on('server_error', (ctx, error) => log(`oidc server_error on ${ctx.path}: ${error.stack}`));
  provider.on('grant.error', (ctx, error) => log(`oidc token error: ${error.message} ${error.error_description ?? ''}`));
  return provider.callback();
}

async function start() {
  const servers = [];
  // Stand-ins that are not a node http.Server of ours (DynamoDB Local's JVM, fauxqs' fastify app).
  const services = [];
  const closeAll = () => Promise.all([...servers.map(close), ...services.map((service) => service.stop().catch((error) => log(`stopping: ${error.message}`)))]);
  let unlock = () => {};
  let settings;
  let stopping;
  // A throw-away folder (test fixtures) goes with the stack: the stack removes it itself, so it is removed
  // even when the process that started the stack was killed (its end of stdin closes all the same).
  const removeThrowAwayData = () => {
    if (settings?.removeDataOnExit) fs.rmSync(settings.dataDir, { recursive: true, force: true });
  };
  const stop = (code) => {
    stopping ??= (async () => {
      setTimeout(() => {
        log('servers did not close in time; exiting anyway.');
        removeThrowAwayData();
        process.exit(code);
      }, SHUTDOWN_GRACE_MS).unref();
      await closeAll();
      unlock();
      removeThrowAwayData();
      process.exit(code);
    })();
    return stopping;
  };

  let dynamodbStarting = Promise.resolve();
  try {
    settings = readSettings();
    fs.mkdirSync(settings.dataDir, { recursive: true });
    unlock = lockDataFolder(settings.dataDir, StartupError);

    // The JVM takes a few seconds to start: it starts first and the others start meanwhile.
    dynamodbStarting = startDynamoDbLocal({
      directory: path.join(settings.dataDir, 'dynamodb-local'), port: settings.ports.dynamodb, inMemory: settings.dynamodbInMemory, StartupError,
    }).then((service) => { services.push(service); return service; });
    dynamodbStarting.catch(() => {});

    const messaging = await startMessaging({ port: settings.ports.sqs, StartupError });
    services.push(messaging);

    const s3 = createS3Server(path.join(settings.dataDir, 's3'));
    servers.push(s3);
    const s3Port = await listen(s3, settings.ports.s3, 'S3 (s3rver)', 'PORTAL_S3_PORT');

    // Listen first, then build the provider: with port 0 the issuer needs the real port.
    const oidc = http.createServer();
    servers.push(oidc);
    const oidcPort = await listen(oidc, settings.ports.oidc, 'OIDC (Cognito stand-in)', 'PORTAL_OIDC_PORT');
    // One user pool for sign-in and the admin API; users.json seeds it, the data folder keeps its changes.
    const users = UserDirectory.open({ seedFile: settings.usersFile, stateFile: path.join(settings.dataDir, 'cognito-user-pool.json') });
    oidc.on('request', oidcServer(settings, oidcPort, users));

    const cognito = http.createServer(cognitoAdminApi({
      users,
      rates: new RequestRates(settings.cognitoMaxRps),
      outbox: new EmailOutbox({ file: path.join(settings.dataDir, 'cognito-outbox.jsonl'), perDay: settings.cognitoEmailsPerDay }),
      log,
    }));
    servers.push(cognito);
    const cognitoPort = await listen(cognito, settings.ports.cognito, 'Cognito admin API (cognito-idp)', 'PORTAL_COGNITO_PORT');
    const dynamodbPort = (await dynamodbStarting).port;

    process.on('SIGINT', () => stop(0));
    process.on('SIGTERM', () => stop(0));
    if (settings.exitWithStdin) {
      process.stdin.on('end', () => stop(0));
      process.stdin.on('close', () => stop(0));
      process.stdin.resume();
    }

    const endpoints = {
      dynamodb: `http://${HOST}:${dynamodbPort}`,
      s3: `http://${HOST}:${s3Port}`,
      oidc: `http://${HOST}:${oidcPort}`,
      cognito: `http://${HOST}:${cognitoPort}`,
      sqs: `http://${HOST}:${messaging.port}`,
      sns: `http://${HOST}:${messaging.port}`,
    };
    log(`data folder: ${settings.dataDir}`);
    log(`portal origins: ${settings.origins.join(', ')}`);
    process.stdout.write(`READY ${JSON.stringify(endpoints)}\n`);
  } catch (error) {
    log(error instanceof StartupError || error instanceof SettingsError
      ? `cannot start: ${error.message}`
      : `cannot start: ${error.stack}`);
    // A stand-in still starting (the JVM) is stopped once it is up.
    await dynamodbStarting.catch(() => {});
    await closeAll();
    unlock();
    process.exit(1);
  }
}

await start();
