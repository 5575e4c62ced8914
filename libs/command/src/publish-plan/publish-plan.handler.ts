import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Clock,
  comparePlanVersions,
  DocumentError,
  DomainError,
  requireStructureAdministrator,
  UnitOfWork,
  validatePlan,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { userCausation } from '@erp/auth';
import { takeStructureTurn } from '../unit-edit/unit-editor';
import { PublishedPlan, PublishPlanCommand } from './publish-plan.command';

/**
 * A plan version is checked against the command structure as it is stored now, and must come after the
 * current version. It is refused whole, with every error listed, or it becomes current and
 * ResponsePlanPublished is recorded in the same transaction. Tasks already dispatched keep the version that
 * created them.
 */
@CommandHandler(PublishPlanCommand)
export class PublishPlanHandler implements ICommandHandler<PublishPlanCommand, PublishedPlan> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ document, user }: PublishPlanCommand): Promise<PublishedPlan> {
    requireStructureAdministrator(user, 'PLAN.COMMANDER_ONLY', '发布预案 publish a plan');
    return this.unitOfWork.run(async (tx) => {
      await takeStructureTurn(tx);
      const { registry } = await tx.units.load();
      const current = await tx.plans.current();
      const checked = validatePlan(document, registry);
      const errors: DocumentError[] = checked.ok ? [] : [...checked.errors];
      const version = (document as { planVersion?: unknown } | null)?.planVersion;
      const previousVersion = current?.plan.planVersion ?? null;
      if (
        typeof version === 'string' &&
        previousVersion !== null &&
        comparePlanVersions(version, previousVersion) <= 0
      ) {
        errors.unshift({
          pointer: '/planVersion',
          message: `planVersion "${version}" must come after the current "${previousVersion}"`,
        });
      }
      if (!checked.ok || errors.length > 0) {
        throw new DomainError(
          'PLAN.INVALID',
          'invalid',
          `预案未发布 the plan was refused whole (${errors.length} error${errors.length === 1 ? '' : 's'}); the current plan is unchanged`,
          { errors },
        );
      }
      // The repository checks the version again under its lock: a publisher that committed meanwhile wins.
      const stored = await tx.plans.publish(checked.plan, user.username);
      await tx.record(
        [
          {
            type: 'ResponsePlanPublished',
            payload: {
              planVersion: checked.plan.planVersion,
              previousVersion,
              clauses: checked.plan.clauses.length,
            },
          },
        ],
        userCausation(user, checked.plan.planVersion),
        this.clock.now(),
      );
      return { stored, previousVersion };
    });
  }
}
