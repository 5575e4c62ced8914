import type { HazardKind, HazardPointDraft, HazardPointRecord } from './hazard-point';

/** The hazard register (隐患点) in PostgreSQL. */
export interface HazardPointStore {
  /** Ordered by township, then id. */
  list(filter?: { townshipCode?: string; kind?: HazardKind }): Promise<HazardPointRecord[]>;
  get(id: string, options?: { forUpdate?: boolean }): Promise<HazardPointRecord | null>;
  /** False when the id is taken (nothing written). */
  insert(point: HazardPointDraft, options?: { sample?: boolean }): Promise<boolean>;
  /** Writes the point if its revision is still `expectedRevision`; the stored record, or null when not. */
  update(point: HazardPointDraft, expectedRevision: number): Promise<HazardPointRecord | null>;
  /** True when a point was removed. */
  remove(id: string): Promise<boolean>;
}
