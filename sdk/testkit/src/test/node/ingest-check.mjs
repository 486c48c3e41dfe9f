// Talks to the CT-Ops ingest port with @grpc/grpc-js (a gRPC stack the team did not write) and
// prints ONE JSON line describing what happened:
//   heartbeatWithoutCertificate  Heartbeat over TLS without a client certificate (must be refused)
//   register                     Register with a fresh P-256 key and a PKCS#10 CSR built here
//   heartbeatWithCertificate     Heartbeat over mutual TLS with the issued certificate and JWT
//
// Usage: node ingest-check.mjs --address localhost:9443 --ca ca.pem --proto agent.proto --token <secret>
//        [--hostname node-agent] [--timeout-ms 20000]
//
// The CSR is encoded by hand (a few DER helpers below) and signed with node:crypto, so neither
// the key nor the request passes through BouncyCastle or any other code of the server's side.
import { generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const { values: args } = parseArgs({
  options: {
    address: { type: 'string' },
    ca: { type: 'string' },
    proto: { type: 'string' },
    token: { type: 'string' },
    hostname: { type: 'string', default: 'node-agent' },
    'timeout-ms': { type: 'string', default: '20000' },
  },
  strict: true,
});
for (const required of ['address', 'ca', 'proto', 'token']) {
  if (!args[required]) {
    process.stderr.write(`missing --${required}\n`);
    process.exit(2);
  }
}
const timeoutMs = Number(args['timeout-ms']);

const definition = protoLoader.loadSync(args.proto, {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const AgentIngest = grpc.loadPackageDefinition(definition).ctops.agent.v1.AgentIngest;
const caPem = readFileSync(args.ca);

// ---- DER, just enough for a PKCS#10 request ------------------------------------------------
function derLength(length) {
  if (length < 0x80) return Buffer.from([length]);
  const bytes = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function der(tag, ...contents) {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}
const sequence = (...items) => der(0x30, ...items);
const set = (...items) => der(0x31, ...items);
function oid(dotted) {
  const arcs = dotted.split('.').map(Number);
  const bytes = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const base128 = [arc & 0x7f];
    for (let rest = arc >>> 7; rest > 0; rest >>>= 7) base128.unshift(0x80 | (rest & 0x7f));
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}
const OID_COMMON_NAME = '2.5.4.3';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** RFC 2986 CertificationRequest for the key pair, subject CN=<commonName>, no attributes. */
function pkcs10(publicKey, privateKey, commonName) {
  const subject = sequence(set(sequence(oid(OID_COMMON_NAME), der(0x0c, Buffer.from(commonName, 'utf8')))));
  const info = sequence(
    der(0x02, Buffer.from([0])), // version v1
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    Buffer.from([0xa0, 0x00]), // attributes [0] IMPLICIT SET OF, empty
  );
  const signature = sign('sha256', info, { key: privateKey, dsaEncoding: 'der' });
  return sequence(info, sequence(oid(OID_ECDSA_WITH_SHA256)), der(0x03, Buffer.from([0]), signature));
}

// ---- calls -----------------------------------------------------------------------------------
function statusOf(error) {
  return {
    code: error.code,
    codeName: grpc.status[error.code] ?? null,
    details: error.details ?? error.message,
  };
}

/** Opens Heartbeat, sends one request, resolves with the first answer or the status it ended with. */
function heartbeatOnce(client, metadata, sequenceNumber) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value) => {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    };
    const call = client.Heartbeat(metadata, { deadline: Date.now() + timeoutMs });
    call.on('data', (response) => {
      settle({ ok: true, ack_sequence: response.ack_sequence, interval_secs: response.interval_secs });
      call.end();
    });
    call.on('error', (error) => settle({ ok: false, ...statusOf(error) }));
    call.on('end', () => settle({ ok: false, code: null, codeName: null, details: 'stream ended without an answer' }));
    call.write({ sequence: String(sequenceNumber), agent_version: 'node-check' });
  });
}

function register(client, request) {
  return new Promise((resolve) => {
    client.Register(request, { deadline: Date.now() + timeoutMs }, (error, response) => {
      resolve(error ? { ok: false, ...statusOf(error) } : { ok: true, response });
    });
  });
}

const result = { node: process.version, grpcJs: grpcVersion() };
const serverOnly = grpc.credentials.createSsl(caPem);

// 1. Heartbeat with no client certificate, with an authorization header so the certificate is
//    the only thing missing.
{
  const client = new AgentIngest(args.address, serverOnly);
  const metadata = new grpc.Metadata();
  metadata.set('authorization', 'Bearer not-a-real-jwt');
  result.heartbeatWithoutCertificate = await heartbeatOnce(client, metadata, 1);
  client.close();
}

// 2. Register with a key and CSR made here.
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const csr = pkcs10(publicKey, privateKey, 'ctops-node-agent');
let registered = null;
{
  const client = new AgentIngest(args.address, serverOnly);
  const answer = await register(client, {
    org_token: args.token,
    public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }),
    csr_der: csr,
    platform: { hostname: args.hostname, os: 'linux', os_version: 'node', arch: process.arch, ip_addresses: ['127.0.0.1'] },
    tags: { client: 'grpc-js' },
    agent_version: 'node-check',
  });
  client.close();
  if (answer.ok) {
    const r = answer.response;
    result.register = {
      ok: true,
      agent_id: r.agent_id,
      status: r.status,
      hasClientCertificate: r.client_certificate_der.length > 0,
      hasJwt: r.jwt.length > 0,
    };
    if (r.client_certificate_der.length > 0) {
      const issued = new X509Certificate(r.client_certificate_der);
      const ca = new X509Certificate(caPem);
      result.register.certificateIssuedByCa = issued.checkIssued(ca) && issued.verify(ca.publicKey);
      result.register.certificateMatchesKey = issued.checkPrivateKey(privateKey);
      result.register.certificateSubjectAltName = issued.subjectAltName ?? null;
      registered = { certificatePem: issued.toString(), jwt: r.jwt };
    }
  } else {
    result.register = answer;
  }
}

// 3. With what Register gave: mutual TLS plus the JWT.
if (registered) {
  try {
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    const mutual = grpc.credentials.createSsl(caPem, Buffer.from(keyPem), Buffer.from(registered.certificatePem));
    const client = new AgentIngest(args.address, mutual);
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${registered.jwt}`);
    result.heartbeatWithCertificate = await heartbeatOnce(client, metadata, 42);
    client.close();
  } catch (error) {
    result.heartbeatWithCertificate = { ok: false, code: null, codeName: null, details: String(error) };
  }
}

process.stdout.write(JSON.stringify(result) + '\n');

function grpcVersion() {
  try {
    return JSON.parse(readFileSync(new URL('./node_modules/@grpc/grpc-js/package.json', import.meta.url))).version;
  } catch {
    return null;
  }
}
