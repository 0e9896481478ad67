package io.instanceconsole.lab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The delay proxy against an echo server on 127.0.0.1 (no lab needed): added round trip, byte order, EOF, close. */
class DelayProxyTest {
    private static final Duration ONE_WAY = Duration.ofMillis(25);

    private ServerSocket echo;
    private Thread echoThread;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stopEchoServer() throws IOException {
        echo.close();
        echoThread.interrupt();
    }

    private DelayProxy proxy() {
        return new DelayProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()), ONE_WAY);
    }

    @Test
    void everyRoundTripTakesTwiceTheDelayAndEveryByteComesBackInOrder() throws IOException {
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(payload);
        try (DelayProxy proxy = proxy(); Socket client = new Socket(proxy.address().getAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();

            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                out.write(round);
                out.flush();
                assertThat(in.read()).isEqualTo(round);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ONE_WAY.multipliedBy(2));
            }

            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int off = 0; off < payload.length; off += 1000) {
                        out.write(payload, off, Math.min(1000, payload.length - off));
                    }
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] back = in.readAllBytes(); // ends when the echo server's EOF has come through the proxy
            writer.interrupt();
            assertThat(back.length).isEqualTo(payload.length);
            assertThat(Arrays.equals(back, payload)).as("bytes in the order sent").isTrue();
            assertThat(proxy.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void closeEndsOpenConnections() throws IOException {
        DelayProxy proxy = proxy();
        try (Socket client = new Socket(proxy.address().getAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(1);
            assertThat(client.getInputStream().read()).isEqualTo(1);

            proxy.close();

            assertThat(client.getInputStream().read()).as("EOF after close").isEqualTo(-1);
        }
    }
}
