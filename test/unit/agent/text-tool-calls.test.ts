import { extractTextToolCalls, stripThinking } from '../../../nodes/shared/agent/text-tool-calls';
import { textToolCall } from '../../support/litellm-standin';

const known = new Set(['pods_get', 'pods_log', 'events_list']);

describe('stripThinking', () => {
	it('removes think blocks and keeps the answer', () => {
		expect(stripThinking('<think>The log says\nmodule missing</think>\n\nThe build lacks left-pad.')).toBe('The build lacks left-pad.');
		expect(stripThinking('<thinking>a</thinking>B<think>c</think>D')).toBe('BD');
	});

	it('drops reasoning before a closing tag whose opening tag the chat template sent', () => {
		expect(stripThinking('I should look at the events first.</think>The pod was OOMKilled.')).toBe('The pod was OOMKilled.');
	});

	it('drops an unclosed think block of a reply cut off mid-thought', () => {
		expect(stripThinking('Answer so far. <think>still reasoning about')).toBe('Answer so far.');
	});
});

describe('extractTextToolCalls', () => {
	it('reads a bare Llama-style call with parameters', () => {
		const content = textToolCall({ name: 'pods_get', arguments: { namespace: 'ci', name: 'build-7f9c' } });
		expect(extractTextToolCalls(content, known)).toEqual({
			calls: [{ name: 'pods_get', arguments: { namespace: 'ci', name: 'build-7f9c' } }],
			text: '',
		});
	});

	it('reads a fenced call with arguments after a think block, keeping the text around it', () => {
		const content = textToolCall(
			{ name: 'pods_log', arguments: { name: 'build-7f9c', tail: 500 } },
			{ think: 'I need the log', fenced: true, key: 'arguments', before: 'Let me read the log.' },
		);
		expect(extractTextToolCalls(content, known)).toEqual({
			calls: [{ name: 'pods_log', arguments: { name: 'build-7f9c', tail: 500 } }],
			text: 'Let me read the log.',
		});
	});

	it('reads an array of calls and Qwen-style tagged calls', () => {
		const array = textToolCall([
			{ name: 'pods_get', arguments: { name: 'a' } },
			{ name: 'events_list', arguments: { namespace: 'ci' } },
		]);
		expect(extractTextToolCalls(array, known).calls.map((call) => call.name)).toEqual(['pods_get', 'events_list']);
		const tagged = `${textToolCall({ name: 'pods_get', arguments: { name: 'a' } }, { tagged: true, key: 'arguments' })}\n${textToolCall(
			{ name: 'pods_log', arguments: { name: 'a' } },
			{ tagged: true, key: 'arguments' },
		)}`;
		expect(extractTextToolCalls(tagged, known).calls.map((call) => call.name)).toEqual(['pods_get', 'pods_log']);
	});

	it('reads OpenAI-shaped calls written as text, with arguments as a JSON string', () => {
		const content = JSON.stringify({
			tool_calls: [{ type: 'function', function: { name: 'pods_get', arguments: '{"name":"b"}' } }],
		});
		expect(extractTextToolCalls(content, known).calls).toEqual([{ name: 'pods_get', arguments: { name: 'b' } }]);
	});

	it('strips the python_tag special token Llama puts before a call', () => {
		const content = `<|python_tag|>${textToolCall({ name: 'events_list', arguments: {} })}<|eom_id|>`;
		expect(extractTextToolCalls(content, known).calls).toEqual([{ name: 'events_list', arguments: {} }]);
	});

	it('reports a call-shaped object with an unknown name, so the model can be told', () => {
		const content = textToolCall({ name: 'pods_delete', arguments: { name: 'x' } });
		expect(extractTextToolCalls(content, known).calls).toEqual([{ name: 'pods_delete', arguments: { name: 'x' } }]);
	});

	it('leaves JSON that is not a call in the text: it may be the answer', () => {
		const answer = '{"summary": "missing module", "name": "build", "confidence": 0.8}';
		expect(extractTextToolCalls(answer, known)).toEqual({ calls: [], text: answer });
		const prose = 'The step [build] failed with {exit code 1}.';
		expect(extractTextToolCalls(prose, known)).toEqual({ calls: [], text: prose });
	});

	it('does not treat a call nested inside a JSON answer as a call', () => {
		const answer = JSON.stringify({ steps: [{ name: 'pods_get', arguments: { name: 'a' } }], done: true });
		expect(extractTextToolCalls(answer, known).calls).toEqual([]);
	});

	it('rejects a known name whose arguments are not an object', () => {
		expect(extractTextToolCalls('{"name": "pods_get", "arguments": [1, 2]}', known).calls).toEqual([]);
	});
});
