// Verifies a CT-Ops agent JWT with jose against the server's published JWKS and prints ONE JSON
// line: {"verified":true|false,"sub":...,"kid":...,"error":...}. A JWT that does not verify is a
// result (exit 0), not a failure of this script; bad arguments exit 2.
//
// Usage: node jwt-check.mjs --jwks-url http://localhost:8080/.well-known/jwks.json --jwt <compact JWS>
import { parseArgs } from 'node:util';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

const { values: args } = parseArgs({
  options: {
    'jwks-url': { type: 'string' },
    jwt: { type: 'string' },
    issuer: { type: 'string', default: 'ctops-ingest' },
  },
  strict: true,
});
for (const required of ['jwks-url', 'jwt']) {
  if (!args[required]) {
    process.stderr.write(`missing --${required}\n`);
    process.exit(2);
  }
}

let kid = null;
try {
  kid = decodeProtectedHeader(args.jwt).kid ?? null;
} catch {
  // Reported below by jwtVerify as well.
}

const jwks = createRemoteJWKSet(new URL(args['jwks-url']), { timeoutDuration: 10000 });
let result;
try {
  const { payload, protectedHeader } = await jwtVerify(args.jwt, jwks, {
    issuer: args.issuer,
    algorithms: ['RS256'],
  });
  result = { verified: true, sub: payload.sub ?? null, kid: protectedHeader.kid ?? null, iss: payload.iss, exp: payload.exp };
} catch (error) {
  result = { verified: false, sub: null, kid, error: `${error.code ?? error.name}: ${error.message}` };
}
process.stdout.write(JSON.stringify(result) + '\n');
