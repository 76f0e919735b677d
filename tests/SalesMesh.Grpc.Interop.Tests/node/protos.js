// Loads the interop test proto, grpc.health.v1 and google.rpc.Status/BadRequest for the
// grpc-js peers. Proto files are read at run time, the same files our .NET side compiles.
'use strict';
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const testProtos = path.join(__dirname, '..', 'Protos');
const healthProtos = path.join(__dirname, '..', '..', '..', 'platform', 'Grpc', 'Health', 'Protos');
const rpcProtos = path.join(__dirname, 'protos');

const loaderOptions = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

function loadInterop() {
  const def = protoLoader.loadSync('salesmesh/interop/v1/interop.proto', { ...loaderOptions, includeDirs: [testProtos] });
  return grpc.loadPackageDefinition(def).salesmesh.interop.v1;
}

function loadHealth() {
  const def = protoLoader.loadSync('grpc/health/v1/health.proto', { ...loaderOptions, includeDirs: [healthProtos] });
  return grpc.loadPackageDefinition(def).grpc.health.v1;
}

// protobufjs root holding google.rpc.Status and google.rpc.BadRequest (with google.protobuf.Any).
const rpcRoot = new protobuf.Root();
rpcRoot.resolvePath = (_origin, target) =>
  target.startsWith('google/protobuf/') ? target : path.join(rpcProtos, target);
rpcRoot.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
rpcRoot.resolveAll();
const StatusType = rpcRoot.lookupType('google.rpc.Status');
const BadRequestType = rpcRoot.lookupType('google.rpc.BadRequest');

// Decodes grpc-status-details-bin into { code, message, badRequest: [{field, description}] }.
function decodeStatusDetails(buffer) {
  const status = StatusType.decode(buffer);
  const violations = [];
  const detailTypes = [];
  for (const any of status.details) {
    detailTypes.push(any.type_url || any.typeUrl);
    if ((any.type_url || any.typeUrl) === 'type.googleapis.com/google.rpc.BadRequest') {
      for (const v of BadRequestType.decode(any.value).fieldViolations) {
        violations.push({ field: v.field, description: v.description });
      }
    }
  }
  return { code: status.code, message: status.message, detailTypes, violations };
}

function encodeStatusDetails(code, message, field, description) {
  const badRequest = BadRequestType.encode({ fieldViolations: [{ field, description }] }).finish();
  return Buffer.from(StatusType.encode({
    code,
    message,
    details: [{ type_url: 'type.googleapis.com/google.rpc.BadRequest', value: badRequest }],
  }).finish());
}

module.exports = { grpc, loadInterop, loadHealth, decodeStatusDetails, encodeStatusDetails };
