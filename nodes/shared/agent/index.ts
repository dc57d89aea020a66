export * from './config';
export * from './json-output';
export * from './run-agent';
export * from './text-tool-calls';
export * from './tool-policy';
export * from './tool-provider';
export {
	delimitToolData,
	fitToTokenBudget,
	prepareText,
	untrustedDataRule,
	type FittedText,
	type PreparedText,
	type ToolOutcome,
} from './tool-results';
export * from './mcp-tool-provider';
