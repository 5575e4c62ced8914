import { BAZHOU } from '@erp/domain';
import type { ImportKind } from '../../libs/command/src/import-district/district-sheets';

/** A district workbook's rows by sheet, each row its cells by Chinese heading. */
export type DistrictRows = Record<ImportKind, Record<string, string>[]>;

/** A workbook with no rows in any sheet: what a bureau starting from nothing fills in. */
export function emptyDistrict(): DistrictRows {
  return { units: [], people: [], rosters: [], teams: [], 'hazard-points': [] };
}

/** The 25 township emergency offices (乡镇应急管理办公室), as an empty install's units sheet lists them. */
export function townshipOfficeRows(): Record<string, string>[] {
  return BAZHOU.townships.map((t) => ({
    单位名称: `${t.name}应急管理办公室`,
    单位类型: '乡镇应急办',
    所属乡镇: t.code,
    上级单位: '',
    联系人: `${t.name}值班室`,
    值班电话: '0827-5260000',
    负责事件类型: '',
    负责类别: '',
    备注: '',
  }));
}

/**
 * The realistic district of issue 17, added to `rows` (whose units sheet lists the 25 township offices):
 * each office's own duty line and 12 people (`imported-<office>-<k>`, the first its head), 40 teams spread
 * over the townships (`<township>第<n>应急分队`), and 30 hazard points watched by people it brings in.
 */
export function addRealisticDistrict(rows: DistrictRows): DistrictRows {
  const offices = rows.units.filter((u) => u['单位类型'] === '乡镇应急办');
  if (offices.length !== 25)
    throw new Error(`the units sheet lists ${offices.length} township offices, not 25`);
  // Each office's real duty line, 12 people each, and 40 teams spread over the townships.
  offices.forEach((o, i) => (o['值班电话'] = `0827-52${String(60000 + i).padStart(5, '0')}`));
  offices.forEach((o, i) => {
    for (let k = 0; k < 12; k++) {
      rows.people.push({
        姓名: `人员${i}-${k}`,
        用户名: `imported-${i}-${k}`,
        手机: `139${String(i * 100 + k).padStart(8, '0')}`,
        所属单位: o['单位名称'],
        职务: k === 0 ? '负责人' : '值班员',
      });
    }
  });
  for (let t = 0; t < 40; t++) {
    const township = BAZHOU.townships[t % 25];
    rows.teams.push({
      队伍名称: `${township.name}第${t + 1}应急分队`,
      所属乡镇: township.code,
      上级单位: offices.find((o) => o['所属乡镇'] === township.code)?.['单位名称'] ?? '',
      基地纬度: String(township.approxPosition.lat),
      基地经度: String(township.approxPosition.lon),
      车辆类型: t % 2 ? '越野车' : 'rescue_truck',
      能力: t % 3 ? 'rope_rescue、medical' : 'drone,life_detector',
      装备: '无人机、担架',
      级别: '乡镇级',
      队伍类型: '干部职工',
      人数: '10',
      联系人: '队长',
      值班电话: `1370000${String(t).padStart(4, '0')}`,
    });
  }
  // Hazard points watched by people this very workbook brings in (they can sign in once it is applied).
  for (let h = 0; h < 30; h++) {
    const township = BAZHOU.townships[h % 25];
    const i = h % 25;
    rows['hazard-points'].push({
      编号: `hp-imported-${h}`,
      隐患点名称: `${township.name}隐患点${h}`,
      隐患类型: h % 2 ? '滑坡' : 'flood_point',
      所属乡镇: township.code,
      纬度: String(township.approxPosition.lat + 0.001),
      经度: String(township.approxPosition.lon),
      风险等级: '一般风险',
      威胁人数: '20',
      威胁户数: '6',
      监测员: `人员${i}-1`,
      监测员手机: `139${String(i * 100 + 1).padStart(8, '0')}`,
      监测员用户名: `imported-${i}-1`,
      责任人: `人员${i}-0`,
      责任人手机: `139${String(i * 100).padStart(8, '0')}`,
      责任人用户名: `imported-${i}-0`,
    });
  }
  return rows;
}

/** POST /api/v1/imports as a bureau's browser sends it: multipart, the workbook in the field `file`. */
export async function uploadWorkbook(
  base: string,
  token: string,
  file: Buffer,
  query = '',
  name = 'district.xlsx',
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([file]), name);
  const res = await fetch(`${base}/api/v1/imports${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}
