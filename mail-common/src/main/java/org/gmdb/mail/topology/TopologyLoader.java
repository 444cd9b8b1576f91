package org.gmdb.mail.topology;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gmdb.mail.route.FunctionNames;

/**
 * Reads and validates the topology file that every component shares.
 *
 * <p>The file is Java properties text in UTF-8 ({@code key = value}, {@code #} comments, the
 * standard escapes and backslash continuations). Keys:
 * <pre>
 * # Where clients and workers connect; one or more, comma-separated.
 * jobservers = 127.0.0.1:4730, 127.0.0.1:4731
 * # Optional, read by job server i (1-based position in jobservers) only:
 * jobserver.1.queue = mysql://root@127.0.0.1:3306/gmdb_queue_1
 * jobserver.1.metrics.port = 9101
 *
 * # Number of shards N; shards 1..N must each list their replicas.
 * shards = 2
 * shard.1.replicas = a, b
 * # The JDBC URL of each replica's database (needed by that replica's worker only):
 * shard.1.replica.a.jdbc = jdbc:mysql://127.0.0.1:3306/gmdb_s1_a?user=root
 * shard.1.replica.b.jdbc = jdbc:mysql://127.0.0.1:3306/gmdb_s1_b?user=root
 * # Optional: the worker's metrics port.
 * shard.1.replica.a.metrics.port = 9201
 * shard.2.replicas = a, b
 * ...
 * </pre>
 * Replica names match {@code [A-Za-z0-9_-]{1,64}}. Every problem is reported at once, with the
 * file and line: a missing file, no job servers, a bad {@code host:port}, {@code shards} not
 * matching the {@code shard.<n>.replicas} entries, a shard with no replicas, a replica named
 * twice, a key given twice, and any unknown key (a typo). A replica without a JDBC URL is an
 * error only for its worker: {@link Topology#requireJdbc(int, String)}.
 *
 * <p>{@link #discover(Path)} finds the file: an explicit {@code --config}, else
 * {@code $GMDB_TOPOLOGY}, else the one a running {@code ./gmdb up} left in
 * {@link GmdbHome#runTopologyFile()}.
 *
 * <p>Caveat: JDBC and queue URLs are checked for form only; nothing connects here.
 */
public final class TopologyLoader {

    /** Environment variable naming a topology file. */
    public static final String ENV_TOPOLOGY = "GMDB_TOPOLOGY";

    static final String JOBSERVERS = "jobservers";
    static final String SHARDS = "shards";
    private static final Pattern JOBSERVER_KEY = Pattern.compile("jobserver\\.([0-9]{1,9})\\.(queue|metrics\\.port)");
    private static final Pattern SHARD_REPLICAS_KEY = Pattern.compile("shard\\.([0-9]{1,9})\\.replicas");
    private static final Pattern REPLICA_KEY = Pattern.compile("shard\\.([0-9]{1,9})\\.replica\\.([^.]+)\\.(jdbc|metrics\\.port)");
    private static final String KNOWN_KEYS = "jobservers, jobserver.<i>.queue, jobserver.<i>.metrics.port, shards, "
            + "shard.<n>.replicas, shard.<n>.replica.<name>.jdbc, shard.<n>.replica.<name>.metrics.port";
    private static final int MAX_LISTED = 10;

    private TopologyLoader() {
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws TopologyException listing every problem ("topology file /x/y not found", ...)
     */
    public static Topology load(Path file) {
        Path path = file.toAbsolutePath().normalize();
        String source = "topology file " + path;
        if (Files.isDirectory(path)) {
            throw new TopologyException(source + " is a directory (expected: a properties file)");
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new TopologyException(source + " not found", e);
        } catch (CharacterCodingException e) {
            throw new TopologyException(source + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new TopologyException(source + ": cannot read it: " + e.getMessage(), e);
        }
        return parse(text, path.toString());
    }

    /**
     * Validates topology text.
     *
     * @param source names the text in messages (a file path)
     * @throws TopologyException listing every problem
     */
    public static Topology parse(String text, String source) {
        return new Parse(source).run(text);
    }

    /** {@link #discover(Path, Map, Path)} with this process's environment and home directory. */
    public static Topology discover(Path explicitConfig) {
        return load(locate(explicitConfig, System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /**
     * Finds and loads the topology: {@code explicitConfig} if given, else {@code $GMDB_TOPOLOGY},
     * else the file a running {@code ./gmdb up} left in {@code $GMDB_HOME/run/topology.properties}.
     */
    public static Topology discover(Path explicitConfig, Map<String, String> env, Path userHome) {
        return load(locate(explicitConfig, env, userHome));
    }

    /**
     * The topology file {@link #discover(Path, Map, Path)} would load.
     *
     * @throws TopologyException if an explicitly named file is missing, or nothing is found
     */
    public static Path locate(Path explicitConfig, Map<String, String> env, Path userHome) {
        if (explicitConfig != null) {
            return requireExists(explicitConfig, "");
        }
        String fromEnv = env.get(ENV_TOPOLOGY);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return requireExists(Path.of(fromEnv), " (from $" + ENV_TOPOLOGY + ")");
        }
        GmdbHome home = GmdbHome.of(env, userHome);
        Path run = home.runTopologyFile();
        if (Files.isRegularFile(run)) {
            return run;
        }
        throw new TopologyException("no running './gmdb up' found: no --config given, $" + ENV_TOPOLOGY
                + " is not set, and " + run + " does not exist (start one with './gmdb up', or pass --config FILE;"
                + " $" + GmdbHome.ENV_HOME + " is " + (env.containsKey(GmdbHome.ENV_HOME) ? home.dir() : "not set, so ~/.gmdb") + ")");
    }

    private static Path requireExists(Path file, String origin) {
        Path path = file.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new TopologyException("topology file " + path + " not found" + origin);
        }
        return path;
    }

    /** One validation pass; collects every problem before failing. */
    private static final class Parse {
        private final String source;
        private final List<String> problems = new ArrayList<>();

        Parse(String source) {
            this.source = source;
        }

        Topology run(String text) {
            List<NumberedProperties.Entry> entries;
            try {
                entries = NumberedProperties.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TopologyException(List.of("topology file " + source + " " + e.getMessage()), e);
            }
            Map<String, NumberedProperties.Entry> byKey = unique(entries);

            List<NumberedProperties.Entry> jobServerKeys = new ArrayList<>();
            Map<Integer, NumberedProperties.Entry> replicaLists = new TreeMap<>();
            List<NumberedProperties.Entry> replicaKeys = new ArrayList<>();
            for (var e : byKey.values()) {
                if (e.key().equals(JOBSERVERS) || e.key().equals(SHARDS)) {
                    continue;
                } else if (JOBSERVER_KEY.matcher(e.key()).matches()) {
                    jobServerKeys.add(e);
                } else if (SHARD_REPLICAS_KEY.matcher(e.key()).matches()) {
                    var m = SHARD_REPLICAS_KEY.matcher(e.key());
                    m.matches();
                    replicaLists.put(Integer.parseInt(m.group(1)), e);
                } else if (REPLICA_KEY.matcher(e.key()).matches()) {
                    replicaKeys.add(e);
                } else {
                    problem(e.line(), "unknown key '" + e.key() + "' (expected one of: " + KNOWN_KEYS + ")");
                }
            }

            List<JobServer> jobServers = jobServers(byKey.get(JOBSERVERS), jobServerKeys);
            int shardCount = shardCount(byKey.get(SHARDS));
            List<Shard> shards = shards(shardCount, byKey.get(SHARDS), replicaLists, replicaKeys);
            if (!problems.isEmpty()) {
                throw new TopologyException(problems, null);
            }
            return new Topology(source, jobServers, shards);
        }

        private Map<String, NumberedProperties.Entry> unique(List<NumberedProperties.Entry> entries) {
            Map<String, NumberedProperties.Entry> byKey = new LinkedHashMap<>();
            for (var e : entries) {
                var first = byKey.putIfAbsent(e.key(), e);
                if (first != null) {
                    problem(e.line(), "'" + e.key() + "' is set again (first on line " + first.line() + ")");
                }
            }
            return byKey;
        }

        private List<JobServer> jobServers(NumberedProperties.Entry list, List<NumberedProperties.Entry> keys) {
            List<HostPort> addresses = new ArrayList<>();
            int declared = -1; // how many entries the list has, for jobserver.<i> keys; -1: unknown
            if (list == null) {
                problem(0, "'jobservers' is missing (expected: jobservers = host:port[, host:port ...])");
            } else {
                List<String> items = splitList(list.value());
                declared = items.isEmpty() ? -1 : items.size();
                if (items.isEmpty()) {
                    problem(list.line(), "jobservers is empty (expected: jobservers = host:port[, host:port ...])");
                }
                for (String item : items) {
                    try {
                        HostPort address = HostPort.parse(item);
                        if (addresses.contains(address)) {
                            problem(list.line(), "jobservers lists " + address + " twice");
                        } else {
                            addresses.add(address);
                        }
                    } catch (IllegalArgumentException e) {
                        problem(list.line(), "jobservers: " + e.getMessage());
                    }
                }
            }
            Map<Integer, String> queues = new HashMap<>();
            Map<Integer, Integer> metricsPorts = new HashMap<>();
            for (var e : keys) {
                Matcher m = JOBSERVER_KEY.matcher(e.key());
                m.matches();
                int index = number(e, m.group(1), "job server", declared);
                if (index < 0) {
                    continue;
                }
                if (m.group(2).equals("queue")) {
                    if (e.value().isBlank()) {
                        problem(e.line(), e.key() + " is empty (expected: a queue URL mysql://user[:password]@host[:port]/database, or no key for an in-memory queue)");
                    } else {
                        queues.put(index, e.value().strip());
                    }
                } else {
                    port(e).ifPresent(p -> metricsPorts.put(index, p));
                }
            }
            List<JobServer> jobServers = new ArrayList<>();
            for (int i = 0; i < addresses.size(); i++) {
                int index = i + 1;
                jobServers.add(new JobServer(index, addresses.get(i), Optional.ofNullable(queues.get(index)),
                        metricsPorts.containsKey(index) ? OptionalInt.of(metricsPorts.get(index)) : OptionalInt.empty()));
            }
            return jobServers;
        }

        /** The declared shard count, or -1 if missing or invalid (already reported). */
        private int shardCount(NumberedProperties.Entry shards) {
            if (shards == null) {
                problem(0, "'shards' is missing (expected: shards = <number of shards, >= 1>)");
                return -1;
            }
            try {
                int n = Integer.parseInt(shards.value().strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with the value
            }
            problem(shards.line(), "shards = '" + shards.value() + "' (expected: a whole number >= 1)");
            return -1;
        }

        private List<Shard> shards(int shardCount, NumberedProperties.Entry shardsEntry,
                                   Map<Integer, NumberedProperties.Entry> replicaLists,
                                   List<NumberedProperties.Entry> replicaKeys) {
            // shard -> replica names in order, for the shards whose list is valid
            Map<Integer, List<String>> names = new TreeMap<>();
            Map<Integer, NumberedProperties.Entry> listEntries = new HashMap<>();
            for (var e : replicaLists.values()) {
                Matcher m = SHARD_REPLICAS_KEY.matcher(e.key());
                m.matches();
                int shard = number(e, m.group(1), "shard", shardCount);
                if (shard < 0) {
                    continue;
                }
                listEntries.put(shard, e);
                List<String> items = splitList(e.value());
                if (items.isEmpty()) {
                    problem(e.line(), e.key() + " is empty (expected: at least one replica name, e.g. a, b)");
                    continue;
                }
                List<String> valid = new ArrayList<>();
                for (String name : items) {
                    if (!FunctionNames.isValidReplicaName(name)) {
                        problem(e.line(), e.key() + ": replica name '" + name + "' (expected: " + FunctionNames.REPLICA_NAME.pattern() + ")");
                    } else if (valid.contains(name)) {
                        problem(e.line(), e.key() + " names replica '" + name + "' twice");
                    } else {
                        valid.add(name);
                    }
                }
                names.put(shard, valid);
            }
            if (shardCount > 0) {
                List<String> missing = new ArrayList<>();
                for (int n = 1; n <= shardCount; n++) {
                    if (!listEntries.containsKey(n)) {
                        missing.add("shard." + n + ".replicas");
                    }
                }
                if (!missing.isEmpty()) {
                    problem(shardsEntry.line(), "shards = " + shardCount + " but " + listed(missing)
                            + (missing.size() == 1 ? " is" : " are") + " missing");
                }
            }

            Map<String, String> jdbc = new HashMap<>();
            Map<String, Integer> metricsPorts = new HashMap<>();
            for (var e : replicaKeys) {
                Matcher m = REPLICA_KEY.matcher(e.key());
                m.matches();
                int shard = number(e, m.group(1), "shard", shardCount);
                String name = m.group(2);
                if (shard < 0) {
                    continue;
                }
                List<String> known = names.get(shard);
                if (known == null) {
                    if (listEntries.containsKey(shard)) {
                        continue; // its list is broken, already reported
                    }
                    problem(e.line(), e.key() + ": shard." + shard + ".replicas is missing, so replica '" + name + "' is unknown");
                    continue;
                }
                if (!known.contains(name)) {
                    problem(e.line(), e.key() + ": shard " + shard + " has no replica '" + name + "' (shard." + shard
                            + ".replicas = " + String.join(", ", known) + " on line " + listEntries.get(shard).line() + ")");
                    continue;
                }
                String id = shard + "." + name;
                if (m.group(3).equals("jdbc")) {
                    String url = e.value().strip();
                    if (!url.startsWith("jdbc:")) {
                        problem(e.line(), e.key() + " = '" + url + "' (expected: a JDBC URL such as jdbc:mysql://host:3306/db?user=u)");
                    } else {
                        jdbc.put(id, url);
                    }
                } else {
                    port(e).ifPresent(p -> metricsPorts.put(id, p));
                }
            }

            List<Shard> shards = new ArrayList<>();
            if (shardCount > 0 && names.size() == shardCount && problems.isEmpty()) {
                for (var s : names.entrySet()) {
                    List<Replica> replicas = new ArrayList<>();
                    for (String name : s.getValue()) {
                        String id = s.getKey() + "." + name;
                        replicas.add(new Replica(s.getKey(), name, Optional.ofNullable(jdbc.get(id)),
                                metricsPorts.containsKey(id) ? OptionalInt.of(metricsPorts.get(id)) : OptionalInt.empty()));
                    }
                    shards.add(new Shard(s.getKey(), replicas));
                }
            }
            return shards;
        }

        /**
         * The 1-based number in a key, or -1 after reporting why it is out of range.
         * {@code count} < 0 means the count itself was invalid, so only the form is checked.
         */
        private int number(NumberedProperties.Entry e, String digits, String what, int count) {
            int n = Integer.parseInt(digits);
            String expected = count > 0 ? "1.." + count : ">= 1";
            if (n < 1 || !String.valueOf(n).equals(digits)) {
                problem(e.line(), e.key() + ": " + what + " number '" + digits + "' (expected: " + expected + ", no leading zeros)");
                return -1;
            }
            if (count >= 0 && n > count) {
                String declared = what.equals("shard") ? "shards = " + count : "jobservers lists " + count;
                problem(e.line(), e.key() + ": there is no " + what + " " + n + " (" + declared + ")");
                return -1;
            }
            return n;
        }

        private OptionalInt port(NumberedProperties.Entry e) {
            try {
                int port = Integer.parseInt(e.value().strip());
                if (port >= HostPort.MIN_PORT && port <= HostPort.MAX_PORT) {
                    return OptionalInt.of(port);
                }
            } catch (NumberFormatException ignored) {
                // reported below, with the value
            }
            problem(e.line(), e.key() + " = '" + e.value() + "' (expected: a port " + HostPort.MIN_PORT + ".." + HostPort.MAX_PORT + ")");
            return OptionalInt.empty();
        }

        private void problem(int line, String message) {
            problems.add("topology file " + source + (line > 0 ? " line " + line : "") + ": " + message);
        }
    }

    private static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private static String listed(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, MAX_LISTED)) + " and " + (items.size() - MAX_LISTED) + " more";
    }
}
