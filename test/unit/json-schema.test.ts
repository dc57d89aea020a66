import { cachedValidatorCount, compileJsonSchema } from '../../nodes/shared/json-schema/compile';

const schema = () => ({ type: 'object', properties: { namespace: { type: 'string' }, tail: { type: 'integer' } }, required: ['namespace'] });

describe('compiled JSON Schemas', () => {
	it('compiles an equal schema once, whatever object it arrives in (each MCP session lists tools anew)', () => {
		const first = compileJsonSchema(schema(), { validateFormats: true });
		for (let i = 0; i < 500; i++) expect(compileJsonSchema(schema(), { validateFormats: true })).toBe(first);
		expect(first({ namespace: 'ci', tail: 5 })).toBe(true);
		expect(first({ tail: 'x' })).toBe(false);
	});

	it('keeps a bounded number of validators however many distinct schemas pass through', () => {
		for (let i = 0; i < 1000; i++) compileJsonSchema({ type: 'object', properties: { [`field${i}`]: { type: 'string' } } }, { validateFormats: false });
		expect(cachedValidatorCount()).toBeLessThanOrEqual(256);
	});

	it('compiles schemas that reuse an $id, and picks the dialect from $schema', () => {
		const withId = () => ({ $id: 'https://example.com/tool.json', type: 'object', required: ['a'] });
		expect(compileJsonSchema(withId(), { validateFormats: false })({})).toBe(false);
		expect(compileJsonSchema({ ...withId(), required: ['b'] }, { validateFormats: false })({ a: 1 })).toBe(false);
		const modern = compileJsonSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }] }, { validateFormats: false });
		expect(modern([1])).toBe(false);
	});

	it('checks formats only when asked to', () => {
		const email = { type: 'string', format: 'email' };
		expect(compileJsonSchema(email, { validateFormats: true })('not an email')).toBe(false);
		expect(compileJsonSchema(email, { validateFormats: false })('not an email')).toBe(true);
	});
});
