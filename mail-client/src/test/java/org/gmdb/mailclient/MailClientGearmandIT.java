package org.gmdb.mailclient;

/** The end-to-end scenarios on Debian's gearmand: any Gearman job server must carry the store. */
class MailClientGearmandIT extends EndToEndScenarios {

    @Override
    MailStoreCluster.JobServerKind jobServer() {
        return MailStoreCluster.JobServerKind.GEARMAND;
    }
}
