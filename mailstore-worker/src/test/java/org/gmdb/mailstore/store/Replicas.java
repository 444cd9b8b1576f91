package org.gmdb.mailstore.store;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A few fresh replica databases for one test class, emptied between tries (DELETE, not TRUNCATE) instead of re-created.
 * As a JUnit extension ({@code @RegisterExtension static final Replicas replicas = ...}) it empties them before each
 * test and drops them after the class; jqwik properties call {@link #truncateAll()} and {@link #close()} themselves.
 */
final class Replicas implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

    private static final String[] TABLES = {"applied_event", "event_conflict", "expunged_uid", "message_flag", "message",
        "message_content", "mailbox_rename", "mailbox", "users"};

    final List<String> names = new ArrayList<>();
    final List<ShardDatabase> dbs = new ArrayList<>();

    Replicas(String prefix, int count) {
        TestDatabases.allowBigPackets();
        for (int i = 0; i < count; i++) {
            String name = TestDatabases.create(prefix + i);
            names.add(name);
            dbs.add(TestDatabases.open(name));
        }
    }

    void truncateAll() {
        for (ShardDatabase db : dbs) {
            // One transaction (one log flush); TRUNCATE would re-create each table, far slower for a few rows.
            db.dsl().transaction(cfg -> {
                DSLContext on = cfg.dsl();
                on.execute("SET FOREIGN_KEY_CHECKS=0");
                try {
                    for (String t : TABLES) {
                        on.execute("DELETE FROM " + t);
                    }
                } finally {
                    on.execute("SET FOREIGN_KEY_CHECKS=1");
                }
            });
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        truncateAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        for (int i = 0; i < dbs.size(); i++) {
            dbs.get(i).close();
            TestDatabases.drop(names.get(i));
        }
    }
}
