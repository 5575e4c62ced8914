import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Sign-in attempts counted against one user name or one address within a window (brute-force limit). */
@Entity('login_attempts')
export class LoginAttemptEntity {
  /** `user:<name>` or `address:<ip>`. */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt: Date;
}
