import { District } from '../district/district';
import { RefreshedValue } from '../shared/refreshed-value';
import { HazardPoint, HazardPointRecord, registryPointOf } from './hazard-point';
import type { HazardPointStore } from './hazard-point-store.port';
import { HazardRegistry } from './hazard-registry';

/** How long a process keeps the register it read: the commander's edits reach dispatch within this. */
export const HAZARD_REGISTER_TTL_MS = 5_000;

/**
 * The stored hazard register (隐患点) as a HazardRegistry for dispatch and intake, read at most once per
 * `ttlMs` (concurrent callers share one read); one per process, shared by every use case that needs it.
 * Positions were checked when the points were written, so the registry does not check their reach again;
 * a row without a named monitor and person in charge (one written around the API) is left out rather than
 * stop every placement.
 */
export class HazardRegisterCache {
  private readonly register: RefreshedValue<HazardRegistry>;

  constructor(
    private readonly store: Pick<HazardPointStore, 'list' | 'get'>,
    private readonly district: District,
    ttlMs = HAZARD_REGISTER_TTL_MS,
    now: () => number = Date.now,
  ) {
    this.register = new RefreshedValue(async () => this.registryOf(await store.list()), ttlMs, now);
  }

  /** The register as read at most `ttlMs` ago. */
  registry(): Promise<HazardRegistry> {
    return this.register.get();
  }

  /** One point; an id the cached register does not know (added since?) is read alone, not the register. */
  async point(id: string): Promise<HazardPoint | undefined> {
    const known = (await this.registry()).byId(id);
    if (known) return known;
    const record = await this.store.get(id);
    return record ? this.registryOf([record]).byId(id) : undefined;
  }

  private registryOf(records: HazardPointRecord[]): HazardRegistry {
    const usable = records.filter((r) =>
      (['monitor', 'person_in_charge'] as const).every((role) =>
        r.responsiblePersons.some((p) => p.role === role && p.name.trim() && p.phone.trim()),
      ),
    );
    return new HazardRegistry(usable.map(registryPointOf), this.district, Infinity);
  }
}
