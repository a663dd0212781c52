package io.fer.schemas.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports that are free right now, for processes this JVM is about to start. All sockets of one call are held
 * open together before any is closed: asking one port at a time may give the same port twice, since the kernel hands
 * a just-closed ephemeral port out again.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** {@code count} distinct ports, free at the moment of the call. */
    public static int[] distinct(int count) {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on this machine", e);
        } finally {
            held.forEach(FreePorts::closeQuietly);
        }
    }

    /** One port free at the moment of the call; ask for all ports a process needs in one {@link #distinct} call. */
    public static int one() {
        return distinct(1)[0];
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port is released either way when this JVM lets go of the socket
        }
    }
}
