import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: a DataSource, or a transaction's EntityManager (to verify inside one). */
export type Queryable = Pick<EntityManager, 'query'>;
