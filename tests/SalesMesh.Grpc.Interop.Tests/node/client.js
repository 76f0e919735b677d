// Drives one interop scenario with @grpc/grpc-js as the CLIENT against a server under test and
// prints what it observed as one JSON line; the xunit test asserts on it. Exit code 0 unless the
// script itself broke (an RPC error is an observation, not a script failure).
//   node client.js <host:port> <scenario>
'use strict';
const http2 = require('node:http2');
const zlib = require('node:zlib');
const { grpc, loadInterop, loadHealth, decodeStatusDetails } = require('./protos.js');

const [address, scenario] = process.argv.slice(2);
const interop = loadInterop();
const insecure = grpc.credentials.createInsecure();
const newClient = (options = {}) => new interop.InteropService(address, insecure, options);

// Runs a unary call; resolves to { response, headers, trailers } or { error } without throwing.
function unary(client, method, request, { metadata = new grpc.Metadata(), deadlineMs } = {}) {
  return new Promise((resolve) => {
    const options = deadlineMs ? { deadline: new Date(Date.now() + deadlineMs) } : {};
    const result = {};
    const call = client[method](request, metadata, options, (error, response) => {
      if (error) result.error = describeError(error); else result.response = response;
    });
    call.on('metadata', (m) => { result.headers = flatten(m); });
    call.on('status', (s) => { result.trailers = flatten(s.metadata); resolve(result); });
  });
}

function describeError(error) {
  const out = { code: error.code, details: error.details };
  const raw = error.metadata && error.metadata.get('grpc-status-details-bin')[0];
  if (raw) out.statusDetails = decodeStatusDetails(raw);
  return out;
}

function flatten(metadata) {
  const out = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    out[key] = Buffer.isBuffer(value) ? `base64:${value.toString('base64')}` : String(value);
  }
  return out;
}

function streamToList(call) {
  return new Promise((resolve) => {
    const items = [];
    call.on('data', (m) => items.push(m));
    call.on('error', (e) => resolve({ items, error: describeError(e) }));
    call.on('end', () => resolve({ items }));
  });
}

// Sends one gzip-compressed Echo over raw HTTP/2 and reports how the server framed its answer,
// because grpc-js hides the response's grpc-encoding header and compressed flag.
function rawGzipProbe() {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${address}`);
    session.on('error', reject);
    // EchoRequest{ text = "gzip", response_size = 65536 } — field 1 (LEN) and field 3 (varint).
    const message = Buffer.concat([Buffer.from([0x0a, 4]), Buffer.from('gzip'), Buffer.from([0x18, 0x80, 0x80, 0x04])]);
    const compressed = zlib.gzipSync(message);
    const frame = Buffer.alloc(5 + compressed.length);
    frame[0] = 1;
    frame.writeUInt32BE(compressed.length, 1);
    compressed.copy(frame, 5);
    const req = session.request({
      ':method': 'POST', ':path': '/salesmesh.interop.v1.InteropService/Echo',
      'content-type': 'application/grpc', te: 'trailers',
      'grpc-encoding': 'gzip', 'grpc-accept-encoding': 'gzip,identity',
    });
    const chunks = [];
    let headers;
    req.on('response', (h) => { headers = h; });
    req.on('data', (c) => chunks.push(c));
    req.on('trailers', (t) => {
      const body = Buffer.concat(chunks);
      const flag = body.length ? body[0] : null;
      const length = body.length >= 5 ? body.readUInt32BE(1) : null;
      let decodedLength = null;
      if (flag === 1) decodedLength = zlib.gunzipSync(body.subarray(5, 5 + length)).length;
      session.close();
      resolve({
        contentType: headers['content-type'], responseEncoding: headers['grpc-encoding'] ?? null,
        compressedFlag: flag, wireLength: length, decodedLength, grpcStatus: t['grpc-status'],
      });
    });
    req.end(frame);
  });
}

const scenarios = {
  async unary() {
    return unary(newClient(), 'Echo', { text: '你好, interop' });
  },

  async metadata() {
    const md = new grpc.Metadata();
    md.set('x-interop-text', 'plain-ascii');
    md.set('x-interop-bin', Buffer.from([0x00, 0x01, 0xfe, 0xff]));
    return unary(newClient(), 'Echo', { text: 'md' }, { metadata: md });
  },

  async serverStream() {
    return streamToList(newClient().Count({ count: 5 }));
  },

  async serverStreamError() {
    // The pause after each message keeps clear of grpc-js dropping the last messages when an
    // error status arrives right behind them (grpc/grpc-node#2764, a client-side race).
    return streamToList(newClient().Count({ count: 3, delayMs: 100, failCodeAfter: 9 }));
  },

  async clientStream() {
    return new Promise((resolve) => {
      const call = newClient().Sum((error, response) => resolve(error ? { error: describeError(error) } : { response }));
      for (let i = 1; i <= 100; i++) call.write({ value: i });
      call.end();
    });
  },

  async bidi() {
    // Ping-pong: send the next message only after the previous answer arrived, which a server
    // that buffers the whole request stream could never satisfy.
    const call = newClient().Chat();
    const answers = [];
    return new Promise((resolve) => {
      let seq = 0;
      const send = () => { seq += 1; call.write({ text: `m${seq}`, seq }); };
      call.on('data', (m) => { answers.push(m); if (seq < 5) send(); else call.end(); });
      call.on('error', (e) => resolve({ answers, error: describeError(e) }));
      call.on('end', () => resolve({ answers }));
      send();
    });
  },

  async richError() {
    return unary(newClient(), 'Echo', { failCode: 3, failMessage: '邮箱格式不正确 / bad e-mail: 100%', failField: 'email' });
  },

  async deadline() {
    // Warm the connection and the server's method first, so the deadline is spent inside the
    // handler (which must see its token fire), not on connection setup or first-call JIT.
    const client = newClient();
    await unary(client, 'Echo', { text: 'warm-up' });
    const started = Date.now();
    const result = await unary(client, 'Echo', { text: 'slow', delayMs: 10000 }, { deadlineMs: 1000 });
    return { ...result, elapsedMs: Date.now() - started };
  },

  async cancel() {
    const call = newClient().Count({ count: 1000, delayMs: 20 });
    return new Promise((resolve) => {
      const items = [];
      call.on('data', (m) => { items.push(m); if (items.length === 3) call.cancel(); });
      call.on('error', (e) => resolve({ received: items.length, error: describeError(e) }));
      call.on('end', () => resolve({ received: items.length }));
    });
  },

  async gzip() {
    const client = newClient({ 'grpc.default_compression_algorithm': 2 });
    const payload = Buffer.alloc(200 * 1024, 'salesmesh ');
    const result = await unary(client, 'Echo', { text: 'gz', payload });
    if (result.response) result.response = { ...result.response, payload: result.response.payload.length };
    return { grpcJs: result, raw: await rawGzipProbe() };
  },

  async large() {
    const size = 3 * 1024 * 1024;
    const payload = Buffer.alloc(size, 7);
    const result = await unary(newClient(), 'Echo', { text: 'large', payload, responseSize: size });
    if (result.response) result.response = { text: result.response.text, payloadLength: result.response.payload.length };
    return result;
  },

  async overLimitRequest() {
    // 5 MB request: above the server's default 4 MB receive limit.
    const client = newClient({ 'grpc.max_send_message_length': 64 * 1024 * 1024 });
    return unary(client, 'Echo', { text: 'too big', payload: Buffer.alloc(5 * 1024 * 1024, 1) });
  },

  async overLimitResponse() {
    // 5 MB response: above grpc-js's default 4 MB receive limit; the server must still be fine.
    const result = await unary(newClient(), 'Echo', { text: 'big answer', responseSize: 5 * 1024 * 1024 });
    const after = await unary(newClient(), 'Echo', { text: 'still alive' });
    return { ...result, after: after.response ? after.response.text : after.error };
  },

  async watch() {
    // Streams each status as its own line as soon as it arrives (the test flips health between
    // lines), then stops after argv[5] statuses with a final summary line.
    const health = loadHealth();
    const client = new health.Health(address, insecure);
    const wanted = Number(process.argv[5] ?? 3);
    const call = client.Watch({ service: process.argv[4] ?? '' });
    const statuses = [];
    return new Promise((resolve) => {
      call.on('data', (m) => {
        statuses.push(m.status);
        process.stdout.write(JSON.stringify({ status: m.status }) + '\n');
        if (statuses.length >= wanted) { call.cancel(); resolve({ statuses }); }
      });
      call.on('error', (e) => { if (e.code !== grpc.status.CANCELLED) resolve({ statuses, error: describeError(e) }); });
      call.on('end', () => resolve({ statuses, ended: true }));
    });
  },

  async health() {
    const health = loadHealth();
    const client = new health.Health(address, insecure);
    const check = (service) => new Promise((resolve) =>
      client.Check({ service }, (error, response) => resolve(error ? { error: describeError(error) } : response)));
    return { overall: await check(''), known: await check(process.argv[4] ?? ''), unknown: await check('no.such.Service') };
  },
};

(async () => {
  const run = scenarios[scenario];
  if (!run) throw new Error(`unknown scenario ${scenario}; known: ${Object.keys(scenarios).join(', ')}`);
  const result = await run();
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
})().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(2); });
