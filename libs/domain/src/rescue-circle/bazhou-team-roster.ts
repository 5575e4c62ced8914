import { BAZHOU } from '../district/district';
import { GeoBox, RescueTeam, validateRescueTeams } from './rescue-team';
import data from './bazhou-rescue-teams.json';

/** Bazhou's bounding box (approximate, generous): team bases and synthetic points must lie inside it. */
export const BAZHOU_BOX: GeoBox = { minLat: 31.6, maxLat: 32.02, minLon: 106.55, maxLon: 106.98 };

/**
 * The sample roster of 三级应急队伍: FICTIONAL SAMPLE DATA (see bazhou-rescue-teams.json): the fire
 * brigade and a station, district professional teams, 巴州蓝天救援队 and a 片区中队, the militia, one team
 * per township and a few village teams. Validated on load.
 */
export const BAZHOU_RESCUE_TEAMS: readonly RescueTeam[] = validateRescueTeams(data.teams, BAZHOU, BAZHOU_BOX);
