export * from './base-url';
export * from './client';
export * from './errors';
