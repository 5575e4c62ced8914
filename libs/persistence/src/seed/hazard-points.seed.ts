import { EntityManager } from 'typeorm';
import { BAZHOU_HAZARD_SEED, HAZARD_RESPONSIBLE_ROLES, UnitIds } from '@erp/domain';
import { HazardPointRepository } from '../repositories/hazard-point.repository';

interface HazardUser {
  username: string;
  display_name: string;
  role: string;
  unit_id: string;
}

/**
 * The sample hazard points' responsible persons as users: duty officers of their township office, so they
 * sign in and act on the tasks a warning gives them. FICTIONAL, like the points.
 */
export function hazardPointUsers(): HazardUser[] {
  const users = new Map<string, HazardUser>();
  for (const point of BAZHOU_HAZARD_SEED) {
    for (const person of point.responsiblePersons) {
      if (users.has(person.userName)) continue;
      users.set(person.userName, {
        username: person.userName,
        display_name: `${person.name}（${HAZARD_RESPONSIBLE_ROLES[person.role].nameZh}）`,
        role: 'duty_officer',
        unit_id: UnitIds.townshipOffice(point.townshipCode),
      });
    }
  }
  return [...users.values()];
}

/**
 * Inside the seeding transaction (the users come with the demo logins): the sample points go in, marked
 * `sample`; a point already there, or an operator's edit of it, stays as it is.
 */
export async function seedHazardPointsIn(m: EntityManager): Promise<void> {
  for (const point of BAZHOU_HAZARD_SEED) {
    await HazardPointRepository.insert(m, point, { sample: true });
  }
}
