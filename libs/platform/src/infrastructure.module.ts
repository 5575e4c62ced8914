import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  INCIDENT_RECORD_READ_MODEL,
  RESPONSE_TIMES_READ_MODEL,
  StraightLineTerrainModel,
  StraightLineTerrainOptions,
  TIMELINE_READ_MODEL,
} from '@erp/domain';
import {
  CommandStructureSnapshots,
  PostgresIncidentRecordReadModel,
  PostgresResponseTimesReadModel,
  PostgresTimelineReadModel,
  UnitOfWork,
} from '@erp/persistence';
import { EVENT_STREAM } from '@erp/event-stream';
import { DEADLINE_TIMERS } from '@erp/timers';
import { Infrastructure } from './infrastructure';

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
    const model = new StraightLineTerrainModel(infra.config.travelModel as StraightLineTerrainOptions);
    const structure = new CommandStructureSnapshots(model);
    const providers = [
      { provide: Infrastructure, useValue: infra },
      { provide: APP_CONFIG, useValue: infra.config },
      { provide: CLOCK, useValue: infra.clock },
      { provide: TRAVEL_TIME_MODEL, useValue: model },
      { provide: CommandStructureSnapshots, useValue: structure },
      { provide: DataSource, useValue: infra.dataSource },
      { provide: UnitOfWork, useValue: infra.unitOfWork },
      { provide: EVENT_STREAM, useValue: infra.stream },
      { provide: DEADLINE_TIMERS, useValue: infra.timers },
      // Read-model ports (declared in the domain) and their PostgreSQL adapters.
      { provide: TIMELINE_READ_MODEL, useValue: new PostgresTimelineReadModel(infra.dataSource) },
      { provide: RESPONSE_TIMES_READ_MODEL, useValue: new PostgresResponseTimesReadModel(infra.dataSource) },
      {
        provide: INCIDENT_RECORD_READ_MODEL,
        useValue: new PostgresIncidentRecordReadModel(infra.dataSource, structure),
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
