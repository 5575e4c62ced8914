import { resolve } from 'node:path';
import { ESLint } from 'eslint';

/**
 * The house's plan, held by the lint config: each case lints a small file placed where it would live and
 * must be refused (or accepted) for the stated reason. `npm run lint` fails the build on the same rules.
 */
// The config is read as the CLI reads it, but handed over as an object (jest cannot load it as a module).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require('../../eslint.config.cjs');
const eslint = new ESLint({
  cwd: resolve(__dirname, '../..'),
  overrideConfigFile: true,
  overrideConfig: config,
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(__dirname, '../..', filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('boundaries between rooms', () => {
  it('refuses a use case importing another use case', async () => {
    const found = await problems(
      'libs/duty/src/fixture.ts',
      `import { DispatchModule } from '@erp/dispatch';\nexport const x = DispatchModule;\n`,
    );
    expect(found).toEqual([expect.stringContaining('A use case never imports another')]);
  });

  it('refuses TypeORM outside libs/persistence, in a use case, auth, the platform and an app', async () => {
    for (const place of [
      'libs/command/src/fixture.ts',
      'libs/auth/src/fixture.ts',
      'libs/platform/src/fixture.ts',
      'apps/dispatcher/src/fixture.ts',
    ]) {
      const found = await problems(
        place,
        `import { DataSource } from 'typeorm';\nexport type X = DataSource;\n`,
      );
      expect({ place, found }).toEqual({ place, found: [expect.stringContaining('Only libs/persistence')] });
    }
  });

  it('refuses a use case reaching into persistence or a driver instead of the ports', async () => {
    expect(
      await problems(
        'libs/intake/src/fixture.ts',
        `import { Database } from '@erp/persistence';\nexport type X = Database;\n`,
      ),
    ).toEqual([expect.stringContaining('ports the domain names')]);
    expect(
      await problems('libs/escalation/src/fixture.ts', `import { Pool } from 'pg';\nexport type X = Pool;\n`),
    ).toEqual([expect.stringContaining('never a driver')]);
  });

  it('refuses auth depending on a use case, and the domain on a framework', async () => {
    expect(
      await problems(
        'libs/auth/src/fixture.ts',
        `import { DutyModule } from '@erp/duty';\nexport const x = DutyModule;\n`,
      ),
    ).toEqual([expect.stringContaining('A use case never imports another')]);
    expect(
      await problems(
        'libs/domain/src/fixture.ts',
        `import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n`,
      ),
    ).toEqual([expect.stringContaining('plain TypeScript')]);
  });

  it('accepts what the plan allows: a use case on auth, the domain ports and the platform; persistence on TypeORM', async () => {
    expect(
      await problems(
        'libs/duty/src/fixture.ts',
        [
          `import { SignedInGuard } from '@erp/auth';`,
          `import { ReadStore } from '@erp/domain';`,
          `import { CLOCK } from '@erp/platform';`,
          `export const x = [SignedInGuard, ReadStore, CLOCK];`,
        ].join('\n') + '\n',
      ),
    ).toEqual([]);
    expect(
      await problems(
        'libs/persistence/src/fixture.ts',
        `import { DataSource } from 'typeorm';\nexport type X = DataSource;\n`,
      ),
    ).toEqual([]);
  });
});
