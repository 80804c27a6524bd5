export * from './dual-review';
export * from './agreement/index';
export * from './calibration';
