package org.gmdb.gearman;

import java.time.Duration;
import java.util.List;

/** What {@link ConnectionBuilder} collected, checked: the settings a client and a worker share. */
public record ConnectionSettings(List<ServerAddress> servers, Duration connectTimeout, Duration backoffInitial,
                                 Duration backoffMax, String clientId, int ioThreads, int maxPayload) {
}
