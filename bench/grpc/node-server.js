// (c) of bench/grpc: the same Echo on a @grpc/grpc-js server. Modules come from the pinned npm
// tools of the interop tests (scripts/npm-tools.sh installs them).
//   node bench/grpc/node-server.js 5102
'use strict';
const path = require('node:path');
const { createRequire } = require('node:module');

const nodeTools = createRequire(path.join(__dirname, '..', '..', 'tests', 'SalesMesh.Grpc.Interop.Tests', 'node', 'package.json'));
const grpc = nodeTools('@grpc/grpc-js');
const protoLoader = nodeTools('@grpc/proto-loader');

const port = Number(process.argv[2] ?? 5102);
const definition = protoLoader.loadSync('bench.proto', { includeDirs: [path.join(__dirname, 'GrpcBench', 'Protos')], longs: Number });
const bench = grpc.loadPackageDefinition(definition).salesmesh.bench.v1;

const server = new grpc.Server({ 'grpc.max_concurrent_streams': 100 });
server.addService(bench.BenchService.service, {
  Echo(call, callback) { callback(null, { text: call.request.text, id: call.request.id }); },
});
server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err) => {
  if (err) { console.error(err); process.exit(1); }
  console.log(`grpc-js bench server on ${port}`);
});
