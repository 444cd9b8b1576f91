package org.gmdb.gearman;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;

/**
 * The socket layer under the event loops. Netty's native epoll costs fewer syscalls and less
 * garbage per turn than the JDK selector (no selected-key set, no select timeout rounded to a
 * millisecond), so it is taken wherever its library loads: Linux on x86_64 or aarch64.
 */
public enum Transport {
    /** epoll when available, else NIO. */
    AUTO,
    /** Netty's native epoll; refused at start where it does not load. */
    EPOLL,
    /** The JDK's selector: portable. */
    NIO;

    /** What {@link #AUTO} stands for on this machine; any other value as it is. */
    public Transport resolve() {
        if (this == AUTO) {
            return Epoll.isAvailable() ? EPOLL : NIO;
        }
        if (this == EPOLL && !Epoll.isAvailable()) {
            throw new IllegalStateException("the epoll transport is not available here: " + Epoll.unavailabilityCause());
        }
        return this;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return switch (resolve()) {
            case EPOLL -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (resolve()) {
            case EPOLL -> EpollServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (resolve()) {
            case EPOLL -> EpollSocketChannel.class;
            default -> NioSocketChannel.class;
        };
    }

    /** Parses {@code auto}, {@code epoll} or {@code nio}, in any case. */
    public static Transport of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport '" + name + "' (expected: auto, epoll or nio)", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
