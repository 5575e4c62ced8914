import outlineUrl from '../../../../../libs/domain/src/district/bazhou-outline.geojson?url';
import { api } from '../api/endpoints';
import type { IncidentSummary, TeamView } from '../api/types';
import { TierBadge } from '../components/badges';
import { useLiveReload, useLoad } from '../hooks';
import { ActiveWarnings } from '../components/warning-tasks';
import { t } from '../i18n/i18n';
import { boundsOf, fitProjection, MultiPolygon, svgPath } from '../map/projection';
import { HAZARD_POINTS, incidentTypes, township, TOWNSHIPS, townshipName, typeName } from '../reference';
import { follow, navigate } from '../router';
import { useOpenIncidents } from './overview';

const WIDTH = 1000;

async function loadOutline(): Promise<MultiPolygon> {
  const res = await fetch(outlineUrl);
  if (!res.ok) throw new Error(`outline ${res.status}`);
  const doc = (await res.json()) as { features: { geometry: { coordinates: MultiPolygon } }[] };
  return doc.features[0].geometry.coordinates;
}

const TEAM_COLOURS: Record<TeamView['status'], string> = {
  available: '#1a7f37',
  dispatched: '#d4a017',
  en_route: '#e36209',
  on_scene: '#b31d28',
  returning: '#0969da',
  out_of_service: '#8c959f',
};

const RISK_COLOURS: Record<string, string> = {
  major: '#b31d28',
  high: '#e36209',
  general: '#d4a017',
  low: '#8c959f',
};

/**
 * 一张图: the district outline drawn from its GeoJSON (no tile server), townships with their 15-minute
 * coverage, rescue teams by status, hazard points and the open incidents.
 */
export function DistrictMap() {
  const outline = useLoad(loadOutline, []);
  const coverage = useLoad(() => api.coverage(), []);
  const teams = useLoad(() => api.units('rescue_team'), []);
  const types = useLoad(incidentTypes, []);
  // The stored register (GET /api/v1/hazard-points); the sample file's points until it answers.
  const hazards = useLoad(() => api.hazardPoints().then((r) => r.items), []);
  const hazardPoints = hazards.data ?? HAZARD_POINTS;
  const { open, partial } = useOpenIncidents();
  useLiveReload(
    () => {
      teams.reload();
      coverage.reload();
    },
    () => true,
    1000,
  );

  const incidents = new Map(open.map((i) => [i.id, i]));
  const withTeam = (teams.data?.units ?? []).filter((u) => u.team);

  if (!outline.data)
    return (
      <main class="screen">
        <p class="muted">
          {outline.error ? t('common.error', { message: outline.error.message }) : t('common.loading')}
        </p>
      </main>
    );
  const p = fitProjection(boundsOf(outline.data), WIDTH, 16);
  const covered = new Map((coverage.data?.townships ?? []).map((c) => [c.code, c.covered]));
  const place = (i: IncidentSummary) => i.location ?? township(i.townshipCode)?.position ?? null;

  return (
    <main class="screen map-screen">
      <div class="screen-head">
        <h1>{t('map.title')}</h1>
        {coverage.data && (
          <span class="muted">
            {t('map.coverage')} ·{' '}
            {t('map.coveredShare', { share: `${Math.round(coverage.data.coveredShare * 100)}%` })}
          </span>
        )}
      </div>
      <ActiveWarnings />
      {partial && <p class="notice warn">{t('overview.partial')}</p>}
      <div class="map-frame">
        <svg
          viewBox={`0 0 ${p.width} ${p.height}`}
          role="img"
          aria-label={t('map.title')}
          data-test="district-map"
        >
          <path d={svgPath(outline.data, p)} class="outline" fill-rule="evenodd" />
          <g class="townships">
            {TOWNSHIPS.map((tw) => {
              const c = covered.get(tw.code);
              return (
                <g
                  key={tw.code}
                  class={`township ${c === false ? 'uncovered' : c ? 'covered' : ''}`}
                  data-code={tw.code}
                >
                  <circle cx={p.x(tw.position.lon)} cy={p.y(tw.position.lat)} r={14} />
                  <text x={p.x(tw.position.lon)} y={p.y(tw.position.lat) + 30}>
                    {tw.name}
                  </text>
                </g>
              );
            })}
          </g>
          <g class="hazards">
            {hazardPoints.map((h) => {
              const x = p.x(h.position.lon);
              const y = p.y(h.position.lat);
              return (
                <path
                  key={h.id}
                  d={`M${x} ${y - 9}L${x + 8} ${y + 6}L${x - 8} ${y + 6}Z`}
                  fill={RISK_COLOURS[h.riskGrade] ?? '#888'}
                >
                  <title>{`${h.name}（${t(`risk.${h.riskGrade as 'major'}`)}）`}</title>
                </path>
              );
            })}
          </g>
          <g class="teams">
            {withTeam.map((u) => (
              <rect
                key={u.id}
                x={p.x(u.team!.base.lon) - 6}
                y={p.y(u.team!.base.lat) - 6}
                width={12}
                height={12}
                fill={TEAM_COLOURS[u.team!.status]}
                data-status={u.team!.status}
              >
                <title>{`${u.name}：${t(`team.${u.team!.status}`)}`}</title>
              </rect>
            ))}
          </g>
          <g class="incidents">
            {[...incidents.values()].map((i) => {
              const at = place(i);
              if (!at) return null;
              const path = `/incidents/${i.id}`;
              return (
                <g
                  key={i.id}
                  class={`incident tier-${i.tier}`}
                  data-test="map-incident"
                  data-incident-id={i.id}
                  onClick={() => navigate(path)}
                >
                  <circle cx={p.x(at.lon)} cy={p.y(at.lat)} r={20} class="halo" />
                  <circle cx={p.x(at.lon)} cy={p.y(at.lat)} r={10} class="dot" />
                  <title>{`${typeName(i.type, types.data)} · ${townshipName(i.townshipCode)}`}</title>
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <section class="legend card">
        <span>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="6" class="legend-incident" />
          </svg>{' '}
          {t('map.incidents')}
        </span>
        <span class="legend-head">{t('map.townships')}</span>
        <span>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="6" class="legend-covered" />
          </svg>{' '}
          {t('map.covered')}
        </span>
        <span>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="6" class="legend-uncovered" />
          </svg>{' '}
          {t('map.uncovered')}
        </span>
        <span class="legend-head">{t('map.teams')}</span>
        {(Object.keys(TEAM_COLOURS) as TeamView['status'][]).map((s) => (
          <span key={s}>
            <svg width="14" height="14" aria-hidden="true">
              <rect x="1" y="1" width="12" height="12" fill={TEAM_COLOURS[s]} />
            </svg>{' '}
            {t(`team.${s}`)}
          </span>
        ))}
        <span>
          <svg width="14" height="14" aria-hidden="true">
            <path d="M7 1L13 13L1 13Z" fill={RISK_COLOURS.major} />
          </svg>{' '}
          {t('map.hazards')}
        </span>
        <p class="muted">{t('map.note')}</p>
      </section>
      <section class="card" data-test="team-list">
        <h2>{t('map.teams')}</h2>
        {/* The names the map's markers carry only as tooltips, readable at a glance. */}
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th>{t('map.teamName')}</th>
                <th>{t('map.teamTownship')}</th>
                <th>{t('map.teamStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {[...withTeam]
                .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
                .map((u) => (
                  <tr key={u.id} data-team-id={u.id}>
                    <td>{u.name}</td>
                    <td>{u.townshipCode ? townshipName(u.townshipCode) : t('map.districtTeam')}</td>
                    <td>
                      <span class="team-status" style={{ color: TEAM_COLOURS[u.team!.status] }}>
                        ■
                      </span>{' '}
                      {t(`team.${u.team!.status}`)}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="incident-list">
        {[...incidents.values()].map((i) => {
          const path = `/incidents/${i.id}`;
          return (
            <a key={i.id} href={path} onClick={(e) => follow(e, path)} class="card incident-row">
              <span>
                <TierBadge tier={i.tier} /> <strong>{typeName(i.type, types.data)}</strong> ·{' '}
                {townshipName(i.townshipCode)}
              </span>
              <span class="muted">{i.description}</span>
            </a>
          );
        })}
      </section>
    </main>
  );
}
