import { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed sign-ins counted per user name and per address, so guessing passwords is limited (429). */
export class LoginAttempts1764600000000 implements MigrationInterface {
  name = 'LoginAttempts1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "login_attempts" ("key" text NOT NULL, "attempts" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_login_attempts_key" PRIMARY KEY ("key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_attempts"`);
  }
}
