import fc from 'fast-check';

/** The subset of JSON Schema (OpenAPI 3.1) that zod-openapi writes for this API. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

export interface SchemaContext {
  /** `components.schemas` of the document, for `$ref`. */
  components: Record<string, JsonSchema>;
  /** Ids that exist in the test database, so generated uuids reach rows and not only 404s. */
  knownIds: string[];
}

export function resolve(schema: JsonSchema, context: SchemaContext): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = context.components[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(target, context);
}

/** Values `schema` accepts (mostly: trimming and formats stricter than the document may refuse a few). */
export function valueFor(schema: JsonSchema, context: SchemaContext): fc.Arbitrary<unknown> {
  const s = resolve(schema, context);
  if (s.enum) return fc.constantFrom(...s.enum);
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => valueFor(v, context)));
  if (Array.isArray(s.type)) {
    return fc.oneof(...s.type.map((type) => valueFor({ ...s, type }, context)));
  }
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    case 'array':
      return fc.array(valueFor(s.items ?? {}, context), { maxLength: 3 });
    case 'object':
      return objectFor(s, context);
    default:
      return stringFor(s, context);
  }
}

function objectFor(s: JsonSchema, context: SchemaContext): fc.Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  const record = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [key, valueFor(value, context)]),
  );
  return fc.record(record, { requiredKeys: s.required ?? [] });
}

function stringFor(s: JsonSchema, context: SchemaContext): fc.Arbitrary<string> {
  switch (s.format) {
    case 'uuid':
      return fc.oneof(fc.constantFrom(...context.knownIds), fc.uuid());
    case 'email':
      return fc
        .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('example.test', 'acme.dev'))
        .map(([local, domain]) => `${local}@${domain}`);
    case 'uri':
      return fc.webUrl({ validSchemes: ['https', 'http'] });
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
  }
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
  return fc.string({
    unit: 'grapheme',
    minLength: s.minLength ?? 0,
    maxLength: Math.min(s.maxLength ?? 40, 40),
  });
}

/** Strings that break naive handlers: NUL, lone surrogates, controls, bidi, huge, SQL and path bits. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d'))
      .chain(([text, bad]) =>
        fc.nat(text.length).map((at) => `${text.slice(0, at)}${bad}${text.slice(at)}`),
      ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\u202egnp.exe',
      '\ufeff',
      '\u0085\u2028\u2029',
      ' ',
      '',
      "' or 1=1 --",
      '%00',
      '../../etc/passwd',
      '\\',
      '{{7*7}}',
      '😀'.repeat(120),
      'x'.repeat(10_001),
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 190, maxLength: 260 }) },
);

/** Values of any JSON type, to put where another type is expected. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, 2 ** 53 + 1, [], {}, [null], { $ne: 1 }),
  fc.integer(),
  fc.double(),
  hostileString,
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
