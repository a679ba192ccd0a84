export * from './access.decorators';
export * from './access.exception';
export * from './access.module';
export * from './caller';
export * from './store';
export { PublicCheckLimit } from './rate-limit.guard';
