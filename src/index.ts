export * from './shared/decode';
export * from './shared/time';
export * from './shared/nonempty';
export * from './policy/index';
export * from './complaint/index';
export * from './store/index';
export * from './handler/index';
