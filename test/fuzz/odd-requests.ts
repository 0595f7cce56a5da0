import type { FuzzRequest } from './fuzz-request.js';
import { encodeValue, HOSTILE_STRINGS } from './hostile-values.js';
import type { Random } from './random.js';
import { ACCEPTS, CONTENT_TYPES, HOSTILE_XML, JSON_TYPE } from './vocabulary.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Forged, malformed and oversized credentials (RFC 6750 §2.1; JWS alg none, RFC 7515). */
const AUTHORIZATIONS = [
  'Bearer',
  'Bearer ',
  'Bearer x',
  'Bearer a.b.c',
  `Bearer ${b64({ alg: 'none' })}.${b64({ sub: 'admin', scope: 'system/*.cruds' })}.`,
  `Bearer ${b64({ alg: 'HS256', kid: '../../etc/passwd' })}.${b64({ exp: 1e20 })}.AAAA`,
  `Bearer ${b64({ alg: 'RS384', jku: 'http://169.254.169.254/' })}.${b64({})}.${'A'.repeat(342)}`,
  `Bearer ${'x'.repeat(8000)}`,
  'Basic YWRtaW46YWRtaW4=',
  'bearer  a  b',
];

/** Odd methods, paths and XML: what no well-behaved client sends. */
export function oddRequest(random: Random): FuzzRequest {
  switch (random.int(5)) {
    case 0:
      return {
        interaction: 'odd-method',
        method: random.pick(['OPTIONS', 'PROPFIND', 'MKCOL', 'PURGE', 'PATCH', 'DELETE']),
        path: random.pick(['', 'Patient', 'metadata', '_history']),
        headers: {},
      };
    case 1:
      return {
        interaction: 'odd-path',
        method: 'GET',
        path: random.pick(
          HOSTILE_STRINGS.map(encodeValue).concat([
            'Patient/%2e%2e/x',
            '%2F%2F',
            'Patient//1',
            'Patient/1/_history/1/x',
            '.well-known/x',
            'metadata?mode=terminology',
          ]),
        ),
        headers: {},
      };
    case 2:
      return {
        interaction: 'xml',
        method: 'POST',
        path: 'Patient',
        headers: { 'Content-Type': 'application/fhir+xml' },
        body: random.pick(HOSTILE_XML),
      };
    case 3:
      return {
        interaction: 'metadata',
        method: 'GET',
        path: `metadata${random.pick(['', '?_format=xml', '?_format=ttl', '?mode=normative'])}`,
        headers: {},
      };
    default:
      return {
        interaction: 'raw-body',
        method: random.pick(['POST', 'PUT']),
        path: `Patient${random.chance(0.5) ? '/x' : ''}`,
        headers: {},
        body: random.pick([
          '',
          '{',
          '[]',
          'null',
          '"x"',
          '{"resourceType":"Patient",}',
          '\uFEFF{}',
          '\u0000',
          JSON.stringify({ resourceType: 'Patient', id: 'x', x: HOSTILE_STRINGS }),
        ]),
      };
  }
}

export function withOddHeaders(random: Random, request: FuzzRequest): FuzzRequest {
  request.headers.Accept ??= random.chance(0.2) ? random.pick(ACCEPTS) : JSON_TYPE;
  if (request.body !== undefined)
    request.headers['Content-Type'] ??= random.chance(0.1) ? random.pick(CONTENT_TYPES) : JSON_TYPE;
  if (random.chance(0.1))
    request.headers.Prefer = random.pick([
      'return=minimal',
      'return=OperationOutcome',
      'handling=strict',
      'respond-async',
      'return=x',
    ]);
  if (random.chance(0.05)) request.headers['X-Request-Id'] = random.pick(['ok-1', 'x'.repeat(200), '../../', '\u00e9']);
  if (random.chance(0.1)) request.headers.Authorization = random.pick(AUTHORIZATIONS);
  if (random.chance(0.05)) request.headers['If-None-Match'] = random.pick(['W/"1"', '*', 'x']);
  if (random.chance(0.05)) request.headers['If-Modified-Since'] = random.pick(['Tue, 01 Jan 2030 00:00:00 GMT', 'x']);
  return request;
}
