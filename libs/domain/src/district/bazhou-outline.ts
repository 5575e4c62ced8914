import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DistrictOutline } from './district-outline';

let outline: DistrictOutline | undefined;

/**
 * Bazhou's outline, read once from `bazhou-outline.geojson` beside this file (the build copies it into dist):
 * where a team's base or a township's point may lie.
 */
export function bazhouOutline(): DistrictOutline {
  outline ??= DistrictOutline.fromGeoJson(
    JSON.parse(readFileSync(join(__dirname, 'bazhou-outline.geojson'), 'utf8')),
  );
  return outline;
}
