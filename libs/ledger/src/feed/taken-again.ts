import type { MessageHandler } from '@nestjs/microservices';

/** How many times in a row one slice is taken again before its error goes to kafkajs. */
export const TAKE_AGAIN_ATTEMPTS = 3;

/**
 * `@EventPattern` extra of a feed handler whose writes may be refused because what it built them
 * against changed meanwhile: its statement checks that on its own snapshot and fails whole, and
 * `takenAgainWhen` tells that failure from any other. The feed then applies the slice again at
 * once (the handler builds its run anew), up to TAKE_AGAIN_ATTEMPTS times, instead of handing
 * kafkajs an error: kafkajs logs it as an ERROR, stops the consumer and restarts it, and its
 * group rebalances, all for a refusal that is part of the design.
 */
export interface TakenAgain {
  takenAgainWhen: (error: unknown) => boolean;
}

/** Whether the handler asks for its slice to be taken again after this error. */
export function takenAgain(handler: MessageHandler | undefined, error: unknown): boolean {
  const when = (handler?.extras as Partial<TakenAgain> | undefined)?.takenAgainWhen;
  return typeof when === 'function' && when(error);
}
