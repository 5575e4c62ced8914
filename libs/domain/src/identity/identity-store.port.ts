import type { UserRole } from './user-roles';

/** A person who signs in, as stored (the password only as its salted hash). */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: string;
  unitId: string | null;
  retiredAt?: Date | null;
}

/** A user account to create (or bring back from retirement), its password only as a hash. */
export interface NewAccount {
  username: string;
  displayName: string;
  role: UserRole;
  unitId: string | null;
  passwordHash: string;
}

export interface UserStore {
  byUsername(username: string): Promise<UserRecord | null>;
  /** Whether another user has the very same hash (a seed that salted once for everyone). */
  isHashShared(passwordHash: string): Promise<boolean>;
  /** Replaces a user's hash if it is still `previous`; whether it did. */
  replaceHash(userId: string, previous: string, next: string): Promise<boolean>;
  /** The accounts of these user names, retired ones included. */
  accounts(usernames: readonly string[]): Promise<UserRecord[]>;
  /**
   * Creates the accounts, or brings a retired one back with its new unit and password; a name held by a user
   * in service is left as it is (the caller checked it).
   */
  open(accounts: readonly NewAccount[]): Promise<void>;
  /** Retires these users: they cannot sign in any more (the hash is replaced by one nothing matches). */
  retire(usernames: readonly string[]): Promise<void>;
  /**
   * Opens this account only if there is no user at all, retired ones included (an empty install); whether it
   * did. Two processes starting at once open it once.
   */
  openFirst(account: NewAccount): Promise<boolean>;
  /** Gives an account in service another role. */
  setRole(username: string, role: UserRole): Promise<void>;
}

export interface AttemptCount {
  key: string;
  attempts: number;
  windowEndsAt: Date;
}

/** Sign-in attempts per key (user name, address) in fixed windows. */
export interface LoginAttemptStore {
  /** Counts one attempt against each key, atomically; each key's count and window end. */
  count(keys: string[], now: Date, windowMs: number): Promise<AttemptCount[]>;
  /** A successful sign-in: the user name starts afresh, and the address gets its attempt back. */
  forgive(userKey: string, addressKey: string): Promise<void>;
  prune(before: Date): Promise<void>;
}

/** A machine or call centre that sends alarms with its own API key (stored as a digest). */
export interface AlarmSourceRecord {
  id: string;
  name: string;
  ratePerMinute: number;
  maxBodyBytes: number;
}

export interface AlarmSourceStore {
  byKeyDigest(keyDigest: string): Promise<AlarmSourceRecord | null>;
  /** Which of these source ids exist. */
  existing(ids: readonly string[]): Promise<Set<string>>;
}
