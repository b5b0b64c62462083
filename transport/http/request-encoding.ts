// Request bodies sent with `Content-Encoding: gzip` (the tracker's HTTP transport gzips its batches) are gunzipped
// before any parser reads them, the decompressed size bounded by the route's body limit so a gzip bomb costs the
// server no more than an uncompressed body would. `identity` passes through; any other encoding answers 415.
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { bodyTooLargeMessage } from '../errors.ts';

/** An error fastify's error handler answers with its status and message. */
function httpError(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

/** The encodings of a Content-Encoding header, outermost last, without `identity`. */
function codingsOf(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/** Registers the preParsing hook on the root instance (it applies to every route, tRPC's included). */
export function decodeRequestBodies(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, _reply, payload) => {
    const codings = codingsOf(req.headers['content-encoding']);
    if (codings.length === 0) return payload;
    if (codings.length > 1 || (codings[0] !== 'gzip' && codings[0] !== 'x-gzip')) {
      throw httpError(415, `content-encoding: ${codings.join(', ')} is not supported (send gzip or identity)`);
    }
    const limit = req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
    const gunzip = createGunzip();
    let decodedLength = 0;
    const bounded = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        decodedLength += chunk.length;
        if (decodedLength <= limit) return callback(null, chunk);
        // Stop inflating at once: the parser would refuse past the limit too, but only after the bytes were made.
        payload.unpipe(gunzip);
        gunzip.destroy();
        callback(httpError(413, bodyTooLargeMessage(limit, true)));
      },
    });
    // fastify compares Content-Length with what arrived on the wire: it reads this property of the stream it is given.
    const decoded = bounded as Transform & { receivedEncodedLength: number };
    decoded.receivedEncodedLength = 0;
    payload.pipe(gunzip).pipe(bounded);
    payload.on('data', (chunk: Buffer) => {
      decoded.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (err) => bounded.destroy(err));
    gunzip.on('error', (err) => bounded.destroy(httpError(400, `content-encoding: the body is not valid gzip (${err.message})`)));
    return decoded;
  });
}
