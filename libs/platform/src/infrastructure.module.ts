import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  BAZHOU,
  CurrentDistrict,
  HazardRegisterCache,
  INCIDENT_RECORD_READ_MODEL,
  ReadStore,
  RESPONSE_TIMES_READ_MODEL,
  SourceRateLimit,
  TIMELINE_READ_MODEL,
  UnitOfWork,
} from '@erp/domain';
import { EVENT_STREAM } from '@erp/event-stream';
import { DEADLINE_TIMERS } from '@erp/timers';
import { Infrastructure } from './infrastructure';
import { Metrics } from './metrics';

export const APP_CONFIG = Symbol('AppConfig');
export const CLOCK = Symbol('Clock');
/** The rescue circle's travel-time model (one for dispatch and coverage alike), built from TRAVEL_MODEL. */
export const TRAVEL_TIME_MODEL = Symbol('TravelTimeModel');

/**
 * Hands the started engines to Nest. Context modules subscribe in onModuleInit; the relay starts after
 * every module is up, and everything stops after the modules' own shutdown hooks ran.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(Infrastructure) private readonly infra: Infrastructure) {}

  static forRoot(infra: Infrastructure): DynamicModule {
    const providers = [
      { provide: Infrastructure, useValue: infra },
      { provide: APP_CONFIG, useValue: infra.config },
      { provide: CLOCK, useValue: infra.clock },
      { provide: TRAVEL_TIME_MODEL, useValue: infra.travelModel },
      // The persistence ports the use cases name: changes through the unit of work, reads through the store.
      { provide: UnitOfWork, useValue: infra.database.unitOfWork },
      { provide: ReadStore, useValue: infra.database.reads },
      // The audit's read models (ports the domain names) and their PostgreSQL adapters.
      { provide: TIMELINE_READ_MODEL, useValue: infra.database.readModels.timeline },
      { provide: RESPONSE_TIMES_READ_MODEL, useValue: infra.database.readModels.responseTimes },
      { provide: INCIDENT_RECORD_READ_MODEL, useValue: infra.database.readModels.incidentRecords },
      { provide: EVENT_STREAM, useValue: infra.stream },
      { provide: DEADLINE_TIMERS, useValue: infra.timers },
      { provide: Metrics, useValue: infra.metrics },
      { provide: SourceRateLimit, useValue: infra.sourceRateLimit },
      // One hazard register per process (one read per interval), for intake and dispatch alike.
      {
        provide: HazardRegisterCache,
        useFactory: (store: ReadStore) => new HazardRegisterCache(store.hazardPoints, BAZHOU),
        inject: [ReadStore],
      },
      // One district per process with the commander's township points (one read per interval).
      {
        provide: CurrentDistrict,
        useFactory: (store: ReadStore) => new CurrentDistrict(() => store.units.townshipPoints(), BAZHOU),
        inject: [ReadStore],
      },
    ];
    return {
      module: InfrastructureModule,
      providers,
      exports: providers.map((p) => p.provide),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.infra.startRelay();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.infra.stop();
  }
}
