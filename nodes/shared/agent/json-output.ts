import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileJsonSchema as compileCachedSchema } from '../json-schema/compile';

import { stripThinking } from './text-tool-calls';

export type JsonSchemaValidator = ValidateFunction<unknown>;

/**
 * Compiles a user's JSON Schema, by the draft its `$schema` names (draft-07 when it names none).
 * Throws an Error whose message says what is wrong with the schema.
 */
export function compileJsonSchema(schema: unknown): JsonSchemaValidator {
	if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
		throw new Error('must be a JSON object');
	}
	try {
		// Unknown formats are not checked: a model's answer is judged on structure.
		return compileCachedSchema(schema, { validateFormats: false });
	} catch (error) {
		throw new Error(`is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
	}
}

export type JsonAnswer = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Reads a JSON answer from a model's text: thinking removed, a fenced block or the first JSON
 * object or array in the text, then checked against the schema.
 */
export function readJsonAnswer(text: string, validate: JsonSchemaValidator): JsonAnswer {
	const parsed = parseJsonFromText(text);
	if (!parsed.ok) return parsed;
	if (validate(parsed.value)) return parsed;
	return { ok: false, problem: `it does not match the JSON Schema: ${describeSchemaErrors(validate.errors)}` };
}

export function parseJsonFromText(text: string): JsonAnswer {
	const visible = stripThinking(text);
	const fenced = /```[a-z]*[ \t]*\n?([\s\S]*?)```/i.exec(visible);
	const candidates = [fenced?.[1], visible];
	const start = visible.search(/[{[]/);
	if (start >= 0) {
		const closing = visible[start] === '{' ? '}' : ']';
		candidates.push(visible.slice(start, visible.lastIndexOf(closing) + 1));
	}
	let firstError = '';
	for (const candidate of candidates) {
		if (!candidate?.trim()) continue;
		try {
			return { ok: true, value: JSON.parse(candidate.trim()) };
		} catch (error) {
			firstError ||= error instanceof Error ? error.message : String(error);
		}
	}
	return { ok: false, problem: `it is not valid JSON${firstError ? ` (${firstError})` : ''}` };
}

function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
	if (!errors?.length) return 'no details';
	return errors
		.slice(0, 8)
		.map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`)
		.join('; ');
}
