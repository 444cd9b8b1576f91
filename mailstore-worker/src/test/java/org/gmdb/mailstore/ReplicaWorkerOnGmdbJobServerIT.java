package org.gmdb.mailstore;

import org.gmdb.mailstore.testing.JobServerKind;

/** The replica worker's scenarios on our own job server, in-process. */
class ReplicaWorkerOnGmdbJobServerIT extends ReplicaWorkerScenarios {

    ReplicaWorkerOnGmdbJobServerIT() {
        super(JobServerKind.GMDB);
    }
}
