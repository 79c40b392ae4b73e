export * from './envelope';
export * from './errors';
export * from './expected-version';
export * from './port';
export * from './new-event-id';
export * from './append-input';
export * from './frozen-json';
export * from './subscribers';
