export * from './two-raters';
export * from './fleiss';
export * from './judgements';
export { studentTCdf, studentTQuantile } from './student-t';
