export * from './stages';
export * from './record';
export * from './issues';
export * from './ids';
