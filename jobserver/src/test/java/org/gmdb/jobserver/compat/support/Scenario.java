package org.gmdb.jobserver.compat.support;

/** A scripted conversation with one job server; run once per peer by {@link Differential}. */
@FunctionalInterface
public interface Scenario {
    void run(Script script) throws Exception;
}
