export * from './errors';
export * from './http';
export * from './sse';
export * from './contracts';
export * from './leads';
export * from './insights';
export * from './ruleSets';
export * from './inject';
