// A @grpc/grpc-js server implementing salesmesh.interop.v1.InteropService, used as the
// independent peer for our .NET client. Prints {"port":N} once listening, then one JSON line per
// notable server-side event ({"event":"cancelled","method":"Count"}, ...). Stops when stdin closes.
//   node server.js            (listens on 127.0.0.1, a free port, plaintext HTTP/2)
'use strict';
const { grpc, loadInterop, encodeStatusDetails } = require('./protos.js');

const interop = loadInterop();
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

function seenMetadata(metadata) {
  const seen = [];
  for (const [key, values] of Object.entries(metadata.getMap())) {
    if (!key.startsWith('x-interop-')) continue;
    const value = Buffer.isBuffer(values) ? values.toString('base64') : String(values);
    seen.push(`${key}=${value}`);
  }
  // grpc-js merges repeated keys in getMap(); read binary keys through get() to keep them exact.
  return seen.sort();
}

function replyMetadata(call) {
  const headers = new grpc.Metadata();
  headers.set('x-interop-reply', 'from-grpc-js');
  call.sendMetadata(headers);
  const trailers = new grpc.Metadata();
  trailers.set('x-interop-trailer-bin', Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  return trailers;
}

function failure(code, message, field) {
  const trailers = new grpc.Metadata();
  trailers.set('grpc-status-details-bin', encodeStatusDetails(code, message, field, `${field} 无效 / ${field} is invalid`));
  return { code, details: message, metadata: trailers };
}

// grpc-js also raises 'cancelled' when a finished call's stream closes, so only a cancellation
// that arrives before the handler finished counts.
function whenCancelled(call, method) {
  call.on('cancelled', () => { if (!call.finished) emit({ event: 'cancelled', method }); });
}
const finish = (call) => { call.finished = true; };

const service = {
  Echo(call, callback) {
    whenCancelled(call, 'Echo');
    const req = call.request;
    const answer = () => {
      if (call.cancelled) return;
      finish(call);
      if (req.failCode) {
        callback(failure(req.failCode, req.failMessage, req.failField));
        return;
      }
      const trailers = replyMetadata(call);
      const payload = req.responseSize > 0 ? Buffer.alloc(req.responseSize, 0x61) : req.payload;
      emit({ event: 'echo', requestBytes: req.payload.length });
      callback(null, {
        text: req.text,
        payload,
        seenMetadata: seenMetadata(call.metadata),
        // grpc-js strips grpc-encoding before the handler sees it, so it cannot report it.
        requestEncoding: 'unknown',
      }, trailers);
    };
    if (req.delayMs > 0) setTimeout(answer, req.delayMs); else answer();
  },

  Count(call) {
    whenCancelled(call, 'Count');
    const { count, delayMs, failCodeAfter } = call.request;
    let index = 0;
    const next = () => {
      if (call.cancelled) return;
      if (index >= count) {
        finish(call);
        if (failCodeAfter) call.emit('error', failure(failCodeAfter, 'failed after stream', 'count'));
        else call.end();
        return;
      }
      index += 1;
      call.write({ index });
      setTimeout(next, delayMs);
    };
    next();
  },

  Sum(call, callback) {
    whenCancelled(call, 'Sum');
    let total = 0;
    let count = 0;
    call.on('data', (m) => { total += Number(m.value); count += 1; });
    call.on('end', () => { finish(call); callback(null, { total, count }); });
  },

  Chat(call) {
    whenCancelled(call, 'Chat');
    call.on('data', (m) => call.write({ text: `echo:${m.text}`, seq: m.seq }));
    call.on('end', () => { finish(call); call.end(); });
  },
};

// grpc-js servers decompress gzip requests but never compress responses (its own source says
// so), so response compression is checked against our server instead.
const server = new grpc.Server({
  'grpc.max_receive_message_length': 4 * 1024 * 1024,
  'grpc.max_send_message_length': 16 * 1024 * 1024,
});
server.addService(interop.InteropService.service, service);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) { emit({ error: String(err) }); process.exit(1); }
  emit({ port });
});
process.stdin.resume();
process.stdin.on('end', () => server.tryShutdown(() => process.exit(0)));
