// Preloaded (`node --require`) into the CLI and the server by test/security/no-network.test.ts:
// every way to open a socket or resolve a name throws and is written to KH_SANDBOX_LOG, and so is
// every module loaded from KH_SANDBOX_WORKSPACE (the scanned folder must never be a source of code).
'use strict';
const fs = require('node:fs');
const Module = require('node:module');

const logPath = process.env.KH_SANDBOX_LOG;
const workspace = process.env.KH_SANDBOX_WORKSPACE;

// Proof that the sandbox was active in this process (the tests check it was).
if (process.env.KH_SANDBOX_ACTIVE) fs.appendFileSync(process.env.KH_SANDBOX_ACTIVE, `${process.pid}\n`);

function record(line) {
  if (logPath) fs.appendFileSync(logPath, `${line}\n`);
}

function deny(name) {
  return function denied() {
    record(`network: ${name}`);
    throw new Error(`kube-hardener test sandbox: ${name} is not allowed`);
  };
}

function denyAll(target, prefix, names) {
  for (const name of names) if (typeof target[name] === 'function') target[name] = deny(`${prefix}.${name}`);
}

const net = require('node:net');
denyAll(net, 'net', ['connect', 'createConnection', 'createServer']);
denyAll(net.Socket.prototype, 'net.Socket', ['connect']);
denyAll(net.Server.prototype, 'net.Server', ['listen']);
denyAll(require('node:tls'), 'tls', ['connect', 'createServer']);
denyAll(require('node:http'), 'http', ['request', 'get', 'createServer']);
denyAll(require('node:https'), 'https', ['request', 'get', 'createServer']);
denyAll(require('node:http2'), 'http2', ['connect', 'createServer', 'createSecureServer']);
denyAll(require('node:dgram'), 'dgram', ['createSocket']);
const dns = require('node:dns');
const lookups = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse'];
denyAll(dns, 'dns', lookups);
denyAll(dns.promises, 'dns.promises', lookups);
if (typeof globalThis.fetch === 'function') globalThis.fetch = deny('fetch');
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = deny('WebSocket');

const load = Module._load;
Module._load = function loadChecked(request, parent, isMain) {
  if (workspace) {
    try {
      const filename = Module._resolveFilename(request, parent, isMain);
      if (typeof filename === 'string' && filename.startsWith(workspace)) record(`code: ${filename}`);
    } catch {
      // Not resolvable: the real load reports it.
    }
  }
  return load.apply(this, arguments);
};
