import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { compileJsonSchema } from '../json-schema/compile';
import { McpClientError } from './errors';

function compile(schema: object): ValidateFunction | null {
	try {
		return compileJsonSchema(schema, { validateFormats: true });
	} catch {
		// A server's broken schema must not block calls; the server still validates on its side.
		return null;
	}
}

function pathOf(error: ErrorObject): string {
	return error.instancePath
		.split('/')
		.slice(1)
		.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
		.join('.');
}

/** One readable line per problem, naming the field and what was expected. */
export function describeSchemaErrors(errors: ErrorObject[]): string[] {
	return errors.map((error) => {
		const at = pathOf(error);
		const where = (field: string) => (at ? `${at}.${field}` : field);
		switch (error.keyword) {
			case 'required':
				return `missing required field "${where(String(error.params.missingProperty))}"`;
			case 'additionalProperties':
				return `unknown field "${where(String(error.params.additionalProperty))}"`;
			case 'type':
				return `field "${at || '(arguments)'}" must be ${String(error.params.type)}`;
			case 'enum':
				return `field "${at}" must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
			default:
				return `field "${at || '(arguments)'}" ${error.message ?? 'is invalid'}`;
		}
	});
}

/** Checks arguments against the tool's inputSchema before the call, so the user sees which field is wrong. */
export function validateToolArguments(tool: Tool, args: Record<string, unknown>): void {
	const validate = compile(tool.inputSchema);
	if (!validate || validate(args)) return;
	const problems = describeSchemaErrors(validate.errors ?? []);
	throw new McpClientError('INVALID_INPUT', `Arguments for tool "${tool.name}" do not match its input schema: ${problems.join('; ')}`, {
		field: 'arguments',
		hint: `Expected by the tool: ${JSON.stringify(tool.inputSchema)}`,
	});
}

/** Parses the Arguments (JSON) parameter; expressions may already have produced an object. */
export function parseArgumentsJson(value: unknown, field = 'arguments'): Record<string, unknown> {
	let parsed = value;
	if (typeof value === 'string') {
		if (!value.trim()) return {};
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new McpClientError('INVALID_INPUT', `${field} is not valid JSON: ${(error as Error).message}`, {
				field,
				hint: 'Enter a JSON object, for example {"namespace": "ci", "name": "my-pod"}.',
			});
		}
	}
	if (parsed === undefined || parsed === null) return {};
	if (typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new McpClientError('INVALID_INPUT', `${field} must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`, {
			field,
		});
	}
	return parsed as Record<string, unknown>;
}

/** A property's JSON Schema type: the first one that is not "null" when it lists several. */
export function declaredType(property: { type?: string | string[] } | undefined): string | undefined {
	const type = property?.type;
	return Array.isArray(type) ? type.find((t) => t !== 'null') : type;
}

/** Turns the mapper's values back into tool arguments, typed as the schema says. */
export function argumentsFromFields(tool: Tool, values: Record<string, unknown>): Record<string, unknown> {
	const properties = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string | string[] }>;
	const args: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(values)) {
		if (value === undefined || value === null || value === '') continue;
		const type = declaredType(properties[name]);
		if ((type === 'object' || type === 'array') && typeof value === 'string') {
			try {
				args[name] = JSON.parse(value);
			} catch {
				throw new McpClientError('INVALID_INPUT', `argument "${name}" must be JSON (${type === 'array' ? 'an array' : 'an object'}), got: ${value.slice(0, 80)}`, {
					field: name,
				});
			}
		} else if ((type === 'integer' || type === 'number') && typeof value === 'string') {
			const number = Number(value);
			if (!Number.isFinite(number)) throw new McpClientError('INVALID_INPUT', `argument "${name}" must be a number, got "${value}"`, { field: name });
			args[name] = number;
		} else {
			args[name] = value;
		}
	}
	return args;
}
