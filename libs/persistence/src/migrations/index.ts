import { Foundation1764480000000 } from './1764480000000-foundation';

/** Every migration, in order. A CI test fails when these and the entities disagree. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Foundation1764480000000];
