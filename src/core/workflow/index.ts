export * from './dual-review';
