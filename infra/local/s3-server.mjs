// S3 stand-in: s3rver persisting under {data}/s3. It accepts only the access key pair
// S3RVER / S3RVER (SigV4 signatures are parsed, not verified); unsigned requests pass.
import fs from 'node:fs';
import http from 'node:http';
import S3rver from 's3rver';

import { decodingAwsChunked } from './s3-aws-chunked.mjs';

const ALL_LEVELS = { error: true, warn: true, info: true, http: true, verbose: true, debug: true, silly: true };

export function createS3Server(directory) {
  fs.mkdirSync(directory, { recursive: true });
  const s3 = new S3rver({ directory, silent: false, configureBuckets: [] });
  // s3rver logs every request through winston to stdout; stdout carries only the READY line.
  for (const transport of s3.logger.transports) transport.stderrLevels = ALL_LEVELS;
  const server = http.createServer(decodingAwsChunked(s3.callback()));
  // s3rver's own listen() would unhook its logger on close; mirror that for our server.
  server.on('close', () => {
    s3.logger.exceptions.unhandle();
    s3.logger.close();
  });
  return server;
}
