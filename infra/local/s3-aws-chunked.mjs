// Real S3 decodes `Content-Encoding: aws-chunked` bodies (SigV4 streaming uploads and the
// trailing-checksum uploads AWS SDKs send by default); s3rver 3.7.1 stores them raw, chunk
// headers and all. This decodes such a body first so objects hold the bytes the client sent.
// Chunk signatures are not checked: s3rver does not check SigV4 signatures either.
import { Readable } from 'node:stream';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function isAwsChunked(headers) {
  const encoding = String(headers['content-encoding'] ?? '').toLowerCase();
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').map((item) => item.trim()).includes('aws-chunked') || sha.startsWith('STREAMING-');
}

/** Decodes `hex-size[;chunk-signature=...]\r\n data \r\n ... 0...\r\n [trailers]\r\n`. */
export function decodeAwsChunked(body) {
  const parts = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('aws-chunked body: chunk header has no CRLF');
    const sizeText = body.subarray(offset, lineEnd).toString('latin1').split(';')[0].trim();
    const size = Number.parseInt(sizeText, 16);
    if (!/^[0-9a-fA-F]+$/.test(sizeText) || Number.isNaN(size)) {
      throw new Error(`aws-chunked body: bad chunk size "${sizeText}"`);
    }
    const start = lineEnd + 2;
    if (size === 0) break; // the rest is optional trailers (e.g. x-amz-checksum-crc32)
    if (start + size > body.length) throw new Error('aws-chunked body: chunk runs past the end');
    parts.push(body.subarray(start, start + size));
    offset = start + size;
    if (body.toString('latin1', offset, offset + 2) !== '\r\n') {
      throw new Error('aws-chunked body: chunk data not followed by CRLF');
    }
    offset += 2;
  }
  return Buffer.concat(parts);
}

function plainHeaders(headers, length) {
  const result = { ...headers };
  const encodings = String(result['content-encoding'] ?? '')
    .split(',').map((item) => item.trim()).filter((item) => item && item.toLowerCase() !== 'aws-chunked');
  if (encodings.length > 0) result['content-encoding'] = encodings.join(', ');
  else delete result['content-encoding'];
  delete result['transfer-encoding'];
  delete result['x-amz-decoded-content-length'];
  delete result['x-amz-trailer'];
  result['content-length'] = String(length);
  result['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  return result;
}

async function readBody(req) {
  const parts = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`aws-chunked body larger than ${MAX_BODY_BYTES} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** Wraps an http request handler so aws-chunked requests reach it already decoded. */
export function decodingAwsChunked(handler) {
  return async (req, res) => {
    if (!isAwsChunked(req.headers)) return handler(req, res);
    let decoded;
    try {
      decoded = decodeAwsChunked(await readBody(req));
    } catch (error) {
      res.writeHead(400, { 'Content-Type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>IncompleteBody</Code><Message>${error.message}</Message></Error>`);
      return undefined;
    }
    // A stand-in request: same method/url/socket, decoded body, headers describing that body.
    const plain = Object.assign(Readable.from([decoded]), {
      method: req.method,
      url: req.url,
      headers: plainHeaders(req.headers, decoded.length),
      httpVersion: req.httpVersion,
      httpVersionMajor: req.httpVersionMajor,
      httpVersionMinor: req.httpVersionMinor,
      socket: req.socket,
      connection: req.socket,
      complete: true,
    });
    return handler(plain, res);
  };
}
