/**
 * What a rescue team can bring (应急物资与专业能力). A clause of the tiered response plan requires some of
 * these; dispatch chooses teams that cover them.
 */
export const CAPABILITIES = {
  fire_suppression: '灭火',
  forest_firefighting: '森林灭火',
  drone: '无人机',
  life_detector: '生命探测仪',
  satellite_phone: '卫星电话',
  hydraulic_breaking: '液压破拆',
  diving: '潜水',
  water_rescue: '水上救援',
  rope_rescue: '绳索救援',
  hazmat: '危化品处置',
  medical: '医疗救护',
  heavy_machinery: '工程机械',
  search_dogs: '搜救犬',
  power_generation: '发电照明',
} as const;

export type Capability = keyof typeof CAPABILITIES;

export function isCapability(code: unknown): code is Capability {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CAPABILITIES, code);
}
