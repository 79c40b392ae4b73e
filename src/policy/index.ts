export * from './steps';
export * from './types';
export * from './hongchang';
export * from './validate';
export * from './lookup';
export * from './scoring';
export * from './hongchang-scoring';
