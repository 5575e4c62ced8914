import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { CommandModule } from '@erp/command';
import { DutyModule } from '@erp/duty';
import { RunningService } from '@erp/platform';
import { ImportKind, rowsOfSheets, SHEETS } from '../../libs/command/src/import-district/district-sheets';
import { readWorkbook, writeWorkbook } from '../../libs/command/src/import-district/workbook-io';
import { addRealisticDistrict, uploadWorkbook } from '../support/district-workbook';
import { startTestService } from '../support/product';
import { call } from '../support/http';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * Importing the district from the workbook a bureau keeps (issue 17), on a real PostgreSQL: a realistic one
 * imports cleanly, one with an error of every kind names each cell and changes nothing, and an export
 * imported again changes nothing.
 */
const PASSWORD = 'district-import-password';
type Rows = Record<ImportKind, Record<string, string>[]>;

/** One file in a zip, deflated by zlib (fast enough to build a 201 MB bomb in a test). */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content, { level: 1 });
  const crc = crc32(content);
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  [
    [0, 0x04034b50, 4],
    [4, 20, 2],
    [8, 8, 2],
    [14, crc, 4],
    [18, data.length, 4],
    [22, content.length, 4],
    [26, file.length, 2],
  ].forEach(([at, value, size]) =>
    size === 4 ? local.writeUInt32LE(value, at) : local.writeUInt16LE(value, at),
  );
  const central = Buffer.alloc(46);
  [
    [0, 0x02014b50, 4],
    [4, 20, 2],
    [6, 20, 2],
    [10, 8, 2],
    [16, crc, 4],
    [20, data.length, 4],
    [24, content.length, 4],
    [28, file.length, 2],
  ].forEach(([at, value, size]) =>
    size === 4 ? central.writeUInt32LE(value, at) : central.writeUInt16LE(value, at),
  );
  const end = Buffer.alloc(22);
  [
    [0, 0x06054b50, 4],
    [8, 1, 2],
    [10, 1, 2],
    [12, 46 + file.length, 4],
    [16, 30 + file.length + data.length, 4],
  ].forEach(([at, value, size]) =>
    size === 4 ? end.writeUInt32LE(value, at) : end.writeUInt16LE(value, at),
  );
  return Buffer.concat([local, file, data, central, file, end]);
}

describe('district import and export', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  let token: string;

  const upload = (file: Buffer, query = '', name = 'district.xlsx') =>
    uploadWorkbook(url, token, file, query, name);
  const download = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const rowsOf = async (xlsx: Buffer): Promise<Rows> => rowsOfSheets(await readWorkbook(xlsx));
  /** Every cell's text in every sheet of a workbook, whatever its sheet or heading. */
  const everyCell = async (xlsx: Buffer): Promise<string[]> => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.text ?? '')))),
    );
    return texts;
  };
  const fingerprint = async () =>
    (
      await app.infra.database.dataSource.query(
        `SELECT count(*)::int AS units, sum(revision)::int AS revisions, (SELECT count(*)::int FROM users) AS users FROM units`,
      )
    )[0];
  const nothingChanged = { units: 0, people: 0, rosters: 0, teams: 0, 'hazard-points': 0 };

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_district_import');
    app = await startTestService(
      'district-import',
      { DATABASE_URL: db.url, DEMO_PASSWORD: PASSWORD },
      [DutyModule, CommandModule],
      { relay: false },
    );
    url = app.url;
    const r = await call(url, 'POST', '/api/v1/auth/login', {
      body: { username: 'commander', password: PASSWORD },
    });
    token = r.body.accessToken;
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('serves a template with every sheet, its headings and an example row', async () => {
    const rows = await rowsOf(await download('/api/v1/imports/template.xlsx'));
    for (const kind of Object.keys(SHEETS) as ImportKind[]) {
      expect(rows[kind]).toHaveLength(1);
      expect(Object.keys(rows[kind][0])).toEqual([...SHEETS[kind].headings]);
    }
  });

  it('imports its own export as a no-op, dry run and applied', async () => {
    const exported = await download('/api/v1/exports/district.xlsx');
    // Read cell by cell (the file itself is compressed): no cell holds a stored hash, nor looks like one.
    const cells = await everyCell(exported);
    const hashes: { password_hash: string }[] = await app.infra.database.dataSource.query(
      `SELECT password_hash FROM users`,
    );
    expect(cells.length).toBeGreaterThan(hashes.length);
    const stored = new Set(hashes.map((h) => h.password_hash));
    expect(cells.filter((text) => stored.has(text) || /(scrypt|otp)\$/.test(text))).toEqual([]);
    const before = await fingerprint();
    const dry = await upload(exported);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, errors: [] });
    expect(dry.body.created).toEqual(nothingChanged);
    expect(dry.body.changed).toEqual(nothingChanged);
    expect(dry.body.retired).toEqual(nothingChanged);
    const applied = await upload(exported, '?dryRun=false');
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, errors: [], oneTimePasswords: [] });
    expect(await fingerprint()).toEqual(before);
  });

  it('imports a realistic workbook: 25 township offices, 300 people, 40 more teams', async () => {
    const rows = await rowsOf(await download('/api/v1/exports/district.xlsx'));
    const offices = rows.units.filter((u) => u['单位类型'] === '乡镇应急办');
    expect(offices).toHaveLength(25);
    const storedPoints = rows['hazard-points'].length;
    expect(storedPoints).toBeGreaterThan(0);
    addRealisticDistrict(rows);
    const workbook = await writeWorkbook(rows);
    const before = await fingerprint();
    const dry = await upload(workbook);
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.created).toEqual({ units: 0, people: 300, rosters: 0, teams: 40, 'hazard-points': 30 });
    expect(dry.body.changed.units).toBe(25);
    expect(await fingerprint()).toEqual(before);

    const applied = await upload(workbook, '?dryRun=false');
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toBe(true);
    expect(applied.body.oneTimePasswords).toHaveLength(300);
    const after = await fingerprint();
    expect(after.units).toBe(before.units + 40);
    expect(after.users).toBe(before.users + 300);
    const register = await call(url, 'GET', '/api/v1/hazard-points', { token });
    const points = register.body.items as { id: string }[];
    expect(points.filter((p) => p.id.startsWith('hp-imported-'))).toHaveLength(30);
    expect(points).toHaveLength(storedPoints + 30);
    const one = applied.body.oneTimePasswords.find(
      (p: { userName: string }) => p.userName === 'imported-3-1',
    );
    const login = await call(url, 'POST', '/api/v1/auth/login', {
      body: { username: 'imported-3-1', password: one.password },
    });
    expect(login.status).toBe(200);
    // The same workbook again: nothing left to do.
    const again = await upload(workbook);
    expect([again.body.created, again.body.changed, again.body.retired]).toEqual([
      nothingChanged,
      nothingChanged,
      nothingChanged,
    ]);
  });

  it('reports one error of every kind with its cell, and applying it changes nothing', async () => {
    const rows = await rowsOf(await download('/api/v1/exports/district.xlsx'));
    const office = rows.units.find((u) => u['单位类型'] === '乡镇应急办') as Record<string, string>;
    const team = (name: string, overrides: Record<string, string>) => ({
      ...rows.teams[0],
      队伍名称: name,
      ...overrides,
    });
    rows.teams.push(team('错误乡镇队', { 所属乡镇: '511902999' }));
    rows.teams.push(team('错误能力队', { 能力: 'teleport' }));
    rows.teams.push(team('辖区外队', { 基地纬度: '39.9', 基地经度: '116.4' }));
    rows.teams.push(team(rows.teams[1]['队伍名称'], {}));
    rows.people.push({
      姓名: '号码错',
      用户名: 'bad-phone',
      手机: '12345678',
      所属单位: office['单位名称'],
      职务: '值班员',
    });
    const last = rows.teams.length + 1; // the heading is row 1
    const before = await fingerprint();
    const dry = await upload(await writeWorkbook(rows));
    expect(dry.status).toBe(200);
    const at = (sheet: string, column: string) =>
      (dry.body.errors as { sheet: string; row: number; column: string }[])
        .filter((e) => e.sheet === sheet && e.column === column)
        .map((e) => e.row);
    expect(at('队伍', '所属乡镇')).toEqual([last - 3]);
    expect(at('队伍', '能力')).toEqual([last - 2]);
    expect(at('队伍', '基地纬度')).toEqual([last - 1]);
    expect(at('队伍', '队伍名称')).toEqual([last]);
    expect(at('人员', '手机')).toEqual([rows.people.length + 1]);
    expect(dry.body.errors).toHaveLength(5);

    const applied = await upload(await writeWorkbook(rows), '?dryRun=false');
    expect(applied.status).toBe(422);
    expect(applied.body.applied).toBe(false);
    expect(applied.body.errors).toHaveLength(5);
    expect(await fingerprint()).toEqual(before);
  });

  it('takes one CSV of one kind, and refuses a CSV without its kind or a file that is no workbook', async () => {
    const csv = `\uFEFF${SHEETS.teams.headings.join(',')}\r\n`;
    const auditor = await call(url, 'POST', '/api/v1/auth/login', {
      body: { username: 'auditor', password: PASSWORD },
    });
    const form = new FormData();
    form.append('file', new Blob([csv]), 'teams.csv');
    const refused = await fetch(`${url}/api/v1/imports?kind=teams`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor.body.accessToken}` },
      body: form,
    });
    expect(refused.status).toBe(403);
    const noKind = await upload(Buffer.from(csv), '', 'teams.csv');
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.code).toBe('IMPORT.KIND_REQUIRED');
    // An empty teams list would retire every team: the dry run says so and writes nothing.
    const empty = await upload(Buffer.from(csv), '?kind=teams', 'teams.csv');
    expect(empty.status).toBe(200);
    expect(empty.body.retired.teams).toBeGreaterThan(0);
    // A zip bomb: a few hundred KB that would unpack to more than the 200 MB allowed, refused unread.
    const packed = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(201 * 1024 * 1024, 0x20));
    expect(packed.length).toBeLessThan(2 * 1024 * 1024);
    const exploded = await upload(packed, '', 'bomb.xlsx');
    expect(exploded.status).toBe(400);
    expect(exploded.body.error.code).toBe('IMPORT.TOO_LARGE');
    const broken = await upload(Buffer.from('PK\u0003\u0004 not really a zip'), '', 'x.xlsx');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('IMPORT.NOT_A_WORKBOOK');
  });

  it('reads and publishes the plan as YAML, checked exactly as the JSON PUT is', async () => {
    const res = await fetch(`${url}/api/v1/plan`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/yaml' },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    const plan = parseYaml(await res.text());
    expect(plan.clauses.length).toBeGreaterThan(0);
    const put = (body: string, type: string) =>
      call(url, 'PUT', '/api/v1/plan', { token, rawBody: body, headers: { 'content-type': type } });

    const broken = { ...plan, planVersion: 'yaml-test/1', clauses: [{ ...plan.clauses[0], tier: 'T9' }] };
    const asJson = await put(JSON.stringify(broken), 'application/json');
    const asYaml = await put(toYaml(broken), 'application/yaml');
    expect(asYaml.status).toBe(400);
    expect(asYaml.body).toEqual(asJson.body);

    const bad = await put('clauses: [unclosed', 'application/yaml');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('PLAN.INVALID_YAML');

    const next = await put(toYaml({ ...plan, planVersion: 'yaml-test/2' }), 'application/yaml');
    expect(next.status).toBe(201);
    expect(next.body.planVersion).toBe('yaml-test/2');
  });
});
