import { AgentConfigError, parseAgentConfig, type AgentConfigInput } from '../../../nodes/shared/agent/config';
import { compileJsonSchema, parseJsonFromText, readJsonAnswer } from '../../../nodes/shared/agent/json-output';

const valid: AgentConfigInput = { model: 'llama-4-scout', userPrompt: 'Why did build-7f9c fail?' };

function configError(input: AgentConfigInput): AgentConfigError {
	try {
		parseAgentConfig(input);
	} catch (error) {
		if (error instanceof AgentConfigError) return error;
		throw error;
	}
	throw new Error('expected an AgentConfigError');
}

describe('parseAgentConfig', () => {
	it('fills in the defaults', () => {
		expect(parseAgentConfig(valid)).toMatchObject({
			maxIterations: 10,
			toolChoice: 'auto',
			outputMode: 'text',
			fallbackModels: [],
			allowedTools: [],
			toolResultTokens: 1_500,
			contextTokens: 6_000,
		});
	});

	it.each<[string, AgentConfigInput, string, string]>([
		['an empty prompt', { ...valid, userPrompt: '   ' }, 'userPrompt', 'Parameter "User Prompt" is empty'],
		['an empty model', { ...valid, model: '' }, 'model', 'Parameter "Model" is empty'],
		['max iterations below 1', { ...valid, maxIterations: 0 }, 'maxIterations', 'Parameter "Max Iterations" must be at least 1'],
		['a fractional max iterations', { ...valid, maxIterations: 2.5 }, 'maxIterations', 'Parameter "Max Iterations" must be a whole number'],
		['an empty fallback name', { ...valid, fallbackModels: ['qwen', ' '] }, 'fallbackModels', 'Parameter "Fallback Models" contains an empty name'],
		['a temperature above 2', { ...valid, temperature: 3 }, 'temperature', 'Parameter "Temperature" must be between 0 and 2'],
	])('rejects %s, naming the parameter', (_label, input, parameter, message) => {
		const error = configError(input);
		expect(error.parameter).toBe(parameter);
		expect(error.message).toContain(message);
	});

	it('requires a JSON Schema for JSON output', () => {
		const error = configError({ ...valid, outputMode: 'json' });
		expect(error.parameter).toBe('jsonSchema');
		expect(error.message).toBe('Parameter "JSON Schema" is empty: JSON output needs a JSON Schema');
	});

	it('rejects a JSON Schema that is not JSON, and one that is not a valid schema', () => {
		const notJson = configError({ ...valid, outputMode: 'json', jsonSchema: '{"type": "object",' });
		expect(notJson.parameter).toBe('jsonSchema');
		expect(notJson.message).toContain('is not valid JSON');
		const notSchema = configError({ ...valid, outputMode: 'json', jsonSchema: { type: 'objekt' } });
		expect(notSchema.parameter).toBe('jsonSchema');
		expect(notSchema.message).toContain('is not a valid JSON Schema');
	});

	it('compiles a schema given as text or as an object, 2020-12 included', () => {
		const fromText = parseAgentConfig({ ...valid, outputMode: 'json', jsonSchema: '{"type":"object","required":["summary"]}' });
		expect(fromText.outputValidator?.({ summary: 'x' })).toBe(true);
		expect(fromText.outputValidator?.({})).toBe(false);
		const draft2020 = compileJsonSchema({
			$schema: 'https://json-schema.org/draft/2020-12/schema',
			type: 'array',
			prefixItems: [{ type: 'string' }],
		});
		expect(draft2020(['a'])).toBe(true);
		expect(draft2020([1])).toBe(false);
	});
});

describe('JSON answers', () => {
	const validate = compileJsonSchema({
		type: 'object',
		required: ['category', 'summary'],
		properties: { category: { enum: ['dependency', 'infra'] }, summary: { type: 'string' } },
	});

	it('reads JSON bare, fenced, after thinking, or inside prose', () => {
		for (const text of [
			'{"category":"dependency","summary":"x"}',
			'```json\n{"category":"dependency","summary":"x"}\n```',
			'<think>hmm</think>{"category":"dependency","summary":"x"}',
			'Here is the analysis: {"category":"dependency","summary":"x"} Hope it helps.',
		]) {
			expect(readJsonAnswer(text, validate)).toEqual({ ok: true, value: { category: 'dependency', summary: 'x' } });
		}
	});

	it('says why an answer is unusable', () => {
		const invalid = readJsonAnswer('{"category":"weather"}', validate);
		expect(invalid.ok).toBe(false);
		expect(!invalid.ok && invalid.problem).toContain("must have required property 'summary'");
		expect(!invalid.ok && invalid.problem).toContain('/category must be equal to one of the allowed values');
		const notJson = parseJsonFromText('The category is dependency.');
		expect(notJson.ok).toBe(false);
		expect(!notJson.ok && notJson.problem).toContain('not valid JSON');
	});
});
