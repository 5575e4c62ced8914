import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { GeoPoint } from '@erp/domain';

/** 更正乡镇位置: the commander puts a township's point where it really is (inside the district's outline). */
export class CorrectTownshipPointCommand extends Command<TownshipPointView> {
  constructor(
    readonly townshipCode: string,
    readonly point: GeoPoint,
    readonly user: SignedInUser,
  ) {
    super();
  }
}

export interface TownshipPointView {
  code: string;
  name: string;
  point: GeoPoint;
  /** Whether the point is the commander's correction rather than the shipped approximate one. */
  corrected: boolean;
}
