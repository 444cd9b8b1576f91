-- One replica of one mail shard. Logical state (what replicas must agree on) is kept
-- apart from replica-local IMAP numbering (UIDVALIDITY, UID, MODSEQ), which each replica
-- assigns itself as it applies events.
-- Stamps: (ts, eid) = (event timestamp in epoch millis, 16-byte UUIDv7 event id);
-- last-writer-wins compares them in that order.

CREATE TABLE users (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  address    VARCHAR(320) NOT NULL,           -- lower-cased by the writer
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  CONSTRAINT uk_users_address UNIQUE (address)
)
/* [jooq ignore start] */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /* [jooq ignore stop] */;

-- A mailbox name of one user. The row outlives a delete: "listed" is derived from the
-- two max-registers touch (create, deliver, move, rename target) and deleted
-- (delete, rename source), plus whether a visible message is in it.
CREATE TABLE mailbox (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  user_id       BIGINT       NOT NULL,
  name          VARCHAR(500) NOT NULL,
  uidvalidity   BIGINT       NOT NULL,        -- replica-local
  uidnext       BIGINT       NOT NULL,        -- replica-local, only grows
  highestmodseq BIGINT       NOT NULL,        -- replica-local, grows on every change
  touch_ts      BIGINT       NULL,
  touch_eid     BINARY(16)   NULL,
  deleted_ts    BIGINT       NULL,
  deleted_eid   BINARY(16)   NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_mailbox_user_name UNIQUE (user_id, name),
  CONSTRAINT fk_mailbox_user FOREIGN KEY (user_id) REFERENCES users (id)
)
/* [jooq ignore start] */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /* [jooq ignore stop] */;

-- Every rename ever applied: placements are resolved through them by stamp, so a move or
-- deliver that arrives after a later rename still lands where a serial run would put it.
CREATE TABLE mailbox_rename (
  event_id  BINARY(16)   NOT NULL,
  user_id   BIGINT       NOT NULL,
  from_name VARCHAR(500) NOT NULL,
  to_name   VARCHAR(500) NOT NULL,
  ts        BIGINT       NOT NULL,
  PRIMARY KEY (event_id),
  CONSTRAINT fk_rename_user FOREIGN KEY (user_id) REFERENCES users (id)
)
/* [jooq ignore start] */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /* [jooq ignore stop] */;

CREATE INDEX ix_rename_from ON mailbox_rename (user_id, from_name, ts);

-- The bytes of a message exactly as received, keyed by the event id of the deliver or
-- append that brought them; copies share them. Header fields are what could be parsed
-- (NULL when the MIME was too broken), truncated to fit.
CREATE TABLE message_content (
  id             BINARY(16)    NOT NULL,
  size           BIGINT        NOT NULL,
  sha256         BINARY(32)    NOT NULL,
  raw            LONGBLOB      NOT NULL,
  hdr_from       VARCHAR(1000) NULL,
  hdr_to         VARCHAR(2000) NULL,
  hdr_cc         VARCHAR(2000) NULL,
  hdr_subject    VARCHAR(1000) NULL,
  hdr_date       BIGINT        NULL,           -- Date: header, epoch millis
  hdr_message_id VARCHAR(500)  NULL,
  PRIMARY KEY (id)
)
/* [jooq ignore start] */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /* [jooq ignore stop] */;

CREATE INDEX ix_content_message_id ON message_content (hdr_message_id);

-- One message of one user, identified by the event id that created it (deliver, append,
-- copy). The row may exist before its content (a move, flag or expunge that arrived
-- first). The placement is one last-writer-wins register: a mailbox name or "expunged".
-- mailbox_id/uid/modseq are replica-local and set only while the message is visible
-- (has content and is not expunged).
CREATE TABLE message (
  user_id        BIGINT       NOT NULL,
  id             BINARY(16)   NOT NULL,
  content_id     BINARY(16)   NULL,
  copy_of        BINARY(16)   NULL,            -- source message of a copy
  internal_date  BIGINT       NULL,            -- epoch millis
  place_name     VARCHAR(500) NULL,            -- as written by the winning event
  place_expunged BOOLEAN      NOT NULL DEFAULT FALSE,
  place_ts       BIGINT       NULL,
  place_eid      BINARY(16)   NULL,
  mailbox_id     BIGINT       NULL,            -- effective mailbox (after renames)
  uid            BIGINT       NULL,
  modseq         BIGINT       NULL,
  PRIMARY KEY (user_id, id),
  CONSTRAINT uk_message_mailbox_uid UNIQUE (mailbox_id, uid),
  CONSTRAINT fk_message_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_message_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id)
)
/* [jooq ignore start] */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /* [jooq ignore stop] */;

CREATE INDEX ix_message_mailbox_modseq ON message (mailbox_id, modseq);
CREATE INDEX ix_message_copy_of ON message (user_id, copy_of);
CREATE INDEX ix_message_content ON message (content_id);

-- A flag or keyword of a message, last-writer-wins per (message, flag); a cleared flag
-- keeps its row so that an older "set" arriving later loses.
CREATE TABLE message_flag (
  user_id    BIGINT       NOT NULL,
  message_id BINARY(16)   NOT NULL,
  flag       VARCHAR(250) NOT NULL,
  is_set     BOOLEAN      NOT NULL,
  ts         BIGINT       NOT NULL,
  eid        BINARY(16)   NOT NULL,
  PRIMARY KEY (user_id, message_id, flag),
  CONSTRAINT fk_flag_user FOREIGN KEY (user_id) REFERENCES users (id)
)
/* [jooq ignore start] */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /* [jooq ignore stop] */;

-- IMAP view of removals: a UID that left a mailbox (expunge, move away, rename) and the
-- MODSEQ at which it left, so "what changed since MODSEQ n" (QRESYNC) is answerable.
CREATE TABLE expunged_uid (
  mailbox_id BIGINT     NOT NULL,
  uid        BIGINT     NOT NULL,
  modseq     BIGINT     NOT NULL,
  message_id BINARY(16) NOT NULL,
  PRIMARY KEY (mailbox_id, uid),
  CONSTRAINT fk_expunged_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id)
)
/* [jooq ignore start] */ ENGINE=InnoDB /* [jooq ignore stop] */;

CREATE INDEX ix_expunged_modseq ON expunged_uid (mailbox_id, modseq);

-- Every event applied, with its payload, for idempotence and anti-entropy. The JSON line
-- is kept here; a message's bytes are kept once, in message_content (content_id).
-- bucket = ts / 3600000 (the hour of the event), the unit of digest comparison.
CREATE TABLE applied_event (
  id         BINARY(16)   NOT NULL,
  ts         BIGINT       NOT NULL,
  bucket     BIGINT       NOT NULL,
  user_addr  VARCHAR(320) NOT NULL,
  op         VARCHAR(32)  NOT NULL,
  header     LONGBLOB     NOT NULL,
  content_id BINARY(16)   NULL,
  applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id)
)
/* [jooq ignore start] */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /* [jooq ignore stop] */;

CREATE INDEX ix_event_bucket ON applied_event (bucket, id);
