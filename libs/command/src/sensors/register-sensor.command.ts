import type { SignedInUser } from '@erp/auth';

export class RegisterSensorCommand {
  constructor(
    readonly sensorId: string,
    readonly body: unknown,
    readonly user: SignedInUser,
  ) {}
}
