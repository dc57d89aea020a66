import Ajv, { type Options, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * JSON Schema validators, compiled once per distinct schema. MCP servers send their tools' input
 * schemas again in every session, as new objects: keyed by object identity (Ajv's own cache, or a
 * WeakMap) every session would compile and keep them anew, a leak over n8n's lifetime. Keyed by the
 * schema's text, with a bounded cache, the same schema is compiled once and memory stays flat.
 */
export interface CompileOptions {
	/** Check `format` keywords (email, uri, date-time…). */
	validateFormats: boolean;
}

const MAX_CACHED = 256;
const cache = new Map<string, ValidateFunction>();
const instances = new Map<string, Ajv>();

function dialectOf(schema: object): 'draft-07' | '2019-09' | '2020-12' {
	const declared = String((schema as { $schema?: unknown }).$schema ?? '');
	if (declared.includes('2020-12')) return '2020-12';
	if (declared.includes('2019-09')) return '2019-09';
	return 'draft-07';
}

function instanceFor(dialect: ReturnType<typeof dialectOf>, validateFormats: boolean): Ajv {
	const key = `${dialect}/${validateFormats}`;
	let ajv = instances.get(key);
	if (!ajv) {
		// `strict: false` accepts annotations servers and users add (`example`, vendor keywords).
		const options: Options = { allErrors: true, strict: false, validateFormats, logger: false };
		ajv = dialect === '2020-12' ? new Ajv2020(options) : dialect === '2019-09' ? new Ajv2019(options) : new Ajv(options);
		if (validateFormats) addFormats(ajv);
		instances.set(key, ajv);
	}
	return ajv;
}

/** Compiles (or returns the cached validator of) a JSON Schema; throws Ajv's error when it is invalid. */
export function compileJsonSchema(schema: object, options: CompileOptions): ValidateFunction {
	const key = `${options.validateFormats ? 'f' : '-'}${JSON.stringify(schema)}`;
	const cached = cache.get(key);
	if (cached) {
		// Most recently used last, so the oldest is evicted first.
		cache.delete(key);
		cache.set(key, cached);
		return cached;
	}
	const ajv = instanceFor(dialectOf(schema), options.validateFormats);
	try {
		const validate = ajv.compile(schema);
		cache.set(key, validate);
		if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
		return validate;
	} finally {
		// Ajv keeps every schema it compiled (and its $id) for the instance's life; the cache above is ours.
		ajv.removeSchema(schema);
	}
}

/** How many validators are cached; for tests. */
export function cachedValidatorCount(): number {
	return cache.size;
}
