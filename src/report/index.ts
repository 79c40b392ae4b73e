export * from './model';
export * from './markdown';
export * from './html';
export * from './svg';
