import { classifyHttpFailure, readRetryAfterMs } from '../../../nodes/shared/llm/errors';
import { errorBody, liteLlmErrors } from '../../support/litellm-standin';

describe('classifyHttpFailure', () => {
	it('classifies a spent budget from the body whether LiteLLM sends it as 400 or 429', () => {
		for (const status of [400, 429] as const) {
			const error = classifyHttpFailure(liteLlmErrors.budgetExceeded(status));
			expect(error.code).toBe('budget_exceeded');
			expect(error.status).toBe(status);
			expect(error.serverMessage).toContain('Budget has been exceeded!');
		}
	});

	it('recognises budget messages that come without the budget_exceeded type', () => {
		const wrapped = {
			error: {
				message:
					'litellm.BadRequestError: OpenAIException - Budget has been exceeded! Current cost: 14.2, Max budget: 100. Received Model Group=llama',
				type: null,
				param: null,
				code: '400',
			},
		};
		expect(classifyHttpFailure({ status: 400, body: wrapped }).code).toBe('budget_exceeded');
		const endUser = errorBody('ExceededBudget: End User=ishaan3 over budget. Spend=0.0009, Budget=0.0001', 'None', 'None', 400);
		expect(classifyHttpFailure({ status: 400, body: endUser }).code).toBe('budget_exceeded');
		const deployment = errorBody('No deployments available - crossed budget: Exceeded budget for deployment model_name: x', null, null, 429);
		expect(classifyHttpFailure({ status: 429, body: deployment }).code).toBe('budget_exceeded');
	});

	it('classifies a 429 rate limit and reads retry-after in seconds', () => {
		const error = classifyHttpFailure({ ...liteLlmErrors.rateLimited(7), headers: { 'retry-after': '7' } });
		expect(error.code).toBe('rate_limit');
		expect(error.retryAfterMs).toBe(7000);
	});

	it("classifies LiteLLM's context window error from its message", () => {
		const error = classifyHttpFailure(liteLlmErrors.contextWindowExceeded('llama-4-scout'));
		expect(error.code).toBe('context_window_exceeded');
		const vllm = errorBody(
			"litellm.ContextWindowExceededError: litellm.BadRequestError: ContextWindowExceededError: Hosted_vllmException - This model's maximum context length is 65536 tokens.",
			'invalid_request_error',
			null,
			400,
		);
		expect(classifyHttpFailure({ status: 400, body: vllm }).code).toBe('context_window_exceeded');
	});

	it('classifies an unknown model, in the current and the older Python-repr body', () => {
		expect(classifyHttpFailure(liteLlmErrors.unknownModel('nope')).code).toBe('not_found');
		const older = errorBody(
			"{'error': '/chat/completions: Invalid model name passed in model=gpt-4o. Call `/v1/models` to view available models for your key.'}",
			'None',
			'None',
			400,
		);
		expect(classifyHttpFailure({ status: 400, body: older }).code).toBe('not_found');
	});

	it('treats a model the key may not use as unavailable, not as a bad key', () => {
		const denied = errorBody(
			"key not allowed to access model. This key can only access models=['support']. Tried to access other",
			'key_model_access_denied',
			'model',
			403,
		);
		expect(classifyHttpFailure({ status: 403, body: denied }).code).toBe('not_found');
		const team = { error: { message: "team not allowed to access model. This team can only access models=['openai/gpt-4o']" } };
		expect(classifyHttpFailure({ status: 401, body: team }).code).toBe('not_found');
	});

	it('classifies a rejected key as auth', () => {
		const error = classifyHttpFailure(liteLlmErrors.invalidKey('sk-wrong-key'));
		expect(error.code).toBe('auth');
		expect(error.type).toBe('token_not_found_in_db');
	});

	it('classifies timeouts, server errors and other client errors by status', () => {
		expect(classifyHttpFailure(liteLlmErrors.upstreamTimeout()).code).toBe('timeout');
		expect(classifyHttpFailure(liteLlmErrors.internalServerError()).code).toBe('server');
		expect(classifyHttpFailure(liteLlmErrors.serviceUnavailable()).code).toBe('server');
		expect(classifyHttpFailure({ status: 404, body: { detail: 'Not Found' } }).code).toBe('not_found');
		const badParam = errorBody('litellm.BadRequestError: temperature must be at most 2', null, null, 400);
		expect(classifyHttpFailure({ status: 400, body: badParam }).code).toBe('bad_request');
	});

	it('normalises the "None" type LiteLLM sends and names the model', () => {
		const error = classifyHttpFailure({ ...liteLlmErrors.rateLimited(1), model: 'qwen' });
		expect(error.type).toBeUndefined();
		expect(error.model).toBe('qwen');
		expect(error.message).toContain('model "qwen"');
		expect(error.message).toContain('HTTP 429');
	});
});

describe('readRetryAfterMs', () => {
	it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
		expect(readRetryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
		expect(readRetryAfterMs(new Headers({ 'Retry-After': '2' }))).toBe(2000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(readRetryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3000);
		expect(readRetryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
		expect(readRetryAfterMs(undefined)).toBeUndefined();
	});
});
