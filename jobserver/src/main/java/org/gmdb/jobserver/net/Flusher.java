package org.gmdb.jobserver.net;

import io.netty.channel.EventLoop;
import java.util.ArrayList;

/**
 * Flushes the connections written to, once per turn of the engine's event loop, so that a
 * burst of packets (a read batch, a wake-up of many workers) costs one syscall per socket.
 * Also remembers which connection's input is being handled, so that a write that fills a
 * slow receiver's buffer can pause the sender (see {@link NetPeer}).
 */
final class Flusher implements Runnable {

    private final EventLoop loop;
    private ArrayList<NetPeer> dirty = new ArrayList<>();
    private ArrayList<NetPeer> spare = new ArrayList<>();
    private boolean scheduled;
    /** The connection whose request is being handled, or null (timers, queue completions). */
    NetPeer source;

    Flusher(EventLoop loop) {
        this.loop = loop;
    }

    void add(NetPeer peer) {
        dirty.add(peer);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        ArrayList<NetPeer> batch = dirty;
        dirty = spare;
        for (NetPeer peer : batch) {
            peer.flushNow();
        }
        batch.clear();
        spare = batch;
    }
}
