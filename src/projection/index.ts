export * from './runner';
export * from './note-fold';
