-- Event ids name content: the SHA-256 of an event's canonical payload (its JSON line as
-- the store writes it, then '\n' and the message bytes for deliver and append) is logged
-- with it, and anti-entropy compares ids and digests. The same id seen with another digest
-- is a conflict: the version with the lowest digest keeps the id in applied_event, every
-- other version is kept here (its message, if any, in message_content under a derived id).

ALTER TABLE applied_event ADD COLUMN sha256 BINARY(32) NULL;

-- Rows logged before this version; a payload over max_allowed_packet stays NULL here and
-- the worker computes it at start.
/* [jooq ignore start] */
UPDATE applied_event e LEFT JOIN message_content c ON c.id = e.content_id
   SET e.sha256 = UNHEX(SHA2(IF(c.raw IS NULL, e.header, CONCAT(e.header, CHAR(10), c.raw)), 256));
/* [jooq ignore stop] */

CREATE TABLE event_conflict (
  id         BINARY(16)   NOT NULL,
  sha256     BINARY(32)   NOT NULL,
  ts         BIGINT       NOT NULL,
  bucket     BIGINT       NOT NULL,
  user_addr  VARCHAR(320) NOT NULL,
  op         VARCHAR(32)  NOT NULL,
  header     LONGBLOB     NOT NULL,
  content_id BINARY(16)   NULL,
  applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id, sha256)
)
/* [jooq ignore start] */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin /* [jooq ignore stop] */;

CREATE INDEX ix_conflict_bucket ON event_conflict (bucket, id);
