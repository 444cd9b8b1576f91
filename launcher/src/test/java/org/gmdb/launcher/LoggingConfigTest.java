package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The gmdb command's logging (slf4j-simple, configured by its simplelogger.properties). */
class LoggingConfigTest {

    @Test
    void shouldQuietenOnlyJooqsServerVersionCheck() {
        assertFalse(LoggerFactory.getLogger("org.jooq.impl.DefaultExecuteContext.logVersionSupport").isWarnEnabled());
        assertTrue(LoggerFactory.getLogger("org.jooq.impl.DefaultExecuteContext").isWarnEnabled());
        assertTrue(LoggerFactory.getLogger("org.jooq.impl.DefaultExecuteContext.logDefaultDialect").isWarnEnabled());
        assertFalse(LoggerFactory.getLogger("org.jooq.Constants").isInfoEnabled());
    }
}
