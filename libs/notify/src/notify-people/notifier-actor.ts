import { SYSTEM_ACTOR } from '@erp/contracts';

/** The notifier's consumer group and inbox name, and who its events are by. */
export const NOTIFY = 'notify';
export const NOTIFIER = SYSTEM_ACTOR(NOTIFY);
