// How stack.mjs starts and stops: READY line, stable signing key, clear errors, clean exits.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';

import { AUTHORIZE_PATH, JWKS_PATH, pkcePair } from '../fixtures/code-flow.mjs';
import { BrowserSession } from '../fixtures/browser-session.mjs';
import { makeDataDir, startStack } from '../fixtures/stack-process.mjs';

async function kids(oidc) {
  const jwks = await (await fetch(new URL(JWKS_PATH, oidc))).json();
  return jwks.keys.map((key) => key.kid);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function occupyPort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function refusesConnections(url) {
  try {
    await fetch(url);
    return false;
  } catch (error) {
    return error.cause?.code === 'ECONNREFUSED';
  }
}

test('stdout is exactly one READY line with the endpoints on 127.0.0.1 (SQS and SNS on one port)', async () => {
  const stack = startStack();
  const endpoints = await stack.ready;
  assert.deepEqual(Object.keys(endpoints), ['dynamodb', 's3', 'oidc', 'cognito', 'sqs', 'sns']);
  assert.equal(endpoints.sqs, endpoints.sns);
  for (const url of Object.values(endpoints)) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const { code } = await stack.stop();
  assert.equal(code, 0);
  assert.equal(stack.output().stdout, `READY ${JSON.stringify(endpoints)}\n`);
});

test('a restart on the same data folder keeps the signing key (same kid)', async () => {
  const dataDir = makeDataDir();
  const first = startStack({ dataDir });
  const before = await kids((await first.ready).oidc);
  await first.stop();
  const second = startStack({ dataDir });
  const after = await kids((await second.ready).oidc);
  await second.stop();
  assert.equal(before.length, 1);
  assert.deepEqual(after, before);

  const other = startStack();
  const fresh = await kids((await other.ready).oidc);
  await other.stop();
  assert.notDeepEqual(fresh, before, 'a new data folder gets its own key');
});

test('a taken port fails with exit 1 and names the port and the variable to change', async () => {
  const blocker = await occupyPort();
  const { port } = blocker.address();
  try {
    const stack = startStack({ env: { PORTAL_S3_PORT: String(port) } });
    await assert.rejects(stack.ready, /exited with 1/);
    const { stdout, stderr } = stack.output();
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`port ${port} for S3 .* already in use: set PORTAL_S3_PORT`));
  } finally {
    blocker.close();
  }
});

for (const [variable, service] of [['PORTAL_DYNAMODB_PORT', 'DynamoDB'], ['PORTAL_SQS_PORT', 'SQS and SNS']]) {
  test(`a taken ${variable} fails with exit 1, names the variable and leaves no DynamoDB Local behind`, async () => {
    const blocker = await occupyPort();
    const { port } = blocker.address();
    try {
      const stack = startStack({ env: { [variable]: String(port) } });
      await assert.rejects(stack.ready, /exited with 1/);
      assert.match(stack.output().stderr, new RegExp(`port ${port} for ${service} .* already in use: set ${variable}`));
    } finally {
      blocker.close();
    }
  });
}

test('with PORTAL_DYNAMODB_IN_MEMORY=1 DynamoDB Local serves but writes nothing under the data folder', async () => {
  const dataDir = makeDataDir();
  const stack = startStack({ dataDir, env: { PORTAL_DYNAMODB_IN_MEMORY: '1' } });
  const { dynamodb } = await stack.ready;
  assert.equal(await refusesConnections(dynamodb), false);
  await stack.stop();
  assert.deepEqual(fs.existsSync(`${dataDir}/dynamodb-local`) ? fs.readdirSync(`${dataDir}/dynamodb-local`) : [], []);
});

test('the DynamoDB Local JVM ends with the stack', async () => {
  const stack = startStack();
  const { dynamodb } = await stack.ready;
  assert.equal(await refusesConnections(dynamodb), false);
  await stack.stop();
  assert.equal(await refusesConnections(dynamodb), true);
});

test('a bad setting fails with exit 1 and says what to change', async () => {
  const stack = startStack({ env: { PORTAL_ORIGINS: 'http://127.0.0.1:5080/app' } });
  await assert.rejects(stack.ready, /exited with 1/);
  assert.match(stack.output().stderr, /PORTAL_ORIGINS entry "http:\/\/127.0.0.1:5080\/app" is not an origin/);
});

test('SIGINT stops every server and exits 0, even with a keep-alive connection open', async () => {
  const stack = startStack();
  const endpoints = await stack.ready;
  await fetch(new URL('/.well-known/openid-configuration', endpoints.oidc)).then((response) => response.text());
  stack.child.kill('SIGINT');
  const { code, signal } = await stack.exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
  for (const url of Object.values(endpoints)) assert.equal(await refusesConnections(url), true, url);
});

test('PORTAL_ORIGINS decides which redirect URIs the web client may use', async () => {
  const stack = startStack({ env: { PORTAL_ORIGINS: 'http://127.0.0.1:7001, https://portal.test' } });
  const { oidc } = await stack.ready;
  const authorize = (redirectUri) => {
    const url = new URL(AUTHORIZE_PATH, oidc);
    const { challenge } = pkcePair();
    url.search = new URLSearchParams({
      client_id: 'portal-web', response_type: 'code', scope: 'openid', redirect_uri: redirectUri,
      code_challenge: challenge, code_challenge_method: 'S256', state: 's', nonce: 'n',
    });
    return new BrowserSession().follow(url, oidc);
  };
  try {
    for (const allowed of ['http://127.0.0.1:7001/signin-oidc', 'https://portal.test/signin-oidc']) {
      const { response } = await authorize(allowed);
      assert.equal(response.status, 200, allowed);
      assert.match(await response.text(), /Sign in to Portal/);
    }
    const { response, redirectedTo } = await authorize('http://127.0.0.1:5080/signin-oidc');
    assert.equal(redirectedTo, undefined);
    assert.equal(response.status, 400);
  } finally {
    await stack.stop();
  }
});

test('a second stack on a data folder in use fails with exit 1 and names the owner', async () => {
  const dataDir = makeDataDir();
  const first = startStack({ dataDir });
  await first.ready;
  try {
    const second = startStack({ dataDir });
    await assert.rejects(second.ready, /exited with 1/);
    assert.match(second.output().stderr, new RegExp(`in use by another stack \\(pid ${first.child.pid}\\).*PORTAL_DATA_DIR`));
  } finally {
    await first.stop();
  }
  // Stopped cleanly, so the folder is free again.
  const third = startStack({ dataDir });
  await third.ready;
  assert.equal((await third.stop()).code, 0);
});

/** Starts a stack under a parent process that reports the stack's pid and idles (to be SIGKILLed by the test). */
async function stackUnderParent(dataDir, env = {}) {
  const parentScript = `
    const { startStack } = await import(${JSON.stringify(new URL('../fixtures/stack-process.mjs', import.meta.url).href)});
    const stack = startStack({ dataDir: ${JSON.stringify(dataDir)}, env: ${JSON.stringify(env)} });
    const endpoints = await stack.ready;
    process.stdout.write(String(stack.child.pid) + ' ' + endpoints.dynamodb + '\\n');
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ['--input-type=module', '-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [stackPid, dynamodb] = await new Promise((resolve, reject) => {
    parent.stdout.once('data', (chunk) => {
      const [pid, endpoint] = String(chunk).trim().split(' ');
      resolve([Number.parseInt(pid, 10), endpoint]);
    });
    parent.once('exit', (code) => reject(new Error(`parent exited with ${code} before the stack was READY`)));
  });
  return { parent, stackPid, dynamodb };
}

async function waitWhile(condition) {
  const deadline = Date.now() + 10_000;
  while (condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

test('with PORTAL_STACK_EXIT_WITH_STDIN=1 the stack dies with its parent, even a SIGKILLed one', async () => {
  const dataDir = makeDataDir(); // owned by this process: the killed parent cannot clean up
  const { parent, stackPid, dynamodb } = await stackUnderParent(dataDir);
  assert.ok(isAlive(stackPid));
  parent.kill('SIGKILL');

  await waitWhile(() => isAlive(stackPid));
  assert.equal(isAlive(stackPid), false, `stack pid ${stackPid} outlived its parent`);
  // DynamoDB Local's JVM reads its stdin from the stack: the stack's end closes, so it goes too.
  let refused = false;
  for (const deadline = Date.now() + 10_000; !refused && Date.now() < deadline;) {
    refused = await refusesConnections(dynamodb);
    if (!refused) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(refused, true, `DynamoDB Local at ${dynamodb} outlived the stack`);
});

test('with PORTAL_STACK_REMOVE_DATA_ON_EXIT=1 the stack removes its throw-away data folder, even when its parent was killed', async () => {
  const dataDir = makeDataDir();
  const { parent, stackPid } = await stackUnderParent(dataDir, { PORTAL_STACK_REMOVE_DATA_ON_EXIT: '1' });
  assert.ok(fs.existsSync(`${dataDir}/dynamodb-local`), 'the stack wrote its data folder');
  parent.kill('SIGKILL');

  await waitWhile(() => isAlive(stackPid) || fs.existsSync(dataDir));
  assert.equal(fs.existsSync(dataDir), false, `${dataDir} outlived the stack`);
});
