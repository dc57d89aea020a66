import type { FieldType, ResourceMapperField } from 'n8n-workflow';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

import { declaredType } from '../shared/mcp';

interface PropertySchema {
	type?: string | string[];
	enum?: unknown[];
	description?: string;
	title?: string;
	default?: unknown;
}

function fieldType(property: PropertySchema): FieldType {
	if (Array.isArray(property.enum) && property.enum.every((v) => typeof v === 'string')) return 'options';
	switch (declaredType(property)) {
		case 'integer':
		case 'number':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'object':
			return 'object';
		case 'array':
			return 'array';
		default:
			return 'string';
	}
}

/**
 * One field per top-level property of the tool's inputSchema. Nested objects and arrays stay one
 * JSON field each and are passed through as they are, so no part of the schema is lost in a round trip.
 */
export function fieldsFromToolSchema(tool: Tool): ResourceMapperField[] {
	const properties = (tool.inputSchema.properties ?? {}) as Record<string, PropertySchema>;
	const required = new Set(tool.inputSchema.required ?? []);
	return Object.entries(properties).map(([name, property]) => {
		const type = fieldType(property);
		const field: ResourceMapperField = {
			id: name,
			displayName: property.title ? `${property.title} (${name})` : name,
			required: required.has(name),
			defaultMatch: false,
			display: true,
			type,
			removed: !required.has(name),
		};
		if (type === 'options') field.options = (property.enum as string[]).map((value) => ({ name: value, value }));
		return field;
	});
}
