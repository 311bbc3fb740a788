-- Share links, the collaborators they admitted, and server settings set by admins.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.

-- Only the SHA-256 of a link's secret is stored; the secret is shown once at creation.
-- role: READ or WRITE. A link is usable while revoked_at is null and expires_at (if any) is ahead.
create table share_links (
  id           varchar(36)  not null primary key,
  workspace_id varchar(63)  not null references workspaces (id) on delete cascade,
  created_by   varchar(36)  not null references users (id) on delete cascade,
  role         varchar(8)   not null,
  secret_hash  char(64)     not null,
  created_at   timestamp with time zone not null,
  expires_at   timestamp with time zone,
  revoked_at   timestamp with time zone,
  constraint share_links_secret_hash_uk unique (secret_hash)
);
create index share_links_ws_idx on share_links (workspace_id);

-- One row per guest and workspace: the role a link granted them. share_id names the link that
-- admitted them (revoking it removes them); null once that link row is gone.
create table workspace_collaborators (
  workspace_id varchar(63) not null references workspaces (id) on delete cascade,
  user_id      varchar(36) not null references users (id) on delete cascade,
  role         varchar(8)  not null,
  share_id     varchar(36) references share_links (id) on delete set null,
  added_at     timestamp with time zone not null,
  constraint workspace_collaborators_pk primary key (workspace_id, user_id)
);
create index workspace_collaborators_user_idx on workspace_collaborators (user_id);
create index workspace_collaborators_share_idx on workspace_collaborators (share_id);

-- Server-wide settings changed at run time by administrators (e.g. self-registration).
create table server_settings (
  name          varchar(100)  not null primary key,
  setting_value varchar(1000) not null,
  updated_at    timestamp with time zone not null
);
