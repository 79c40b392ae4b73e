export * from './month';
export * from './events';
export * from './commands';
export * from './decide';
export * from './codec';
export * from './handler';
