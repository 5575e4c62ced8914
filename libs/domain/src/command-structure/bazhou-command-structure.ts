import { UnitRegistry } from './unit-registry';
import data from './bazhou-units.json';

/**
 * Bazhou's command structure as sample data (FICTIONAL contacts, members and rosters; see the JSON's notice):
 * 区应急委 and the 区应急指挥中心, 18 special HQs, 11 district departments and the 25 township emergency
 * offices. Rescue teams come from the rescue-circle module: `BAZHOU_COMMAND_STRUCTURE.with(teams)`.
 * Validated on load: a broken file fails at start-up, listing every error.
 */
export const BAZHOU_COMMAND_STRUCTURE: UnitRegistry = UnitRegistry.fromDocument(data);
