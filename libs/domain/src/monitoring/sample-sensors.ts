import { BAZHOU_HAZARDS } from '../hazard/hazard-registry';
import type { Sensor } from './sensor';

const GEOLOGICAL = new Set(['landslide', 'collapse', 'debris_flow', 'ground_subsidence']);

/**
 * FICTIONAL SAMPLE DATA (示例数据，纯属虚构): the demo district's monitoring sensors, so readings can be tried
 * on a fresh database. Each geological hazard point gets a rain gauge (30 mm/h: short heavy rain) and a crack
 * gauge (10 mm); each flood point a water-level gauge (3 m). Thresholds are illustrative, not the bureau's.
 */
export const SAMPLE_SENSORS: readonly Sensor[] = BAZHOU_HAZARDS.points.flatMap((p): Sensor[] => {
  if (GEOLOGICAL.has(p.kind)) {
    return [
      {
        id: `rain-${p.id}`,
        kind: 'rain_gauge',
        hazardPointId: p.id,
        threshold: 30,
        name: `${p.name} 雨量计（示例）`,
      },
      {
        id: `crack-${p.id}`,
        kind: 'crack_gauge',
        hazardPointId: p.id,
        threshold: 10,
        name: `${p.name} 裂缝计（示例）`,
      },
    ];
  }
  if (p.kind === 'flood_point') {
    return [
      {
        id: `level-${p.id}`,
        kind: 'water_level',
        hazardPointId: p.id,
        threshold: 3,
        name: `${p.name} 水位计（示例）`,
      },
    ];
  }
  return [];
});
