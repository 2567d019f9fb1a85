import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { encodeCursor } from '@repo/database';
import { claimsFor, createWorld, type JwtClaims, type World } from '@repo/database/testing';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  anyJson,
  hostileString,
  type JsonSchema,
  resolve,
  type SchemaContext,
  valueFor,
} from './fuzz/schema-arbitrary';
import { createTestApi, signToken, type TestApi } from './harness';

// Every operation in /openapi.json gets generated requests, valid and mutated (types, lengths,
// Unicode, NUL, extra fields, content types, tokens), against the real app and database. No answer
// may be a 5xx, and each status and body must be what the document says for that operation.
// FUZZ_RUNS sets the cases per operation; FUZZ_SEED replays a run.
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}
interface Response {
  description: string;
  content?: { 'application/json'?: { schema: JsonSchema } };
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, Response>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

interface FuzzRequest {
  /** Which token, for the failure message. */
  who: string;
  path: string;
  query: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string | undefined;
}

// The app and its document are made while the file is collected, so the operations to fuzz are
// read from /openapi.json itself: a new route is fuzzed without being listed here.
const api: TestApi = await createTestApi();
const doc = (await (await api.app.request('/openapi.json')).json()) as OpenApiDocument;
afterAll(() => api.close());
const OPERATIONS = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method): [string, string] => [method, path]),
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** A label for failure messages and the Authorization header (none when undefined). */
type Auth = [who: string, header: string | undefined];

/** Tokens of the world's users (owner, admin, member, outsider), and tokens that must be refused. */
async function authsFor(w: World): Promise<{ valid: Auth[]; hostile: Auth[] }> {
  const now = Math.floor(Date.now() / 1000);
  const signed = async (who: string, claims: JwtClaims, secret?: string) =>
    [who, `Bearer ${await signToken(claims, secret)}`] as Auth;
  const signedIn = [w.alice, w.bob, w.carol, w.dave];
  return {
    valid: await Promise.all(
      signedIn.map((u, i) => signed(['owner', 'admin', 'member', 'outsider'][i]!, u.claims)),
    ),
    hostile: [
      ['no token', undefined],
      ['no scheme', 'Bearer'],
      ['basic auth', 'Basic dXNlcjpwYXNz'],
      ['garbage token', 'Bearer a.b.c'],
      ['alg none', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
      ...(await Promise.all([
        signed('expired', { ...w.dave.claims, exp: now - 10 }),
        signed('sub not a uuid', { ...w.dave.claims, sub: 'not-a-uuid' }),
        signed('numeric sub', { ...w.dave.claims, sub: 42 as unknown as string }),
        signed('NUL in email', { ...w.dave.claims, email: 'x\u0000@example.test' }),
        signed('lone surrogate in metadata', { ...w.dave.claims, user_metadata: { n: '\ud800' } }),
        signed('service_role', { ...w.dave.claims, role: 'service_role' }),
        signed('wrong audience', { ...w.dave.claims, aud: 'other' }),
        signed(
          'deleted user',
          claimsFor('7d1e4c1a-5b1f-4e62-9d0b-3c2a1b0f9e8d', 'gone@example.test'),
        ),
        signed('other secret', w.dave.claims, 'another-secret-with-at-least-32-characters'),
      ])),
    ],
  };
}

test('the document has the operations the fuzz test is meant to reach', () => {
  expect(OPERATIONS.length).toBeGreaterThanOrEqual(21);
  expect(OPERATIONS).toEqual(
    expect.arrayContaining([
      ['get', '/healthz'],
      ['post', '/v1/items'],
      ['patch', '/v1/me/profile'],
      ['delete', '/v1/orgs/{id}/members/{userId}'],
      ['post', '/v1/invitations/accept'],
    ]),
  );
});

const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as the UTF-8 bytes a client could still send
  }
};

/** Percent-encoded text a client can put in a URL, including what no browser would send. */
const hostileUrlText = fc.oneof(
  hostileString.map(encode),
  fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '%FF%FE', '%', '%zz', '%2F', 'null', '-1', '1e999'),
);

/** Cursors in the right wire format naming any time, possible or not. */
const cursorText = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    offset: fc.integer({ min: 0, max: 16 }),
    id: fc.uuid(),
  })
  .map((t) => {
    const p = (n: number, width = 2) => String(n).padStart(width, '0');
    const createdAt = `${p(t.year, 4)}-${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)}:${p(t.second)}.123456+${p(t.offset)}`;
    return encodeCursor({ createdAt, id: t.id });
  });

const BODY_MEDIA_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/vnd.api+json',
  'application/jsonx',
];

const RAW_BODIES = [
  '',
  '{"title": ',
  'null',
  '[',
  '{"a":1}{"b":2}',
  '\u0000',
  '"\\ud800"',
  '{"title":"\\u0000"}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"title":"${'x'.repeat(20_000)}"}`,
  '{"__proto__":{"admin":true},"title":"x"}',
];

interface FuzzContext extends SchemaContext {
  /** Existing ids for a path parameter, so requests reach rows and not only 404s. */
  idsFor(path: string, param: string): string[];
}

function requestFor(
  method: string,
  path: string,
  operation: Operation,
  context: FuzzContext,
  auths: { valid: Auth[]; hostile: Auth[] },
) {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');

  const pathArb = fc
    .tuple(
      ...pathParams.map((p) =>
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...context.idsFor(path, p.name)) },
          { weight: 2, arbitrary: valueFor(p.schema, context).map((v) => encode(String(v))) },
          { weight: 1, arbitrary: hostileUrlText.filter((v) => v !== '' && v !== '.') },
        ),
      ),
    )
    .map((values) =>
      pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, values[i]!), path),
    );

  const queryArb = fc
    .tuple(
      ...queryParams.map((p) =>
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          {
            weight: 4,
            arbitrary:
              p.name === 'cursor'
                ? cursorText
                : valueFor(p.schema, context).map((v) => encode(String(v))),
          },
          { weight: 2, arbitrary: hostileUrlText },
        ),
      ),
      fc.option(fc.tuple(fc.string({ maxLength: 8 }), hostileUrlText)),
    )
    .map((values) => {
      const pairs = queryParams.flatMap((p, i) =>
        values[i] === undefined ? [] : [`${p.name}=${values[i]}`],
      );
      const extra = values[queryParams.length] as [string, string] | null;
      if (extra) pairs.push(`${encode(extra[0])}=${extra[1]}`);
      return pairs.length ? `?${pairs.join('&')}` : '';
    });

  const authArb = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...auths.valid) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom(...auths.hostile),
        fc.stringMatching(/^[\x21-\x7e]{0,300}$/).map((t): Auth => ['random token', `Bearer ${t}`]),
      ),
    },
  );

  const bodySchema = operation.requestBody?.content['application/json'].schema;
  const bodyArb: fc.Arbitrary<{ contentType: string | undefined; body: string | undefined }> =
    method === 'get'
      ? fc.constant({ contentType: undefined, body: undefined })
      : fc.record({
          contentType: fc.oneof(
            { weight: 8, arbitrary: fc.constant('application/json') },
            { weight: 2, arbitrary: fc.constantFrom(undefined, ...BODY_MEDIA_TYPES) },
          ),
          body: bodySchema
            ? bodyFor(bodySchema, context)
            : fc.option(fc.oneof(fc.constantFrom(...RAW_BODIES), anyJson.map(stringify))),
        });

  return fc.record({ path: pathArb, query: queryArb, auth: authArb, body: bodyArb }).map(
    ({ body, auth: [who, authorization], ...rest }): FuzzRequest => ({
      ...rest,
      who,
      authorization,
      contentType: body.contentType,
      body: body.body ?? undefined,
    }),
  );
}

const stringify = (value: unknown) => JSON.stringify(value) ?? 'null';

/** A valid body, or one mutated: a field of another type, a hostile string, an extra field, … */
function bodyFor(schema: JsonSchema, context: SchemaContext): fc.Arbitrary<string> {
  const valid = valueFor(schema, context) as fc.Arbitrary<Record<string, unknown>>;
  const fields = Object.keys(resolve(schema, context).properties ?? {});
  const withField = (value: fc.Arbitrary<unknown>) =>
    fc
      .tuple(valid, fc.constantFrom(...fields), value)
      .map(([body, field, v]) => stringify({ ...body, [field]: v }));
  return fc.oneof(
    { weight: 5, arbitrary: valid.map(stringify) },
    { weight: 2, arbitrary: withField(hostileString) },
    { weight: 2, arbitrary: withField(anyJson) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.string({ maxLength: 12 }), anyJson)
        .map(([body, key, v]) => stringify({ ...body, [key]: v })),
    },
    { weight: 1, arbitrary: anyJson.map(stringify) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
  );
}

async function send(method: string, r: FuzzRequest) {
  const headers = new Headers();
  if (r.authorization !== undefined) headers.set('authorization', r.authorization);
  if (r.contentType !== undefined) headers.set('content-type', r.contentType);
  const response = await api.app.request(`${r.path}${r.query}`, {
    method: method.toUpperCase(),
    headers,
    body: r.body,
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

const validators = new Map<JsonSchema, ValidateFunction>();
function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: doc.components });
    validators.set(schema, validate);
  }
  return validate;
}

/** Throws, naming the request, unless the answer is one the document promises for the operation. */
function expectDocumented(
  method: string,
  path: string,
  operation: Operation,
  r: FuzzRequest,
  res: Awaited<ReturnType<typeof send>>,
) {
  const where = `${method.toUpperCase()} ${r.path}${r.query} as ${r.who} (${r.contentType}) ${r.body?.slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, `5xx: ${where}`).toBeLessThan(500);
  const documented = operation.responses[String(res.status)];
  expect(documented, `status not documented for ${method} ${path}: ${where}`).toBeDefined();
  const schema = documented?.content?.['application/json']?.schema;
  if (!schema) {
    expect(res.text, `no body documented: ${where}`).toBe('');
    return;
  }
  expect(res.type, where).toMatch(/^application\/json/);
  const validate = validatorFor(schema);
  const ok = validate(JSON.parse(res.text));
  expect(ok, `body does not match the document: ${where}\n${ajv.errorsText(validate.errors)}`).toBe(
    true,
  );
}

describe.each(OPERATIONS)('%s %s', (method, path) => {
  let w: World;
  let auths: Awaited<ReturnType<typeof authsFor>>;
  beforeAll(async () => {
    w = await createWorld(api.t.sql);
    auths = await authsFor(w);
  });

  const statuses = new Map<number, number>();
  afterAll(() => {
    if (process.env.FUZZ_STATS) {
      const tally = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      console.log(`${method.toUpperCase()} ${path}: ${tally.join(' ')}`);
    }
  });

  test(`${FUZZ_RUNS} generated requests: never a 5xx, every answer as documented`, async () => {
    const operation = doc.paths[path]?.[method];
    if (!operation) throw new Error(`${method} ${path} is not in the document`);
    const invitation = await api.request('POST', `/v1/orgs/${w.orgId}/invitations`, {
      as: w.alice,
      body: { email: `invitee-${w.dave.id.slice(0, 8)}@example.test` },
    });
    const users = [w.alice.id, w.bob.id, w.carol.id, w.dave.id];
    const items = [w.alicePersonalItemId, w.carolOrgItemId, w.davePersonalItemId];
    const context: FuzzContext = {
      components: doc.components.schemas,
      knownIds: [w.orgId, ...users, ...items, invitation.body.id],
      idsFor: (path, param) =>
        param === 'userId'
          ? users
          : param === 'invitationId'
            ? [invitation.body.id]
            : path.startsWith('/v1/items')
              ? items
              : [w.orgId],
    };
    await fc.assert(
      fc.asyncProperty(requestFor(method, path, operation, context, auths), async (r) => {
        const res = await send(method, r);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expectDocumented(method, path, operation, r, res);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  });
});

test('headers over the HTTP server limit: 431, documented for every operation', async () => {
  for (const [method, path] of OPERATIONS) {
    expect([method, path, doc.paths[path]?.[method]?.responses['431']]).toEqual([
      method,
      path,
      expect.objectContaining({ description: expect.any(String) }),
    ]);
  }
  const server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((done) => server.once('listening', done));
  try {
    const { port } = server.address() as AddressInfo;
    const status = await new Promise<number | undefined>((done, fail) => {
      const req = httpRequest(
        { port, host: '127.0.0.1', path: '/v1/me', headers: { 'x-filler': 'x'.repeat(20_000) } },
        (res) => {
          res.resume();
          done(res.statusCode);
        },
      );
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(431);
  } finally {
    await new Promise((done) => server.close(done));
  }
});
