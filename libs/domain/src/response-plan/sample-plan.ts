import { UnitIds } from '../district/district';
import { IncidentTypeCode } from '../classification/incident-types';
import { Tier } from '../incident/first-classification';
import { Capability } from '../rescue-circle/capabilities';
import { DEFAULT_LADDERS, EscalationLadders } from '../escalation/escalation-ladder';
import { PlanClause, PlanRole, RoleDeadlines, TieredResponsePlan } from './plan-document';
import { DEFAULT_WARNING_CLAUSES } from '../warning/warning-clauses';

export const SAMPLE_PLAN_VERSION = 'seed-2020/2';

const MIN = 60;

/**
 * The township office, whatever its role: acknowledge in 5 minutes and set out at once, arrive within the
 * 15-minute rescue circle (15分钟应急救援圈), first situation report in 30 minutes.
 */
const TOWNSHIP_OFFICE: RoleDeadlines = {
  acknowledgeSeconds: 5 * MIN,
  departSeconds: 5 * MIN,
  arriveSeconds: 15 * MIN,
  firstReportSeconds: 30 * MIN,
  completeSeconds: 4 * 60 * MIN,
};

/** A district department sets out from the district seat: the farthest townships are 25–30 km away. */
const DEPARTMENT: RoleDeadlines = {
  acknowledgeSeconds: 10 * MIN,
  departSeconds: 20 * MIN,
  arriveSeconds: 45 * MIN,
  firstReportSeconds: 60 * MIN,
};

/** The committee convenes, sets up the on-site command post and makes the first report up the line. */
const COMMITTEE: RoleDeadlines = {
  acknowledgeSeconds: 10 * MIN,
  departSeconds: 30 * MIN,
  arriveSeconds: 60 * MIN,
  firstReportSeconds: 30 * MIN,
};

const SPECIAL_HQ: RoleDeadlines = {
  acknowledgeSeconds: 10 * MIN,
  departSeconds: 30 * MIN,
  arriveSeconds: 60 * MIN,
  firstReportSeconds: 60 * MIN,
};

/** The command room, when no team reaches the scene inside the circle: acknowledge at once, find teams. */
const BREACH_SUPPORT: RoleDeadlines = { acknowledgeSeconds: 2 * MIN, firstReportSeconds: 10 * MIN };

/** The command room (24-hour duty) only needs to know: it acknowledges, and closes its note by the day's end. */
const NOTIFY: RoleDeadlines = { acknowledgeSeconds: 5 * MIN };

/**
 * The committee's own lead task at 一般以上: an unacknowledged T3 lead climbs past the command room straight
 * to the city (上报市级) instead of waiting on the district's own ladder.
 */
const T3_LEAD_LADDERS: EscalationLadders = {
  ack: {
    steps: [
      { afterSeconds: 0, action: 'renotify' },
      { afterSeconds: 2 * MIN, action: 'notify_leader' },
      { afterSeconds: 3 * MIN, action: 'report_to_city' },
    ],
  },
};

/**
 * Rescue-team capabilities by incident type (the seed's 应急物资: 水下机器人潜航器, 无人机, 潜水衣, 液压破拆系统,
 * 救援绳索装备系统, 生命探测仪, 卫星电话), and what a T3 (一般以上) incident adds. Types not listed (气象灾害, 传染病
 * 疫情, 社会安全事件) require no rescue-team capability.
 */
const CAPABILITIES_BY_TYPE: Partial<Record<IncidentTypeCode, { all: Capability[]; t3?: Capability[] }>> = {
  landslide: { all: ['life_detector', 'drone'], t3: ['heavy_machinery', 'satellite_phone'] },
  flood: { all: ['water_rescue', 'diving'], t3: ['drone', 'satellite_phone'] },
  earthquake: {
    all: ['life_detector', 'search_dogs', 'hydraulic_breaking'],
    t3: ['heavy_machinery', 'drone', 'satellite_phone'],
  },
  forest_fire: { all: ['forest_firefighting', 'drone'], t3: ['satellite_phone'] },
  fire: { all: ['fire_suppression'], t3: ['hydraulic_breaking', 'rope_rescue'] },
  building_collapse: { all: ['hydraulic_breaking', 'life_detector', 'search_dogs'], t3: ['heavy_machinery'] },
  hazmat_leak: { all: ['hazmat'], t3: ['medical'] },
  gas_leak: { all: ['hazmat', 'fire_suppression'] },
  traffic_accident: { all: ['hydraulic_breaking', 'medical'] },
  drowning: { all: ['water_rescue', 'diving'] },
  work_safety_accident: { all: ['rope_rescue', 'medical'] },
  food_poisoning: { all: ['medical'] },
  occupational_poisoning: { all: ['medical'] },
};

const TIER_TAG: Record<Tier, string> = { T1_MINOR: 't1', T2_GENERAL: 't2', T3_MAJOR: 't3' };

/** The township office's role by tier: it leads below 一般 and at 一般; at 一般以上 the committee leads. */
const TOWNSHIP_ROLE: Record<Tier, PlanRole> = { T1_MINOR: 'lead', T2_GENERAL: 'lead', T3_MAJOR: 'support' };

const SEED = 'shared/seed/bazhou-emergency-management-2020.txt';

function capabilityClauses(tier: Tier): PlanClause[] {
  const entries = Object.entries(CAPABILITIES_BY_TYPE) as [
    IncidentTypeCode,
    { all: Capability[]; t3?: Capability[] },
  ][];
  return entries.map(([type, caps]) => ({
    id: `${TIER_TAG[tier]}-capabilities-${type}`,
    title: `${type}: 救援队伍须具备的能力`,
    basis: `${SEED}: 应急物资 (无人机, 生命探测仪, 液压破拆系统, 卫星电话 …) — capabilities by type, a sample choice`,
    appliesTo: { types: [type] },
    tier,
    participants: [
      {
        rule: 'incident_township_office',
        role: TOWNSHIP_ROLE[tier],
        deadlines: TOWNSHIP_OFFICE,
        requiredCapabilities: [...caps.all, ...(tier === 'T3_MAJOR' ? (caps.t3 ?? []) : [])],
      },
    ],
    reportUpToCity: false,
    // No team inside 15 minutes: the command room (24-hour duty) pulls teams from the neighbouring
    // townships and the district (跨区域调派), in support of the scene.
    onRescueCircleBreach: [
      { rule: 'unit', unitId: UnitIds.districtCommandRoom, role: 'support', deadlines: BREACH_SUPPORT },
    ],
  }));
}

/**
 * The sample tiered response plan, after the seed ("属地负责、分级响应", "将事故处置划分为“一般及以下”“一般”
 * “一般及以上”三大类, 以清单形式固化明确三级职责"):
 * - T1_MINOR (一般及以下): the township office leads alone.
 * - T2_GENERAL (一般): the township office still leads; the department responsible for the type supports; the
 *   district command room is notified. Road traffic accidents add the public-security branch (交警) in support.
 * - T3_MAJOR (一般以上): the committee (区应急委) leads and reports up to the city; the special HQ of the type
 *   (or its category) and the department support; the township office supports (先期处置, under the
 *   committee's command); the command room is notified.
 * For every tier, type-specific clauses put the rescue-team capabilities on the township office's task
 * (the teams go to the township's scene); they merge with the tier's own township clause.
 * Deadlines other than the township office's 5 / 15 / 30 minutes are sample choices, not the seed's.
 */
export const SAMPLE_PLAN: TieredResponsePlan = {
  planVersion: SAMPLE_PLAN_VERSION,
  validFrom: '2020-09-11T00:00:00+08:00',
  title: '巴州区突发事件分级响应预案（示例，依据 2020 年巴州区应急管理工作实践）',
  // Every task closes its loop within a day; a rescue team acknowledges in 2 minutes and turns out in 3.
  defaults: {
    deadlines: { completeSeconds: 24 * 60 * MIN },
    rescueTeam: { acknowledgeSeconds: 2 * MIN, departSeconds: 3 * MIN, firstReportSeconds: 20 * MIN },
  },
  ladders: DEFAULT_LADDERS,
  warningClauses: DEFAULT_WARNING_CLAUSES.map((c) => ({ ...c, tasks: c.tasks.map((t) => ({ ...t })) })),
  clauses: [
    {
      id: 't1-township-office-leads',
      title: '一般及以下：事发地乡镇（街道）应急管理办公室牵头处置',
      basis: `${SEED}: 属地负责、分级响应; 在各乡镇(街道)设置了应急管理办公室; 15分钟“应急救援圈”`,
      appliesTo: {},
      tier: 'T1_MINOR',
      participants: [{ rule: 'incident_township_office', role: 'lead', deadlines: TOWNSHIP_OFFICE }],
      reportUpToCity: false,
    },
    ...capabilityClauses('T1_MINOR'),
    {
      id: 't2-township-office-leads',
      title: '一般：事发地乡镇（街道）应急管理办公室牵头',
      basis: `${SEED}: 属地负责; 压实“属地管理、分级负责”应急职责`,
      appliesTo: {},
      tier: 'T2_GENERAL',
      participants: [{ rule: 'incident_township_office', role: 'lead', deadlines: TOWNSHIP_OFFICE }],
      reportUpToCity: false,
    },
    {
      id: 't2-department-of-type-supports',
      title: '一般：区级行业主管部门配合',
      basis: `${SEED}: 管行业必须管安全; 乡镇、部门、区应急委和18个专项指挥部 … 分级响应`,
      appliesTo: {},
      tier: 'T2_GENERAL',
      participants: [{ rule: 'department_of_type', role: 'support', deadlines: DEPARTMENT }],
      reportUpToCity: false,
    },
    {
      id: 't2-command-room-notified',
      title: '一般：区应急指挥中心知悉',
      basis: `${SEED}: 确保灾情应急信息及时收得拢、发得出`,
      appliesTo: {},
      tier: 'T2_GENERAL',
      participants: [
        { rule: 'unit', unitId: UnitIds.districtCommandRoom, role: 'notify', deadlines: NOTIFY },
      ],
      reportUpToCity: false,
    },
    {
      id: 't2-traffic-police-supports',
      title: '一般：道路交通事故，公安交警配合现场处置',
      basis:
        'sample choice: 交警 handles the scene of a road traffic accident; the transport bureau is its department',
      appliesTo: { types: ['traffic_accident'] },
      tier: 'T2_GENERAL',
      participants: [
        { rule: 'unit', unitId: 'dept-public-security', role: 'support', deadlines: DEPARTMENT },
      ],
      reportUpToCity: false,
    },
    ...capabilityClauses('T2_GENERAL'),
    {
      id: 't3-committee-leads',
      title: '一般以上：区应急委统一指挥并向市级报告',
      basis: `${SEED}: 区应急委和18个专项指挥部; 细化1+18应急处置机制; 一般及以上由区级响应 (sample reading)`,
      appliesTo: {},
      tier: 'T3_MAJOR',
      participants: [{ rule: 'committee', role: 'lead', deadlines: COMMITTEE }],
      reportUpToCity: true,
      ladders: T3_LEAD_LADDERS,
    },
    {
      id: 't3-special-hq-supports',
      title: '一般以上：对应专项指挥部组织专业处置',
      basis: `${SEED}: 18个专项指挥部; 1+18应急处置机制`,
      appliesTo: {},
      tier: 'T3_MAJOR',
      participants: [{ rule: 'special_hq_of_type', role: 'support', deadlines: SPECIAL_HQ }],
      reportUpToCity: false,
    },
    {
      id: 't3-department-of-type-supports',
      title: '一般以上：区级行业主管部门配合',
      basis: `${SEED}: 管行业必须管安全`,
      appliesTo: {},
      tier: 'T3_MAJOR',
      participants: [{ rule: 'department_of_type', role: 'support', deadlines: DEPARTMENT }],
      reportUpToCity: false,
    },
    {
      id: 't3-township-office-supports',
      title: '一般以上：事发地乡镇（街道）先期处置，接受区应急委统一指挥',
      basis: `${SEED}: 属地负责 (the township stays first on scene); 分级响应 (the district takes command)`,
      appliesTo: {},
      tier: 'T3_MAJOR',
      participants: [{ rule: 'incident_township_office', role: 'support', deadlines: TOWNSHIP_OFFICE }],
      reportUpToCity: false,
    },
    {
      id: 't3-command-room-notified',
      title: '一般以上：区应急指挥中心知悉',
      basis: `${SEED}: 确保灾情应急信息及时收得拢、发得出`,
      appliesTo: {},
      tier: 'T3_MAJOR',
      participants: [
        { rule: 'unit', unitId: UnitIds.districtCommandRoom, role: 'notify', deadlines: NOTIFY },
      ],
      reportUpToCity: false,
    },
    {
      id: 't3-traffic-police-supports',
      title: '一般以上：道路交通事故，公安交警配合现场处置',
      basis:
        'sample choice: 交警 handles the scene of a road traffic accident; the transport bureau is its department',
      appliesTo: { types: ['traffic_accident'] },
      tier: 'T3_MAJOR',
      participants: [
        { rule: 'unit', unitId: 'dept-public-security', role: 'support', deadlines: DEPARTMENT },
      ],
      reportUpToCity: false,
    },
    ...capabilityClauses('T3_MAJOR'),
  ],
};
