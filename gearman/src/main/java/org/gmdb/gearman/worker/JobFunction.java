package org.gmdb.gearman.worker;

/**
 * The code a worker runs for one function. Runs on the worker's job executor, so it may
 * block (JDBC, files). Returning sends WORK_COMPLETE with the bytes (null sends empty data);
 * throwing {@link org.gmdb.gearman.GearmanJobFailedException} sends WORK_FAIL; throwing
 * anything else sends WORK_EXCEPTION with the exception's message (clients without the
 * {@code exceptions} option then see WORK_FAIL).
 */
@FunctionalInterface
public interface JobFunction {

    byte[] run(Job job) throws Exception;
}
