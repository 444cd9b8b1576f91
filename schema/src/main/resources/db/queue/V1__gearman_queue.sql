-- The job server's persistent queue: one row per background job, written before the
-- client gets JOB_CREATED and deleted when the job ends.
-- Keyed by an internal id, not by (unique, function): two background jobs with an empty
-- unique for one function are two rows (gearmand's MySQL queue refuses the second).
CREATE TABLE gearman_queue (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  unique_key    VARBINARY(64) NOT NULL,
  function_name VARBINARY(8192) NOT NULL,
  priority      TINYINT       NOT NULL,   -- 0 high, 1 normal, 2 low (gearmand's numbers)
  data          LONGBLOB      NOT NULL,
  when_to_run   BIGINT        NOT NULL,   -- 0, or unix seconds
  reducer       VARBINARY(8192) NULL,     -- SUBMIT_REDUCE_JOB_BACKGROUND only
  created_at    TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id)
)
/* [jooq ignore start] */ ENGINE=InnoDB /* [jooq ignore stop] */;
