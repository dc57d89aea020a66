export * from './arguments';
export * from './config';
export * from './errors';
export * from './result';
export { McpSession, type CallOptions } from './session';
