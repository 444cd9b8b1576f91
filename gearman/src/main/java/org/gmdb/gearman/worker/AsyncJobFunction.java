package org.gmdb.gearman.worker;

import java.util.concurrent.CompletionStage;

/**
 * A job function that answers later, for workers that batch jobs (for example one database
 * transaction for many events). Called on the job executor; the job keeps its concurrency
 * slot until the stage completes, with the same outcome rules as {@link JobFunction}.
 *
 * <p>Caveat: a stage that never completes holds its slot for good (and the server keeps
 * the job assigned unless a CAN_DO_TIMEOUT was registered).
 */
@FunctionalInterface
public interface AsyncJobFunction {

    CompletionStage<byte[]> run(Job job) throws Exception;
}
