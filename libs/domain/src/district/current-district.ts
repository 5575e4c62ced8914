import type { GeoPoint } from '../shared/geo';
import { RefreshedValue } from '../shared/refreshed-value';
import { District } from './district';

/** How long a process keeps the township points it read: a correction reaches placement within this. */
export const TOWNSHIP_POINTS_TTL_MS = 5_000;

/**
 * The district as the commander has corrected it (属地): alarms are placed in, and incidents anchored to,
 * the township points as corrected, the same points the 15-minute circle is measured to.
 */
export class CurrentDistrict {
  private readonly value: RefreshedValue<District>;

  constructor(
    loadCorrections: () => Promise<ReadonlyMap<string, GeoPoint>>,
    base: District,
    ttlMs = TOWNSHIP_POINTS_TTL_MS,
    now: () => number = Date.now,
  ) {
    this.value = new RefreshedValue(async () => base.withCorrections(await loadCorrections()), ttlMs, now);
  }

  district(): Promise<District> {
    return this.value.get();
  }
}
