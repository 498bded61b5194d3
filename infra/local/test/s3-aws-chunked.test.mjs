// The aws-chunked decoder in front of s3rver, on its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { awsChunked } from '../fixtures/aws-request.mjs';
import { decodeAwsChunked, isAwsChunked } from '../s3-aws-chunked.mjs';

test('decodes chunks back to the original bytes, even when the data holds CRLF', () => {
  const data = Buffer.from('line one\r\nline two\r\n0\r\n\u00e9\u0000binary', 'utf8');
  for (const size of [1, 5, 16, data.length, data.length + 10]) {
    assert.deepEqual(decodeAwsChunked(awsChunked(data, size)), data, `chunk size ${size}`);
  }
});

test('an empty object is just the final chunk', () => {
  assert.equal(decodeAwsChunked(Buffer.from('0\r\n\r\n')).length, 0);
});

test('malformed bodies fail with a reason', () => {
  assert.throws(() => decodeAwsChunked(Buffer.from('zz\r\nabc\r\n0\r\n\r\n')), /bad chunk size "zz"/);
  assert.throws(() => decodeAwsChunked(Buffer.from('10\r\nabc')), /runs past the end/);
  assert.throws(() => decodeAwsChunked(Buffer.from('3\r\nabcX0\r\n')), /not followed by CRLF/);
  assert.throws(() => decodeAwsChunked(Buffer.from('3')), /no CRLF/);
});

test('recognises aws-chunked by content-encoding or a STREAMING- payload hash, not plain uploads', () => {
  assert.equal(isAwsChunked({ 'content-encoding': 'aws-chunked' }), true);
  assert.equal(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' }), true);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }), true);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), false);
  assert.equal(isAwsChunked({ 'content-encoding': 'gzip' }), false);
});
