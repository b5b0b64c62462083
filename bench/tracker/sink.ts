// The local sink of bench/tracker, run in a child process: it answers POST /api/analytics/ingest/track like ingest
// (reads and gunzips the body, counts its events, `{ accepted, duplicates: 0, rejected: [] }`) and GET /count.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

let events = 0;
let requests = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.end(JSON.stringify({ events, requests }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const n = (JSON.parse(body.toString('utf8')) as { events: unknown[] }).events.length;
    events += n;
    requests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ accepted: n, duplicates: 0, rejected: [] }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(0));
