import { Controller, Get } from '@nestjs/common';
import { INCIDENT_CATEGORIES, INCIDENT_TYPES } from '@erp/domain';
import { ApiDoc } from '@erp/platform';

/** The vocabulary sources and consoles share: incident types with their category (四大类). */
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
}
