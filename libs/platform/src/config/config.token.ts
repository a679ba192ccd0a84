import { Inject } from '@nestjs/common';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the validated, typed configuration. */
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);
