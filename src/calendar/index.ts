export * from './zone';
export * from './data';
export * from './calendar';
export * from './china';
export * from './working-time';
export * from './registry';
