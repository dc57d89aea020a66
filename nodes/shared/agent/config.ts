import { z } from 'zod';

import { compileJsonSchema, type JsonSchemaValidator } from './json-output';

/**
 * The agent's settings, named as the LiteLLM Agent node names its parameters, so that a bad value
 * is reported against the field the user has to fix.
 */
export const AGENT_PARAMETER_LABELS = {
	model: 'Model',
	fallbackModels: 'Fallback Models',
	systemPrompt: 'System Prompt',
	userPrompt: 'User Prompt',
	temperature: 'Temperature',
	maxTokens: 'Max Answer Tokens',
	maxIterations: 'Max Iterations',
	maxToolCalls: 'Max Tool Calls',
	requestTimeoutMs: 'Request Timeout (Ms)',
	totalTimeoutMs: 'Total Timeout (Ms)',
	toolTimeoutMs: 'Tool Timeout (Ms)',
	toolChoice: 'Tool Choice',
	outputMode: 'Output',
	jsonSchema: 'JSON Schema',
	includeTools: 'Include Tools',
	excludeTools: 'Exclude Tools',
	allowedTools: 'Allowed Tools',
	allowedNamespaces: 'Allowed Namespaces',
	allowedSecretReads: 'Allowed Secret Reads',
	toolResultTokens: 'Tool Result Token Budget',
	contextTokens: 'Prompt Token Budget',
	toolConcurrency: 'Parallel Tool Calls',
} as const;

export type AgentParameter = keyof typeof AGENT_PARAMETER_LABELS;

export class AgentConfigError extends Error {
	constructor(
		readonly parameter: AgentParameter,
		problem: string,
	) {
		super(`Parameter "${AGENT_PARAMETER_LABELS[parameter]}" ${problem}`);
		this.name = 'AgentConfigError';
	}

	get label(): string {
		return AGENT_PARAMETER_LABELS[this.parameter];
	}
}

const names = z.array(z.string().trim().min(1, 'contains an empty name')).default([]);

const agentConfigSchema = z.object({
	model: z.string({ required_error: 'is required' }).trim().min(1, 'is empty: choose or type a model'),
	fallbackModels: names,
	systemPrompt: z.string().default(''),
	userPrompt: z
		.string({ required_error: 'is required' })
		.refine((prompt) => prompt.trim().length > 0, 'is empty: the agent needs a request to work on'),
	temperature: z.number().min(0, 'must be between 0 and 2').max(2, 'must be between 0 and 2').optional(),
	maxTokens: z.number().int().min(1, 'must be at least 1').optional(),
	maxIterations: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(10),
	maxToolCalls: z.number().int('must be a whole number').min(0, 'must not be negative').default(30),
	requestTimeoutMs: z.number().int().min(1, 'must be positive').default(120_000),
	totalTimeoutMs: z.number().int().min(1, 'must be positive').default(300_000),
	toolTimeoutMs: z.number().int().min(1, 'must be positive').default(60_000),
	/** `required_first` forces a tool call on the first turn only; open models otherwise often answer without looking. */
	toolChoice: z.enum(['auto', 'required_first', 'none']).default('auto'),
	outputMode: z.enum(['text', 'json']).default('text'),
	/** A JSON Schema object, or its text. Required when `outputMode` is `json`. */
	jsonSchema: z.union([z.string(), z.record(z.unknown())]).optional(),
	includeTools: names,
	excludeTools: names,
	allowedTools: names,
	allowedNamespaces: names,
	/** Tools that may read Kubernetes Secrets; empty: no Secret value reaches the model. */
	allowedSecretReads: names,
	toolResultTokens: z.number().int().min(64, 'must be at least 64').default(1_500),
	/** What one request may carry; older tool results are cut further to stay under it. */
	contextTokens: z.number().int().min(1_000, 'must be at least 1000').default(6_000),
	toolConcurrency: z.number().int().min(1, 'must be at least 1').max(16, 'must be at most 16').default(4),
});

export type AgentConfigInput = z.input<typeof agentConfigSchema>;
export type AgentConfig = z.output<typeof agentConfigSchema> & {
	/** The JSON Schema as an object (parsed when it was given as text), for the prompt. */
	outputSchema?: unknown;
	outputValidator?: JsonSchemaValidator;
};

/** Checks and completes the settings; throws {@link AgentConfigError} naming the first bad parameter. */
export function parseAgentConfig(input: AgentConfigInput): AgentConfig {
	const parsed = agentConfigSchema.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = issue.path[0];
		const parameter = (typeof field === 'string' && field in AGENT_PARAMETER_LABELS ? field : 'model') as AgentParameter;
		throw new AgentConfigError(parameter, issue.message);
	}
	const config: AgentConfig = parsed.data;
	if (config.outputMode === 'json') {
		config.outputSchema = readOutputSchema(config.jsonSchema);
		config.outputValidator = compileOutputSchema(config.outputSchema);
	}
	return config;
}

function readOutputSchema(schema: AgentConfigInput['jsonSchema']): unknown {
	if (schema === undefined || (typeof schema === 'string' && !schema.trim())) {
		throw new AgentConfigError('jsonSchema', 'is empty: JSON output needs a JSON Schema');
	}
	if (typeof schema !== 'string') return schema;
	try {
		return JSON.parse(schema);
	} catch (error) {
		throw new AgentConfigError('jsonSchema', `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
}

function compileOutputSchema(value: unknown): JsonSchemaValidator {
	try {
		return compileJsonSchema(value);
	} catch (error) {
		throw new AgentConfigError('jsonSchema', error instanceof Error ? error.message : String(error));
	}
}
