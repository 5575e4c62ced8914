import { District } from '../district/district';
import { HazardPointRecord, registryPointOf } from './hazard-point';
import { HazardRegistry } from './hazard-registry';

/** How long a process keeps the register it read: the commander's edits reach dispatch within this. */
export const HAZARD_REGISTER_TTL_MS = 5_000;

/**
 * The stored hazard register (隐患点) as a HazardRegistry for dispatch and intake, read at most once per
 * `ttlMs` (concurrent callers share one read). Positions were checked when the points were written, so
 * the registry does not check their reach again; a row without a named monitor and person in charge (one
 * written around the API) is left out rather than stop every placement.
 */
export class HazardRegisterCache {
  private cached: { registry: HazardRegistry; at: number } | null = null;
  private loading: Promise<HazardRegistry> | null = null;

  constructor(
    private readonly load: () => Promise<HazardPointRecord[]>,
    private readonly district: District,
    private readonly ttlMs = HAZARD_REGISTER_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The register; `fresh` reads it again now (e.g. before refusing an id it does not know). */
  async registry(options: { fresh?: boolean } = {}): Promise<HazardRegistry> {
    const cached = this.cached;
    if (!options.fresh && cached && this.now() - cached.at < this.ttlMs) return cached.registry;
    this.loading ??= this.load()
      .then((records) => {
        const usable = records.filter((r) =>
          (['monitor', 'person_in_charge'] as const).every((role) =>
            r.responsiblePersons.some((p) => p.role === role && p.name.trim() && p.phone.trim()),
          ),
        );
        const registry = new HazardRegistry(usable.map(registryPointOf), this.district, Infinity);
        this.cached = { registry, at: this.now() };
        return registry;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
