import { DomainError } from '@erp/domain';

export function unknownUnit(unitId: string): DomainError {
  return new DomainError('UNIT.NOT_FOUND', 'not_found', `无此单位 no unit ${unitId}`, { unitId });
}
