package org.gmdb.mailstore;

import org.gmdb.mailstore.testing.JobServerKind;

/** The replica worker's scenarios on Debian's gearmand 1.1.20. */
class ReplicaWorkerIT extends ReplicaWorkerScenarios {

    ReplicaWorkerIT() {
        super(JobServerKind.GEARMAND);
    }
}
