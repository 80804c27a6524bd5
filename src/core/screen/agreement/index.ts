export * from './two-raters';
export * from './fleiss';
export * from './decisions';
export { studentTCdf, studentTQuantile } from './student-t';
