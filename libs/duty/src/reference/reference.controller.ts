import { Controller, Get } from '@nestjs/common';
import { CAPABILITIES, INCIDENT_CATEGORIES, INCIDENT_TYPES } from '@erp/domain';
import { ApiDoc } from '@erp/platform';

/** The vocabulary sources and consoles share: incident types with their category (四大类), capabilities. */
@Controller('api/v1/reference')
export class ReferenceController {
  @Get('types')
  @ApiDoc({ summary: '事件类型 incident types with their category (四大类)' })
  types() {
    return {
      categories: INCIDENT_CATEGORIES,
      types: Object.values(INCIDENT_TYPES).map((t) => ({
        code: t.code,
        nameZh: t.nameZh,
        category: t.category,
        subCategoryZh: t.subCategoryZh,
        gradedBy: t.domain,
      })),
    };
  }

  @Get('capabilities')
  @ApiDoc({ summary: '救援能力 what rescue teams can bring (应急物资与专业能力), with Chinese names' })
  capabilities() {
    return {
      capabilities: Object.entries(CAPABILITIES).map(([code, nameZh]) => ({ code, nameZh })),
    };
  }
}
