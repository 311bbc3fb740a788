-- Audit log of sign-ins (form login): who tried, when, from which client address, and how it
-- ended. Admins read it on the Sign-ins page and at GET /api/users/sign-ins.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.

-- username: as typed (trimmed, at most 64 characters), also for names that do not exist.
-- user_id: the account when the name exists (null otherwise, or once the account is deleted).
-- outcome: SUCCESS, FAILURE (wrong name or password) or THROTTLED (refused unchecked: too many
-- failures, see atelier.throttle.*).
create table sign_in_events (
  id         varchar(36)  not null primary key,
  at         timestamp with time zone not null,
  username   varchar(64)  not null,
  user_id    varchar(36) references users (id) on delete set null,
  address    varchar(64)  not null,
  outcome    varchar(16)  not null
);
create index sign_in_events_at_idx on sign_in_events (at);
