import { Inject, Injectable } from '@nestjs/common';
import {
  changedUnitFields,
  Clock,
  CommandUnit,
  DomainError,
  NewAccount,
  oneTimePassword,
  Transaction,
  UnitRecord,
} from '@erp/domain';
import type { EventPayload } from '@erp/contracts';
import type { SignedInUser } from '@erp/auth';
import { userCausation } from '@erp/auth';
import { CLOCK } from '@erp/platform';
import { takeStructureTurn } from '../unit-edit/unit-editor';
import { checkStructureChange, StructureChange } from './structure-change';

/** A new account's password, shown once to who made the change and never stored or shown again. */
export interface OneTimePassword {
  userName: string;
  unitId: string;
  password: string;
}

export interface StructureChangeResult {
  created: string[];
  updated: string[];
  retired: string[];
  oneTimePasswords: OneTimePassword[];
}

/**
 * Writes a change of the command structure inside the caller's transaction: takes the structure's turn,
 * checks the change against everything stored (all errors at once, `UNIT.INVALID`), writes the units, opens
 * an account for each new member (a one-time password) and retires the accounts of members removed, and
 * records one UnitChanged per unit with who did it.
 */
@Injectable()
export class StructureWriter {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async apply(tx: Transaction, change: StructureChange, user: SignedInUser): Promise<StructureChangeResult> {
    await takeStructureTurn(tx);
    const records = await tx.units.list();
    const plan = await tx.plans.current();
    const checked = checkStructureChange(records, change, plan?.plan ?? null);
    if (!checked.ok) {
      throw new DomainError(
        'UNIT.INVALID',
        'invalid',
        `指挥体系变更无效 the change was refused, nothing written: ${checked.errors
          .slice(0, 5)
          .map((e) => `${e.pointer}: ${e.message}`)
          .join('; ')}${checked.errors.length > 5 ? ` (and ${checked.errors.length - 5} more)` : ''}`,
        { errors: checked.errors },
      );
    }
    const byId = new Map(records.map((r) => [r.unit.id, r]));
    const events: EventPayload<'UnitChanged'>[] = [];

    await tx.units.create(change.create.map((w) => ({ unit: w.unit, team: teamOf(w.unit, w.team) })));
    const updated: string[] = [];
    const membersBefore = new Map<string, CommandUnit['members']>();
    const membersAfter = new Map<string, CommandUnit['members']>();
    for (const w of change.create) membersAfter.set(w.unit.id, w.unit.members);
    for (const w of change.update) {
      const before = byId.get(w.unit.id) as UnitRecord;
      const changed = changedUnitFields(before, w.unit, w.team);
      if (changed.length === 0) continue;
      await tx.units.update(w.unit, w.team ? teamOf(w.unit, w.team) : undefined);
      updated.push(w.unit.id);
      membersBefore.set(w.unit.id, before.unit.members);
      membersAfter.set(w.unit.id, w.unit.members);
      events.push({ unitId: w.unit.id, changed, action: 'edited' });
    }
    const retired = change.retire.filter((id) => !byId.get(id)?.retiredAt);
    for (const id of retired) membersBefore.set(id, (byId.get(id) as UnitRecord).unit.members);
    await tx.units.retire(retired);

    const accounts = await this.syncAccounts(tx, records, change, membersBefore, membersAfter, retired);
    for (const w of change.create) {
      events.push({ unitId: w.unit.id, changed: Object.keys(w.unit), action: 'created' });
    }
    for (const id of retired) {
      events.push({ unitId: id, changed: ['retiredAt'], action: 'retired' });
    }
    const openedByUnit = new Map<string, string[]>();
    for (const o of accounts.opened)
      openedByUnit.set(o.unitId, [...(openedByUnit.get(o.unitId) ?? []), o.userName]);
    for (const e of events) {
      const opened = openedByUnit.get(e.unitId) ?? [];
      const closed = accounts.retired.get(e.unitId) ?? [];
      if (opened.length) e.accountsOpened = opened;
      if (closed.length) e.accountsRetired = closed;
    }
    if (events.length > 0) {
      await tx.record(
        events.map((payload) => ({ type: 'UnitChanged' as const, payload })),
        userCausation(user, events[0].unitId),
        this.clock.now(),
      );
    }
    return {
      created: change.create.map((w) => w.unit.id),
      updated,
      retired,
      oneTimePasswords: accounts.opened,
    };
  }

  /**
   * New members without an account (or with a retired one) get one, duty officers of their unit; a member
   * removed from the unit their account belongs to, and left in no unit in service, is retired.
   */
  private async syncAccounts(
    tx: Transaction,
    records: readonly UnitRecord[],
    change: StructureChange,
    before: Map<string, CommandUnit['members']>,
    after: Map<string, CommandUnit['members']>,
    retiredUnits: readonly string[],
  ): Promise<{ opened: OneTimePassword[]; retired: Map<string, string[]> }> {
    const added: { userName: string; displayName: string; unitId: string }[] = [];
    const removed: { userName: string; unitId: string }[] = [];
    for (const [unitId, members] of after) {
      const had = new Set((before.get(unitId) ?? []).map((m) => m.userName));
      for (const m of members) if (!had.has(m.userName)) added.push({ ...m, unitId });
    }
    for (const [unitId, members] of before) {
      const has = new Set((after.get(unitId) ?? []).map((m) => m.userName));
      for (const m of members) if (!has.has(m.userName)) removed.push({ userName: m.userName, unitId });
    }
    const names = [...new Set([...added, ...removed].map((a) => a.userName))];
    const accounts = new Map((await tx.users.accounts(names)).map((a) => [a.username, a]));

    const opened: OneTimePassword[] = [];
    const open: NewAccount[] = [];
    const opening = new Set<string>();
    for (const a of added) {
      const account = accounts.get(a.userName);
      if (account && !account.retiredAt) continue;
      if (opening.has(a.userName)) continue;
      opening.add(a.userName);
      const { password, hash } = oneTimePassword();
      open.push({
        username: a.userName,
        displayName: a.displayName,
        role: 'duty_officer',
        unitId: a.unitId,
        passwordHash: hash,
      });
      opened.push({ userName: a.userName, unitId: a.unitId, password });
    }
    await tx.users.open(open);

    // Who is still a member of a unit in service once the change is written.
    const gone = new Set(retiredUnits);
    const stillMember = new Set<string>();
    const updatedIds = new Set(change.update.map((w) => w.unit.id));
    for (const r of records) {
      if (r.retiredAt || gone.has(r.unit.id) || updatedIds.has(r.unit.id)) continue;
      for (const m of r.unit.members) stillMember.add(m.userName);
    }
    for (const members of after.values()) for (const m of members) stillMember.add(m.userName);
    const retired = new Map<string, string[]>();
    const toRetire: string[] = [];
    for (const r of removed) {
      const account = accounts.get(r.userName);
      if (!account || account.retiredAt || account.unitId !== r.unitId || stillMember.has(r.userName))
        continue;
      if (account.role !== 'duty_officer') continue;
      toRetire.push(r.userName);
      retired.set(r.unitId, [...(retired.get(r.unitId) ?? []), r.userName]);
    }
    await tx.users.retire(toRetire);
    return { opened, retired };
  }
}

/** The team fields as the store writes them, with the unit's identity (the store keeps only the fields). */
function teamOf(unit: CommandUnit, team: StructureChange['create'][number]['team']) {
  if (!team) return null;
  return { ...team, id: unit.id, name: unit.name, contact: unit.contact };
}
