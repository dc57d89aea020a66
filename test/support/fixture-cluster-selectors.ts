/**
 * Label and field selectors as the Kubernetes API evaluates them on list calls
 * (k8s.io/apimachinery/pkg/labels and pkg/fields), for the fixture cluster.
 */

export class SelectorError extends Error {}

type LabelRequirement =
	| { key: string; op: 'exists' | 'notExists' }
	| { key: string; op: 'in' | 'notIn'; values: string[] }
	| { key: string; op: 'gt' | 'lt'; value: number };

/** Splits on commas outside parentheses: `a in (x,y),b=c` has two requirements. */
function splitTopLevel(selector: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of selector) {
		if (char === '(') depth++;
		if (char === ')') depth--;
		if (char === ',' && depth === 0) {
			parts.push(current);
			current = '';
		} else {
			current += char;
		}
	}
	parts.push(current);
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function parseLabelRequirement(text: string): LabelRequirement {
	const setMatch = /^([^\s!=<>()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
	if (setMatch) {
		const values = setMatch[3].split(',').map((value) => value.trim());
		return { key: setMatch[1], op: setMatch[2] === 'in' ? 'in' : 'notIn', values };
	}
	const compareMatch = /^([^\s!=<>()]+)\s*(==|=|!=|>|<)\s*([^\s!=<>()]*)$/.exec(text);
	if (compareMatch) {
		const [, key, operator, value] = compareMatch;
		if (operator === '>' || operator === '<') {
			const number = Number(value);
			if (!Number.isInteger(number)) {
				throw new SelectorError(`unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer`);
			}
			return { key, op: operator === '>' ? 'gt' : 'lt', value: number };
		}
		return { key, op: operator === '!=' ? 'notIn' : 'in', values: [value] };
	}
	const existsMatch = /^(!?)([^\s!=<>()]+)$/.exec(text);
	if (existsMatch) return { key: existsMatch[2], op: existsMatch[1] === '!' ? 'notExists' : 'exists' };
	throw new SelectorError(`unable to parse requirement: found '${text}', expected: identifier`);
}

function labelRequirementMatches(requirement: LabelRequirement, labels: Record<string, string>): boolean {
	const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
	const value = labels[requirement.key];
	switch (requirement.op) {
		case 'exists':
			return has;
		case 'notExists':
			return !has;
		case 'in':
			return has && requirement.values.includes(value);
		case 'notIn':
			return !has || !requirement.values.includes(value);
		case 'gt':
			return has && Number(value) > requirement.value;
		case 'lt':
			return has && Number(value) < requirement.value;
	}
}

/** Returns a predicate over an object's labels; throws SelectorError on a selector the API would reject. */
export function parseLabelSelector(selector: string): (labels: Record<string, string>) => boolean {
	const requirements = splitTopLevel(selector).map(parseLabelRequirement);
	return (labels) => requirements.every((requirement) => labelRequirementMatches(requirement, labels));
}

export interface FieldRequirement {
	field: string;
	value: string;
	negate: boolean;
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
	return splitTopLevel(selector).map((text) => {
		const match = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(text);
		if (!match) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${text}'`);
		return { field: match[1].trim(), value: match[3].trim(), negate: match[2] === '!=' };
	});
}

/** The string the API compares a field selector against: dotted path into the object, '' when absent. */
export function fieldValue(object: Record<string, unknown>, path: string): string {
	let current: unknown = object;
	for (const segment of path.split('.')) {
		if (current === null || typeof current !== 'object') return '';
		current = (current as Record<string, unknown>)[segment];
	}
	if (current === undefined || current === null) return '';
	return typeof current === 'object' ? JSON.stringify(current) : String(current);
}
