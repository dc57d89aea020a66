export * from './redact';
export * from './safe-text';
