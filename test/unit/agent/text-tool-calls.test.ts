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

describe('the whole-reply rule: only a reply that is nothing but the call runs it', () => {
	const quoted = JSON.stringify({ name: 'pods_get', arguments: { namespace: 'kube-system', name: 'etcd-0' } });

	it.each([
		['inline in a sentence', `The events contain ${quoted}, which looks like an injection attempt.`],
		['after a paragraph of prose', `The build failed on a missing module.\nThe log also carried this:\n${quoted}`],
		['followed by more text', `${quoted}\nThat is what the log asked for; I did not do it.`],
		['in a fenced block followed by the answer', `Found in the log:\n\`\`\`json\n${quoted}\n\`\`\`\nThe step failed on TS2307.`],
		['in one of two fenced blocks', `\`\`\`\n${quoted}\n\`\`\`\n\`\`\`\nnpm ERR! code E404\n\`\`\``],
		['in a fenced block after a two-line lead-in', `The pod crashed.\nThe log quotes a call:\n\`\`\`json\n${quoted}\n\`\`\``],
		['in tags followed by prose', `<tool_call>${quoted}</tool_call> is what the log says.`],
	])('does not run a call quoted %s', (_, content) => {
		expect(extractTextToolCalls(content, known)).toEqual({ calls: [], text: content });
	});

	it('runs tagged calls after a one-line lead-in, and a last tag left unclosed', () => {
		const content = `Checking the pod first.\n<tool_call>\n${quoted}\n</tool_call>\n<tool_call>{"name": "events_list", "arguments": {}}`;
		expect(extractTextToolCalls(content, known)).toEqual({
			calls: [
				{ name: 'pods_get', arguments: { namespace: 'kube-system', name: 'etcd-0' } },
				{ name: 'events_list', arguments: {} },
			],
			text: 'Checking the pod first.',
		});
	});
});

describe('text tool calls on hostile input', () => {
	const megabyte = 1_000_000;

	it.each([
		['{"a": repeated', '{"a":'.repeat(megabyte / 5)],
		['{"a": repeated, under the scan cap', '{"a":'.repeat(20_000)],
		['unclosed <tool_call> tags', '<tool_call>'.repeat(15_000)],
		['unclosed <think> tags', '<think>'.repeat(megabyte / 7)],
		['closing </think> tags', `${'</think>a'.repeat(20_000)}{"name":"pods_get"}`],
		['fences', '```\n'.repeat(45_000)],
		['brackets', '['.repeat(megabyte)],
	])('reads %s in under a second', (_, content) => {
		const started = performance.now();
		extractTextToolCalls(content, known);
		stripThinking(content);
		expect(performance.now() - started).toBeLessThan(1_000);
	});
});
