import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, requireStructureAdministrator, Transaction, UnitOfWork } from '@erp/domain';
import { OneTimePassword, StructureWriter } from '../structure-change/structure-writer';
import { takeStructureTurn } from '../unit-edit/unit-editor';
import { DistrictSheets, IMPORT_KINDS, ImportKind } from './district-sheets';
import { ImportDistrictCommand } from './import-district.command';
import { HazardChange, hazardUserNames } from './hazard-sheet';
import { ImportError, KindCounts, planImport } from './plan-import';
import { readCsv, readWorkbook } from './workbook-io';

export interface ImportReport {
  dryRun: boolean;
  /** Whether it was written: never on a dry run, never with an error. */
  applied: boolean;
  created: KindCounts;
  changed: KindCounts;
  retired: KindCounts;
  errors: ImportError[];
  /** New accounts' passwords, on an applied import only, shown this once. */
  oneTimePasswords: OneTimePassword[];
}

@CommandHandler(ImportDistrictCommand)
export class ImportDistrictHandler implements ICommandHandler<ImportDistrictCommand, ImportReport> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: StructureWriter,
  ) {}

  async execute({ file, kind, dryRun, user }: ImportDistrictCommand): Promise<ImportReport> {
    requireStructureAdministrator(user, 'UNIT.COMMANDER_ONLY', '导入 import the district');
    const sheets = await readSheets(file, kind);
    return this.unitOfWork.run(async (tx) => {
      await takeStructureTurn(tx);
      const [records, plan, points] = await Promise.all([
        tx.units.list(),
        tx.plans.current(),
        sheets['hazard-points'] ? tx.hazardPoints.list() : Promise.resolve([]),
      ]);
      const named = sheets['hazard-points'] ? hazardUserNames(sheets['hazard-points']) : [];
      const users = new Set(
        (await tx.users.accounts(named)).filter((u) => !u.retiredAt).map((u) => u.username),
      );
      const planned = planImport(sheets, records, plan?.plan ?? null, { points, users });
      const report: ImportReport = {
        dryRun,
        applied: false,
        created: planned.created,
        changed: planned.changed,
        retired: planned.retired,
        errors: planned.errors,
        oneTimePasswords: [],
      };
      if (dryRun || planned.errors.length > 0) return report;
      const written = await this.writer.apply(tx, planned.change, user);
      await applyHazards(tx, planned.hazards);
      return { ...report, applied: true, oneTimePasswords: written.oneTimePasswords };
    });
  }
}

async function readSheets(
  file: { buffer: Buffer; originalname: string } | undefined,
  kind: string | undefined,
): Promise<DistrictSheets> {
  if (!file) {
    throw new DomainError(
      'IMPORT.NO_FILE',
      'invalid',
      '缺少文件 send the workbook as multipart field "file"',
      {
        pointer: '/file',
      },
    );
  }
  const isZip = file.buffer.subarray(0, 2).toString('latin1') === 'PK';
  if (isZip) return readWorkbook(file.buffer);
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new DomainError(
      'IMPORT.KIND_REQUIRED',
      'invalid',
      `CSV 需指明类型 a CSV needs ?kind= one of ${IMPORT_KINDS.join(', ')} (an .xlsx workbook names its sheets)`,
      { pointer: '/kind' },
    );
  }
  const text = file.buffer.toString('utf8');
  if (text.includes('\uFFFD')) {
    throw new DomainError('IMPORT.NOT_UTF8', 'invalid', 'CSV 须为 UTF-8 编码 the CSV must be UTF-8 text');
  }
  return readCsv(text, kind as ImportKind);
}

/** The register's rows, after the accounts its responsible persons may need were opened. */
async function applyHazards(tx: Transaction, change: HazardChange): Promise<void> {
  for (const draft of change.create) {
    if (!(await tx.hazardPoints.insert(draft))) {
      throw new DomainError(
        'HAZARD_POINT.EXISTS',
        'conflict',
        `隐患点已存在 hazard point ${draft.id} exists`,
      );
    }
  }
  for (const { draft, revision } of change.update) {
    if (!(await tx.hazardPoints.update(draft, revision))) {
      throw new DomainError(
        'HAZARD_POINT.REVISION_MISMATCH',
        'stale',
        `隐患点已被他人修改 ${draft.id} changed meanwhile`,
      );
    }
  }
  for (const id of change.remove) await tx.hazardPoints.remove(id);
}
