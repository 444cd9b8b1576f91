package org.gmdb.jobserver.compat.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.OptionalLong;

/**
 * Our job server started inside the test JVM through
 * {@code JobServer.start(JobServerConfig.builder().listen(..).port(..).jobRetries(..).build())}.
 * Starts in milliseconds, so every differential scenario gets a fresh one.
 *
 * <p>Caveat: bound by reflection, so that these tests compile while the server's API is
 * still moving; a renamed method shows up as a clear start failure, not as a broken build.
 * No persistent queue here: tests with MySQL use {@link OurServerProcess}.
 */
public final class OurServerInProcess implements PeerServer {

    public static final String SERVER_CLASS = "org.gmdb.jobserver.JobServer";
    public static final String CONFIG_CLASS = "org.gmdb.jobserver.JobServerConfig";

    private final PeerOptions options;
    private Object server;
    private int port;

    public OurServerInProcess(PeerOptions options) {
        if (options.mysqlDatabase() != null) {
            throw new IllegalArgumentException("the in-process peer has no MySQL queue; use OurServerProcess");
        }
        this.options = options;
    }

    /** Whether the server classes are on the test classpath yet. */
    public static boolean available() {
        try {
            Class.forName(SERVER_CLASS, false, OurServerInProcess.class.getClassLoader());
            Class.forName(CONFIG_CLASS, false, OurServerInProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public boolean isGearmand() {
        return false;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("ours already runs on " + port);
        }
        try {
            Class<?> configClass = Class.forName(CONFIG_CLASS);
            Object builder = configClass.getMethod("builder").invoke(null);
            builder = call(builder, "listen", host());
            builder = call(builder, "port", port);
            builder = call(builder, "jobRetries", options.jobRetries());
            Object config = builder.getClass().getMethod("build").invoke(builder);
            server = Class.forName(SERVER_CLASS).getMethod("start", configClass).invoke(null, config);
            port = (Integer) server.getClass().getMethod("port").invoke(server);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("JobServer.start failed on port " + port, e.getCause());
        } catch (ReflectiveOperationException | java.net.UnknownHostException e) {
            throw new IllegalStateException("JobServer API differs from what the compat tests expect: " + e, e);
        }
    }

    /** Calls a one-argument builder method, whatever numeric or text type it declares. */
    private static Object call(Object builder, String method, Object argument)
            throws ReflectiveOperationException, java.net.UnknownHostException {
        for (Method candidate : builder.getClass().getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == 1) {
                Class<?> type = candidate.getParameterTypes()[0];
                Object value = argument;
                if (argument instanceof Integer number && (type == long.class || type == Long.class)) {
                    value = number.longValue();
                } else if (type == java.net.InetAddress.class) {
                    value = java.net.InetAddress.getByName((String) argument);
                }
                Object result = candidate.invoke(builder, value);
                return result == null ? builder : result;
            }
        }
        throw new NoSuchMethodException(builder.getClass().getName() + "." + method + "(1 argument)");
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.getClass().getMethod("close").invoke(server);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("JobServer.close failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JobServer has no close()", e);
        } finally {
            server = null;
        }
    }

    @Override
    public void kill() {
        stop();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public String logTail() {
        return "(in-process: see the test output)";
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ours(in-process)@" + address();
    }
}
