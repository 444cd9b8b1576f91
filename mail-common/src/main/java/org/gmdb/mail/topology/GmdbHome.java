package org.gmdb.mail.topology;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The directory where a local {@code ./gmdb up} keeps its state: {@code $GMDB_HOME}, by default
 * {@code ~/.gmdb}. A running {@code up} writes its topology to {@code run/topology.properties}
 * there, which is how {@code ./gmdb deliver}, {@code list} etc. find it without options; the
 * embedded MariaDB keeps its data under {@code mariadb/}.
 *
 * <p>Caveat: nothing here creates the directories; whoever writes there does.
 */
public record GmdbHome(Path dir) {

    /** Environment variable naming the home directory. */
    public static final String ENV_HOME = "GMDB_HOME";
    /** Default home, under the user's home directory. */
    public static final String DEFAULT_DIR_NAME = ".gmdb";

    public GmdbHome {
        Objects.requireNonNull(dir, "dir");
    }

    /** From {@code $GMDB_HOME}, else {@code ~/.gmdb}. */
    public static GmdbHome fromEnvironment() {
        return of(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** From {@code env}'s {@code GMDB_HOME} if set and not blank, else {@code userHome/.gmdb}. */
    public static GmdbHome of(Map<String, String> env, Path userHome) {
        String home = env.get(ENV_HOME);
        if (home != null && !home.isBlank()) {
            return new GmdbHome(Path.of(home).toAbsolutePath().normalize());
        }
        return new GmdbHome(userHome.resolve(DEFAULT_DIR_NAME).toAbsolutePath().normalize());
    }

    /** State of the running {@code up}: {@code $GMDB_HOME/run}. */
    public Path runDir() {
        return dir.resolve("run");
    }

    /** Where a running {@code up} leaves its topology: {@code $GMDB_HOME/run/topology.properties}. */
    public Path runTopologyFile() {
        return runDir().resolve("topology.properties");
    }

    /** Data directory of the embedded MariaDB: {@code $GMDB_HOME/mariadb}. */
    public Path mariadbDir() {
        return dir.resolve("mariadb");
    }
}
