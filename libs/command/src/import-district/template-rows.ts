import type { ImportKind } from './district-sheets';

/** One example row per sheet of the template (fictional: replace them with the district's own). */
export const TEMPLATE_ROWS: Record<ImportKind, Record<string, string>[]> = {
  units: [
    {
      单位名称: '东城街道应急管理办公室',
      单位类型: '乡镇应急办',
      所属乡镇: '511902001',
      上级单位: '区应急指挥中心',
      联系人: '张主任',
      值班电话: '0827-5260001',
      负责事件类型: '',
      负责类别: '',
      备注: '示例，请替换',
    },
  ],
  people: [
    {
      姓名: '李值班',
      用户名: 'li-zhiban',
      手机: '13800001999',
      所属单位: '东城街道应急管理办公室',
      职务: '值班员',
    },
  ],
  rosters: [
    {
      单位名称: '东城街道应急管理办公室',
      用户名: 'li-zhiban',
      星期: '1,2,3,4,5',
      开始: '08:00',
      结束: '20:00',
    },
  ],
  teams: [
    {
      队伍名称: '东城街道应急救援队',
      所属乡镇: '511902001',
      上级单位: '东城街道应急管理办公室',
      基地纬度: '31.86',
      基地经度: '106.775',
      车辆类型: '抢险车',
      能力: 'rope_rescue、medical',
      装备: '无人机、生命探测仪',
      级别: '乡镇级',
      队伍类型: '干部职工',
      人数: '15',
      联系人: '王队长',
      值班电话: '13800001998',
    },
  ],
};
