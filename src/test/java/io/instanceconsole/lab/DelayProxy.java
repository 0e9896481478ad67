package io.instanceconsole.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that adds latency: every byte that arrives from either side is passed on exactly {@code delay} later,
 * in the order it arrived (a round trip through the proxy costs {@code 2 × delay} more than without it). The kernel of
 * this machine kind has no netem, so the lab's "50 ms RTT" is this proxy in the test JVM, in front of a lab host's sshd:
 * {@code new DelayProxy(127.0.1.1:22 → 127.0.1.1:2222, 25 ms)}.
 *
 * <p>Guarantees: byte order per direction is preserved (one FIFO queue and one writer per direction); a half-close
 * (EOF) is passed on after the same delay; an error on either side closes both sockets of that connection. Each
 * connection uses exactly four virtual threads (a reader and a writer per direction), and a direction holds at most
 * {@value #QUEUED_CHUNKS} chunks of up to {@value #CHUNK} bytes before its reader stops reading (back-pressure, so
 * memory is bounded). The acceptor is one more virtual thread. Bandwidth is not limited. {@link #close()} stops
 * accepting and closes every socket; it does not wait for queued bytes.
 */
public final class DelayProxy implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;
    private static final int QUEUED_CHUNKS = 256;
    private static final Chunk EOF = new Chunk(0, new byte[0]);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    /**
     * Listens on {@code listen} (port 0: any free port, see {@link #address()}) and forwards each accepted connection
     * to {@code target}, delaying both directions by {@code delay}.
     */
    public DelayProxy(InetSocketAddress listen, InetSocketAddress target, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        this.target = target;
        this.delayNanos = delay.toNanos();
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(listen, 50);
        } catch (IOException e) {
            throw new UncheckedIOException("delay proxy cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        acceptor = Thread.ofVirtual().name("delay-proxy-accept-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** A proxy on {@code host:listenPort} in front of {@code host:targetPort}, e.g. a lab host's port 22 → 2222. */
    public static DelayProxy onHost(String host, int listenPort, int targetPort, Duration delay) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return new DelayProxy(new InetSocketAddress(address, listenPort), new InetSocketAddress(address, targetPort), delay);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + host, e);
        }
    }

    /** The address the proxy listens on (with the actual port when it was created with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The delay added to each direction. */
    public Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    /** How many connections the proxy has accepted so far. */
    public int acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("delay proxy " + address() + ": accept failed: " + e.getMessage());
                }
                return;
            }
            accepted.incrementAndGet();
            Thread.ofVirtual().name("delay-proxy-connect-" + client.getPort()).start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        sockets.add(client);
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 10_000);
        } catch (IOException e) {
            closeQuietly(client, upstream);
            return;
        }
        if (closed) {
            closeQuietly(client, upstream);
            return;
        }
        String name = client.getPort() + "-" + target.getPort();
        pipe(client, upstream, "up-" + name);
        pipe(upstream, client, "down-" + name);
    }

    /** One direction: a reader that stamps each chunk with its due time, a writer that passes it on when due. */
    private void pipe(Socket from, Socket to, String name) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        Thread.ofVirtual().name("delay-proxy-read-" + name).start(() -> {
            byte[] buffer = new byte[CHUNK];
            try {
                // not closed when done: closing a socket's stream closes the socket, and the other direction goes on
                InputStream in = from.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0) {
                        queue.put(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                    }
                }
                queue.put(new Chunk(System.nanoTime() + delayNanos, EOF.bytes()));
            } catch (IOException | InterruptedException e) {
                closeQuietly(from, to);
            }
        });
        Thread.ofVirtual().name("delay-proxy-write-" + name).start(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    waitUntil(chunk.dueNanos());
                    if (chunk.bytes() == EOF.bytes()) {
                        to.shutdownOutput();
                        if (from.isOutputShutdown()) { // the other direction has ended too
                            closeQuietly(from, to);
                        }
                        return;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(from, to);
            }
        });
    }

    /** Parks until {@code System.nanoTime()} reaches {@code due}: the delay itself, not a wait for a condition. */
    private static void waitUntil(long due) throws InterruptedException {
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void closeQuietly(Socket... pair) {
        for (Socket socket : pair) {
            try {
                socket.close();
            } catch (IOException | RuntimeException ignored) {
                // closing is best effort
            }
            sockets.remove(socket);
        }
    }

    /** Stops accepting and closes every connection's sockets (their threads then end). */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        acceptor.interrupt();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    @Override
    public String toString() {
        return "DelayProxy[" + address() + " -> " + target + ", " + delay().toMillis() + " ms each way]";
    }
}
