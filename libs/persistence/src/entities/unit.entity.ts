import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { RescueTeam, RosterWindow, UnitContact, UnitMember, UnitResponsibility } from '@erp/domain';

/** A rescue team's own fields, kept whole in `units.team`; the unit row holds its id, name, township and contact. */
export type StoredTeamFields = Omit<RescueTeam, 'id' | 'name' | 'townshipCode' | 'contact' | 'status'>;

/**
 * A unit of the command structure (指挥体系): the committee and command room, the 18 special HQs, departments,
 * township offices and rescue teams. A team's live status is a column of its own (`team_status`), not part of
 * `team`, so claiming a team is one conditional UPDATE. The checks keep the status and the team fields on
 * rescue teams only, whatever the code does.
 */
@Entity('units')
@Check(
  'units_kind_check',
  `kind IN ('committee', 'special_hq', 'department', 'township_office', 'rescue_team')`,
)
@Check(
  'units_team_status_check',
  `CASE WHEN kind = 'rescue_team' THEN COALESCE(team_status IN ('available', 'dispatched', 'en_route', 'on_scene', 'returning', 'out_of_service'), false) ELSE team_status IS NULL END`,
)
@Check('units_team_check', `(kind = 'rescue_team') = (team IS NOT NULL)`)
@Check(
  'units_retired_team_check',
  `retired_at IS NULL OR kind <> 'rescue_team' OR team_status = 'out_of_service'`,
)
export class UnitEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'township_code', type: 'text', nullable: true })
  townshipCode: string | null;

  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId: string | null;

  /** Null only on rows the first foundation seed wrote, before the structure was stored. */
  @Column({ type: 'jsonb', nullable: true })
  contact: UnitContact | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  members: UnitMember[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  roster: RosterWindow[];

  @Column({ name: 'responsible_for', type: 'jsonb', nullable: true })
  responsibleFor: UnitResponsibility | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', nullable: true })
  team: StoredTeamFields | null;

  @Column({ name: 'team_status', type: 'text', nullable: true })
  teamStatus: string | null;

  /** Bumped by every edit of the unit's fields (not by a team status change): the operator's edit version. */
  @Column({ type: 'integer', default: 0 })
  revision: number;

  /** Set when the unit is retired: kept for history (past tasks keep its name), never tasked again. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
