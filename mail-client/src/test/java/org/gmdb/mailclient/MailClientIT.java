package org.gmdb.mailclient;

/** The end-to-end scenarios on our job server, in this JVM. */
class MailClientIT extends EndToEndScenarios {

    @Override
    MailStoreCluster.JobServerKind jobServer() {
        return MailStoreCluster.JobServerKind.OURS;
    }
}
