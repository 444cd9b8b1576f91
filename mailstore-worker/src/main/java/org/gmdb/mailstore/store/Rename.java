package org.gmdb.mailstore.store;

import java.util.List;
import org.gmdb.mail.event.Stamp;

/** An applied mailbox rename, and the rule that resolves a placement through all of them. */
record Rename(String from, String to, Stamp stamp) {

    /**
     * Where a placement of {@code name} made at {@code stamp} ends up: follow the earliest
     * rename of that name after the stamp, then the earliest rename of the new name after
     * that rename, and so on; this is where a serial run in stamp order would put it.
     * Terminates because each step moves to a strictly later stamp.
     */
    static String resolve(List<Rename> renames, String name, Stamp stamp) {
        String current = name;
        Stamp at = stamp;
        while (true) {
            Rename next = null;
            for (Rename r : renames) {
                if (r.from.equals(current) && r.stamp.compareTo(at) > 0
                        && (next == null || r.stamp.compareTo(next.stamp) < 0)) {
                    next = r;
                }
            }
            if (next == null) {
                return current;
            }
            current = next.to;
            at = next.stamp;
        }
    }
}
