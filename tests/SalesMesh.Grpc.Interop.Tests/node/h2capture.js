// A bare node:http2 server that records how a gRPC client framed its request — headers, the
// compressed flag and length of the first message — and answers an empty message with
// grpc-status 0. Independent of any gRPC library, so it shows what our client put on the wire.
// Prints {"port":N}, then one JSON line per request. Stops when stdin closes.
'use strict';
const http2 = require('node:http2');
const zlib = require('node:zlib');

const server = http2.createServer();
server.on('stream', (stream, headers) => {
  const chunks = [];
  stream.on('data', (c) => chunks.push(c));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    const flag = body.length ? body[0] : null;
    const length = body.length >= 5 ? body.readUInt32BE(1) : null;
    let decodedLength = null;
    if (flag === 1 && headers['grpc-encoding'] === 'gzip') decodedLength = zlib.gunzipSync(body.subarray(5, 5 + length)).length;
    process.stdout.write(JSON.stringify({
      path: headers[':path'], contentType: headers['content-type'], te: headers.te,
      grpcEncoding: headers['grpc-encoding'] ?? null, grpcAcceptEncoding: headers['grpc-accept-encoding'] ?? null,
      grpcTimeout: headers['grpc-timeout'] ?? null, userAgent: headers['user-agent'] ?? null,
      compressedFlag: flag, wireLength: length, decodedLength,
    }) + '\n');
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(Buffer.from([0, 0, 0, 0, 0]));
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n'));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
